import Foundation
import Testing

/// Replies the interpreter thread sends into the socket itself (`DirectReplySocket`): they are
/// used for a client's request-reply loop on a plaintext connection, `--no-direct-replies`
/// turns them off, and on either path the client sees the same bytes in the same order
/// (Tests/PythonClientTests/test_direct_replies.py).
@Suite(.timeLimit(.minutes(4)))
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
        // Each request is the only thing its connection waits for: every reply qualifies.
        #expect(try directRepliesOfARequestReplyLoop(TestServer()) == 20)
    }

    @Test func noDirectRepliesSendsEveryReplyThroughTheEventLoop() throws {
        #expect(try directRepliesOfARequestReplyLoop(TestServer(arguments: ["--no-direct-replies"])) == 0)
    }

    @Test(arguments: [[], ["--no-direct-replies"]])
    func bothPathsKeepTheProtocolsPromises(arguments: [String]) throws {
        try PythonSuiteTests.run(
            PythonSuiteTests.python311, ["-m", "unittest", "-v", "test_direct_replies"],
            against: TestServer(arguments: arguments))
    }
}
