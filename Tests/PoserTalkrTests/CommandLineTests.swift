import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `posertalkr` command: addresses, failures at start, and how it stops.
@Suite(.hangLimit)
struct CommandLineTests {
    /// Runs `posertalkr` to completion and returns its status and stderr.
    static func runToExit(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        Int32, String
    ) {
        let child = try ChildProcess(TestServer.executable.path, arguments, environment: environment)
        child.closeInput()
        let status = try child.waitForExit(timeout: 30)
        return (status, child.errors.text)
    }

    @Test func aTakenPortIsAClearErrorAndANonZeroExit() throws {
        let server = try TestServer()
        let (status, message) = try Self.runToExit(["--port", "\(server.port)"])
        #expect(status != 0)
        #expect(
            message.contains(
                "posertalkr: cannot listen on 127.0.0.1:\(server.port): the address is already in use"))
    }

    @Test func anUnusablePythonIsAClearErrorAndANonZeroExit() throws {
        let (status, message) = try Self.runToExit(
            ["--port", "0"], environment: ["PYTHONHOME": "/nonexistent-python-home"])
        #expect(status != 0)
        #expect(message.contains("posertalkr: Python could not start"))
    }

    @Test func aWrongShimsFolderIsAClearError() throws {
        let (status, message) = try Self.runToExit(["--port", "0", "--shims", "/tmp"])
        #expect(status != 0)
        #expect(message.contains("--shims /tmp is not a PoserTalkr shims folder"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalStopsTheServerCleanly(signal: Int32) throws {
        let server = try TestServer()
        let client = try server.connect()
        #expect(try client.request("=1") == "1\n")
        #expect(try server.stop(with: signal) == 0)
        #expect(server.standardError.contains("stopped"))
    }

    @Test func aRunningRequestFinishesAndIsAnsweredBeforeTheServerStops() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("import time\ntime.sleep(0.8)\nprint('done before shutdown')\n")
        Thread.sleep(forTimeInterval: 0.2)
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try client.receive(containing: "shutdown\n") == "done before shutdown\n")
        #expect(try server.waitForExit(timeout: 20) == 0)
    }

    @Test func aRequestThatWillNotEndIsInterruptedAfterTheGracePeriod() throws {
        let server = try TestServer(arguments: ["--shutdown-grace", "0.5"])
        let client = try server.connect()
        try client.send("while True: pass")
        Thread.sleep(forTimeInterval: 0.2)
        kill(server.process.processIdentifier, SIGTERM)
        let reply = try client.receive(containing: "ServerShuttingDown")
        #expect(reply.contains("the server is shutting down"))
        #expect(try server.waitForExit(timeout: 20) == 0)
    }

    @Test func pythonThreadsThatNeverEndDoNotHoldUpTheExit() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.execute(
            "import threading, time\nthreading.Thread(target=lambda: time.sleep(3600)).start()\n")
        #expect(try server.stop() == 0)
        #expect(server.standardError.contains("abandoned"))
    }

    @Test func ipv6ClientsHaveTheirOwnSession() throws {
        let server = try TestServer(host: "::1")
        let client = try server.connect()
        #expect(try client.request("=__posertalkr_session__") == "::1\n")
        #expect(try client.request("=4+5") == "9\n")
    }

    @Test func theListeningAddressIsPrinted() throws {
        let server = try TestServer()
        #expect(server.standardOutput.hasPrefix("PoserTalkr listening on 127.0.0.1:\(server.port) "))
    }
}

extension CommandLineTests {
    @Test func aSceneModuleThatFailsToImportIsAClearErrorWithItsTraceback() throws {
        let shims = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptk-broken-shims-\(UUID())")
        try FileManager.default.copyItem(
            at: TestServer.repositoryRoot.appendingPathComponent("PythonShims"), to: shims)
        defer { try? FileManager.default.removeItem(at: shims) }
        try "raise ImportError('the scene is broken on purpose')\n".write(
            to: shims.appendingPathComponent("poser/__init__.py"), atomically: true, encoding: .utf8)
        let (status, message) = try Self.runToExit(["--port", "0", "--shims", shims.path])
        #expect(status != 0)
        #expect(message.contains("the scene module (poser) failed to load"), "\(message)")
        #expect(message.contains("ImportError: the scene is broken on purpose"), "\(message)")
    }
}
