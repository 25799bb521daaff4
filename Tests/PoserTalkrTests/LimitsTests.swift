import Foundation
import Testing

/// The limits: each one holds, says why, and leaves the server serving.
@Suite(.hangLimit)
struct LimitsTests {
    @Test func maxRunInterruptsLoopsAndBlockingCalls() throws {
        let server = try TestServer(arguments: ["--max-run", "0.5"])
        let client = try server.connect()
        let started = Date()
        let loop = try client.request("while True: pass", expecting: "RequestTimedOut")

        #expect(loop.contains("the request ran longer than the server allows (--max-run)"))
        let sleeping = try client.request("import time; time.sleep(30)", expecting: "RequestTimedOut")
        #expect(sleeping.contains("time.sleep(30)") || sleeping.contains("<input>"))
        #expect(Date().timeIntervalSince(started) < 10, "both stopped well before 30 s")
        #expect(try client.request("=1") == "1\n")
        // Each stop leaves a warning at the default log level, naming what ran.
        #expect(server.waitForLog("code=import time; time.sleep(30)"), "\(server.standardError)")
        let warnings = server.standardError.split(separator: "\n").filter {
            $0.contains(" warning ") && $0.contains("request stopped by --max-run")
                && $0.contains("max_run_s=0.5")
        }
        #expect(warnings.count == 2, "\(server.standardError)")
        #expect(warnings.first?.contains("code=while True: pass") == true, "\(server.standardError)")
    }

    @Test func idleSessionsAreEvicted() throws {
        let server = try TestServer(arguments: ["--session-ttl", "1"])
        do {
            let client = try server.connect(from: "127.0.0.31")
            try client.execute("remembered = 1")
            #expect(try client.request("=remembered") == "1\n")
        }
        Thread.sleep(forTimeInterval: 3)
        let again = try server.connect(from: "127.0.0.31")
        #expect(try again.request("=remembered", expecting: "NameError").contains("NameError"))
    }

    @Test func theSessionLimitEvictsTheLeastRecentlyUsedIdleOne() throws {
        let server = try TestServer(arguments: ["--max-sessions", "2"])
        var first: RawTestClient? = try server.connect(from: "127.0.0.41")
        let second = try server.connect(from: "127.0.0.42")
        #expect(try first?.request("=1") == "1\n")
        #expect(try second.request("=2") == "2\n")
        // Both sessions have a connection: nothing can be evicted for a third.
        let third = try server.connect(from: "127.0.0.43")
        #expect(try third.receive(containing: "too many sessions").contains("--max-sessions"))
        first = nil  // its session is idle now, and the least recently used
        Thread.sleep(forTimeInterval: 0.3)
        let fourth = try server.connect(from: "127.0.0.44")
        #expect(try fourth.request("=4") == "4\n")
    }

    @Test func theConnectionLimitSaysSo() throws {
        let server = try TestServer(arguments: ["--max-connections", "2"])
        let one = try server.connect()
        let two = try server.connect()
        #expect(try one.request("=1") == "1\n")
        #expect(try two.request("=2") == "2\n")
        let three = try server.connect()
        #expect(
            try three.receive(containing: "\n")
                == "posertalkr: too many connections (2, --max-connections); try again later\n")
        #expect(try three.waitForClose(timeout: 5))
        #expect(try one.request("=3") == "3\n")
    }

    @Test func rawPacketsOverTheLimitAreRefused() throws {
        let server = try TestServer(arguments: ["--max-packet", "1K"])
        let client = try server.connect()
        let reply = try client.request("x = '" + String(repeating: "a", count: 4000) + "'", expecting: "\n")
        #expect(reply.contains("larger than 1024 bytes (--max-packet)"))
        #expect(try client.request("='x' in globals()") == "False\n")
    }

    @Test func framesOverTheLimitAreRefused() throws {
        let server = try TestServer(arguments: ["--max-frame", "64K"])
        try PythonSuiteTests.run(
            PythonSuiteTests.python311,
            [
                "-c",
                """
                import support, posertalkr_client
                c = support.client()
                c.put('small', b'x' * 1000)
                try:
                    c.put('big', b'x' * 100000)
                    raise SystemExit('a 100 KB put went through a 64 KiB limit')
                except posertalkr_client.ProtocolError as error:
                    assert 'more than this server accepts' in str(error), error
                print('ok')
                """,
            ], against: server)
    }
}
