import Foundation
import Testing

/// What the server logs at each level (docs/GUIDE.md, "Logs"), read from its stderr.
@Suite(.hangLimit)
struct LoggingTests {
    /// Runs a raw client's session (an eval, an error, a statement) and stops the server;
    /// returns its stderr.
    static func logOfASession(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let server = try TestServer(arguments: arguments, environment: environment)
        let client = try server.connect()
        if environment["POSERTALKR_TOKEN"] != nil {
            #expect(
                try client.request("AUTH right-token\n", expecting: "authenticated").contains("authenticated")
            )
        }
        #expect(try client.request("=6*7") == "42\n")
        #expect(try client.request("=1/0", expecting: "ZeroDivisionError").contains("Traceback"))
        try client.execute("logged = True")
        client.shutdownWrite()
        #expect(try client.waitForClose(timeout: 10))
        if environment["POSERTALKR_TOKEN"] != nil {
            let intruder = try server.connect()
            _ = try intruder.request("AUTH wrong-token\n", expecting: "failed")
        }
        Thread.sleep(forTimeInterval: 0.3)  // the close reaches the server
        #expect(try server.stop(with: SIGTERM) == 0)
        return server.standardError
    }

    static func lines(_ log: String, containing needles: String...) -> [Substring] {
        log.split(separator: "\n").filter { line in needles.allSatisfy { line.contains($0) } }
    }

    @Test func debugShowsEachRequestAndInfoEachConnection() throws {
        let log = try Self.logOfASession(
            ["--log-level", "debug"], environment: ["POSERTALKR_TOKEN": "right-token"])
        // Start: version, then the address, Python and the security posture.
        #expect(Self.lines(log, containing: " info ", "version=", "starting").count == 1, "\(log)")
        #expect(
            Self.lines(
                log, containing: " info ", "address=127.0.0.1:", "python=3.", "security=", "token",
                "listening"
            )
            .count == 1, "\(log)")
        // One request line each, with the operation, the bytes each way and the time.
        let requests = Self.lines(log, containing: " debug ", "client=127.0.0.1:", "[PoserTalkr] request")
        #expect(requests.count == 3, "\(log)")
        #expect(
            Self.lines(log, containing: "op=eval", "code=6*7", "in=3", "out=2", "us=").count == 1, "\(log)")
        #expect(Self.lines(log, containing: "op=eval", "error=ZeroDivisionError").count == 1, "\(log)")
        #expect(Self.lines(log, containing: "op=exec", "in=13", "us=").count == 1, "\(log)")
        // Each connection: who, which session, how long, how many requests.
        #expect(
            Self.lines(
                log, containing: " info ", "client=127.0.0.1:", "mode=raw", "requests=3", "seconds=",
                "session=127.0.0.1", "connection closed"
            ).count == 1, "\(log)")
        // Errors and warnings name the client.
        #expect(
            Self.lines(log, containing: " warning ", "client=127.0.0.1:", "authentication failed").count == 1,
            "\(log)")
        // Shutdown.
        #expect(Self.lines(log, containing: " info ", "shutting down").count == 1)
        #expect(Self.lines(log, containing: " info ", "stopped").count == 1)
    }

    @Test func infoLeavesRequestsOut() throws {
        let log = try Self.logOfASession(["--log-level", "info"])
        #expect(Self.lines(log, containing: "[PoserTalkr] request").isEmpty, "\(log)")
        #expect(Self.lines(log, containing: " debug ").isEmpty, "\(log)")
        #expect(Self.lines(log, containing: "connection closed", "requests=3").count == 1, "\(log)")
        #expect(Self.lines(log, containing: "listening").count == 1)
    }

    @Test func warningKeepsOnlyTrouble() throws {
        let log = try Self.logOfASession(["--log-level", "warning"])
        #expect(!log.contains(" info "), "\(log)")
        #expect(!log.contains("listening"), "\(log)")
    }

    @Test func jsonFormatIsOneObjectPerLine() throws {
        let log = try Self.logOfASession(["--log-level", "debug", "--log-format", "json"])
        var messages: [String] = []
        for line in log.split(separator: "\n") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                "not JSON: \(line)")
            let text = { (key: String) in object[key] as? String }
            #expect(text("time")?.hasSuffix("Z") == true)
            #expect(text("level") != nil && text("label") == "posertalkr")
            messages.append(text("message") ?? "")
            if text("message") == "request", text("op") == "eval", object["error"] == nil {
                // Counts are JSON numbers; what ran is a string.
                #expect(
                    object["in"] as? Int == 3 && object["out"] as? Int == 2 && object["us"] is Int, "\(line)")
                #expect(text("code") == "6*7", "\(line)")
            }
            if text("message") == "connection closed" {
                #expect(object["requests"] is Int && object["seconds"] is Double, "\(line)")
            }
            if text("message") == "listening" {
                #expect(text("address")?.hasPrefix("127.0.0.1:") == true)
            }
        }
        for expected in [
            "starting", "listening", "connection opened", "request", "connection closed", "stopped",
        ] {
            #expect(messages.contains(expected), "no \(expected) line in \(log)")
        }
    }
}
