import Foundation
import Testing

/// Commands the interpreter thread reads itself (`SocketLease`, `--interpreter-reads`): a
/// client that waits for each reply is served that way, and whatever else a raw client does
/// (a multi-line script, its end, a close with a command in flight, more than 32 commands in
/// a row) goes back to the event loop without a byte lost, doubled or reordered.
@Suite(.hangLimit)
struct SocketLeaseTests {
    /// The `requests`, `direct_replies` and `interpreter_reads` of the server's first closing
    /// log line.
    private func closingCounts(_ server: TestServer) throws -> (requests: Int, direct: Int, read: Int) {
        #expect(server.waitForLog("connection closed"), "no closing log line:\n\(server.standardError)")
        let line = try #require(
            server.standardError.split(separator: "\n").first { $0.contains("connection closed") })
        func field(_ name: String) throws -> Int {
            let text = try #require(line.split(separator: " ").first { $0.hasPrefix("\(name)=") })
            return try #require(Int(text.dropFirst(name.count + 1)))
        }
        return (try field("requests"), try field("direct_replies"), try field("interpreter_reads"))
    }

    /// Sequential one-line commands, a multi-line script between them, state kept across both
    /// paths, and a last command sent with the client's end.
    private func mixedSession(_ server: TestServer) throws -> (requests: Int, direct: Int, read: Int) {
        do {
            let client = try server.connect()
            // More than `SocketLease.consumeAfter` commands: handled bytes leave the socket.
            for i in 0..<80 { #expect(try client.request("=\(i)*3\n") == "\(i * 3)\n") }
            try client.execute("total = 41")
            #expect(try client.request("=total+1") == "42\n")
            #expect(
                try client.request("for i in range(3):\n    total += i\nprint(total)\n", expecting: "44\n")
                    == "44\n")
            #expect(try client.request("=SCENE.CurrentActor().Name()\n") == "Hip\n")
            #expect(try client.request("=1/0\n", expecting: "ZeroDivisionError").contains("division by zero"))
            for i in 0..<5 { #expect(try client.request("=total*\(i)\n") == "\(44 * i)\n") }
            try client.send("=total-2\n")
            client.shutdownWrite()
            #expect(try client.receive() == "42\n")
            #expect(try client.waitForClose(timeout: 10))
        }
        return try closingCounts(server)
    }

    @Test func aRequestReplyLoopIsReadByTheInterpreterThreadAndAnythingElseByTheEventLoop() throws {
        let counts = try mixedSession(TestServer())
        #expect(counts.requests == 91)
        // The event loop reads the first two (the socket is looked up for the second's reply
        // and the lease offered with it), the script (a multi-line packet is settled there,
        // and its reply gives the socket back) and the command after it (which offers the
        // lease again); the last, too, unless it is read before the client's end arrives.
        #expect((86...87).contains(counts.read), "\(counts)")
        // Their replies, the second's and the one after the script's (which went with a
        // lease), and the script's and the last's when their grant came before the reply.
        #expect((counts.read + 2...counts.read + 4).contains(counts.direct), "\(counts)")
    }

    @Test func noInterpreterReadsServesTheSameSessionThroughTheEventLoop() throws {
        let counts = try mixedSession(TestServer(arguments: ["--no-interpreter-reads"]))
        #expect(counts.requests == 91)
        #expect(counts.read == 0)
    }

    @Test func aClientThatVanishesWithACommandRunningLeavesTheServerServing() throws {
        let server = try TestServer()
        do {
            let client = try server.connect()
            for i in 0..<5 { #expect(try client.request("=\(i)\n") == "\(i)\n") }
            try client.send("import time; time.sleep(0.3)\n")
        }
        let next = try server.connect()
        for i in 0..<5 { #expect(try next.request("=\(i)+100\n") == "\(i + 100)\n") }
        #expect(server.waitForLog("connection closed"))
    }

    @Test func connectionsTakeTurnsWhileLeased() throws {
        let server = try TestServer()
        let clients = try (0..<6).map { _ in try server.connect() }
        for round in 0..<30 {
            for (index, client) in clients.enumerated() {
                #expect(try client.request("=\(round)*10+\(index)\n") == "\(round * 10 + index)\n")
            }
        }
    }
}
