import Foundation
import Testing

/// The clients people already have: the forum's Python 2 script, telnet and nc.
@Suite(.hangLimit)
struct ClientCompatibilityTests {
    static let python2 = ChildProcess.find([
        "/root/.pyenv/versions/2.7.18/bin/python", "/usr/bin/python2.7", "/usr/bin/python2",
    ])

    /// The forum client with only its HOST and PORT lines replaced (see shared/fixtures).
    static func forumClient(port: Int) throws -> URL {
        let fixture = TestServer.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures/forum_client_py2.py")
        let original = try String(contentsOf: fixture, encoding: .utf8)
        var replaced = 0
        let lines = original.components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix("HOST = ") {
                replaced += 1
                return "HOST = \"127.0.0.1\""
            }
            if line.hasPrefix("PORT = ") {
                replaced += 1
                return "PORT = \(port)"
            }
            return line
        }
        guard replaced == 2 else { throw TestFailure("the fixture's HOST/PORT lines were not found") }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("forum_client_\(port).py")
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func theForumClientUnderPython27() throws {
        let server = try TestServer()
        let script = try Self.forumClient(port: server.port)
        defer { try? FileManager.default.removeItem(at: script) }
        let python2 = try #require(Self.python2, "Python 2.7 is needed (pyenv 2.7.18; .ci/run checks for it)")
        let client = try ChildProcess(python2, [script.path], environment: ["PYTHONUNBUFFERED": "1"])
        try client.expectOutput("Cmd to send: ")
        // The client's reader thread prints "IN >>> ", then the reply, in separate writes that
        // its main thread's prompt can land between; so the reply is looked for on its own.
        client.type("=4+5\n")
        try client.expectOutput("9\n")
        client.type("=SCENE.CurrentActor().Name()\n")
        try client.expectOutput("Hip\n")
        client.type("x = 41\n")
        // exec answers nothing; give the packet time to arrive on its own.
        Thread.sleep(forTimeInterval: 0.3)
        client.type("=x+1\n")
        try client.expectOutput("42\n")
        #expect(client.output.text.components(separatedBy: "IN >>> ").count - 1 == 3, "\(client.output.text)")
        client.closeInput()
        #expect(try client.waitForExit(timeout: 10) == 0)
        #expect(server.process.isRunning)
    }

    @Test func ncSendsALineAndGetsTheReply() throws {
        let server = try TestServer()
        let ncPath = try #require(
            ChildProcess.find(["/usr/bin/nc", "/bin/nc"]), "nc is needed (netcat-openbsd)")
        let nc = try ChildProcess(ncPath, ["-N", "127.0.0.1", "\(server.port)"])
        nc.type("import time\ntime.sleep(0.2)\nprint('from nc', 6 * 7)\n")
        nc.closeInput()
        #expect(try nc.waitForExit(timeout: 10) == 0)
        #expect(nc.output.text == "from nc 42\n")
    }

    @Test func telnetSendsLinesAndGetsReplies() throws {
        let server = try TestServer()
        let telnetPath = try #require(ChildProcess.find(["/usr/bin/telnet"]), "telnet is needed")
        let telnet = try ChildProcess(telnetPath, ["127.0.0.1", "\(server.port)"])
        try telnet.expectOutput("Connected to")
        telnet.type("=4+5\n")
        try telnet.expectOutput("9\n")
        telnet.type("=SCENE.CurrentActor().Name()\n")
        try telnet.expectOutput("Hip\n")
        telnet.type("%Figure 1/lForeArm/Bend\n")
        try telnet.expectOutput("<ParmType 'Bend' of 'Left Forearm' = 0>\n")
        telnet.closeInput()
        _ = try telnet.waitForExit(timeout: 10)
    }
}
