import Foundation
import Testing

/// Replies the interpreter thread sends into the socket itself (`DirectReplySocket`): they are
/// used for a client's request-reply loop on a plaintext connection, `--no-direct-replies`
/// turns them off, and on either path the client sees the same bytes in the same order
/// (Tests/PythonClientTests/test_direct_replies.py).
@Suite(.hangLimit)
struct DirectReplyTests {
    /// Sends `count` sequential evals on one raw connection, checks every answer, closes, and
    /// returns the `direct_replies` the server logged for the connection.
    private func directRepliesOfARequestReplyLoop(_ server: TestServer, count: Int = 20) throws -> Int {
        do {
            let client = try server.connect()
            for i in 0..<count {
                #expect(try client.request("=\(i)*2\n") == "\(i * 2)\n")
            }
        }
        #expect(server.waitForLog("connection closed"), "no closing log line:\n\(server.standardError)")
        let line = try #require(
            server.standardError.split(separator: "\n").first { $0.contains("connection closed") })
        let field = try #require(line.split(separator: " ").first { $0.hasPrefix("direct_replies=") })
        return try #require(Int(field.dropFirst("direct_replies=".count)))
    }

    @Test func aRequestReplyLoopIsAnsweredStraightFromTheInterpreterThread() throws {
        // Each request is the only thing its connection waits for: every reply qualifies but
        // the first (the socket's descriptor is looked up for the reply to the second request).
        #expect(try directRepliesOfARequestReplyLoop(TestServer()) == 19)
    }

    @Test func noDirectRepliesSendsEveryReplyThroughTheEventLoop() throws {
        #expect(try directRepliesOfARequestReplyLoop(TestServer(arguments: ["--no-direct-replies"])) == 0)
    }

    private func descriptorCount(of server: TestServer) -> Int {
        let folder = "/proc/\(server.process.processIdentifier)/fd"
        return (try? FileManager.default.contentsOfDirectory(atPath: folder).count) ?? -1
    }

    /// Waits (bounded) until the server holds `count` descriptors; returns the last count.
    private func waitForDescriptors(_ count: Int, of server: TestServer) -> Int {
        var seen = descriptorCount(of: server)
        for _ in 0..<250 where seen != count {
            Thread.sleep(forTimeInterval: 0.02)
            seen = descriptorCount(of: server)
        }
        return seen
    }

    @Test func aSecondDescriptorIsHeldOnlyFromTheSecondRequestAndGoesWithTheConnection() throws {
        let server = try TestServer()
        let warmUp = try server.connect()
        #expect(try warmUp.request("=1\n") == "1\n")
        let base = descriptorCount(of: server)
        var clients: [RawTestClient] = []
        for _ in 0..<20 { clients.append(try server.connect()) }
        #expect(
            waitForDescriptors(base + 20, of: server) == base + 20, "idle connections: one descriptor each")
        for (i, client) in clients.enumerated() { #expect(try client.request("=\(i)\n") == "\(i)\n") }
        #expect(waitForDescriptors(base + 20, of: server) == base + 20, "one request: still one each")
        for (i, client) in clients.enumerated() { #expect(try client.request("=\(i)+1\n") == "\(i + 1)\n") }
        #expect(
            waitForDescriptors(base + 40, of: server) == base + 40, "from the second request on: two each")
        clients.removeAll()
        #expect(waitForDescriptors(base, of: server) == base, "closed connections leave no descriptor behind")
    }

    @Test(arguments: [[], ["--no-direct-replies"], ["--no-interpreter-reads"]])
    func bothPathsKeepTheProtocolsPromises(arguments: [String]) throws {
        try PythonSuiteTests.run(
            PythonSuiteTests.python311, ["-m", "unittest", "-v", "test_direct_replies"],
            against: TestServer(arguments: arguments))
    }
}
