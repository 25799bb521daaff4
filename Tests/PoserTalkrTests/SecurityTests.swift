import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Who gets in: protected mode, the allowlist, tokens, TLS.
@Suite(.hangLimit)
struct SecurityTests {
    static let token = "test-token-0123456789abcdef"

    @Test func listeningBeyondLoopbackWithoutProtectionIsRefused() throws {
        let (status, message) = try CommandLineTests.runToExit(["--host", "0.0.0.0", "--port", "0"])
        #expect(status != 0)
        #expect(message.contains("refusing to listen on 0.0.0.0"))
        #expect(message.contains("--allow CIDR"))
    }

    @Test func listeningBeyondLoopbackWithAnAllowlistStarts() throws {
        let server = try TestServer(listenOn: "0.0.0.0", arguments: ["--allow", "127.0.0.0/8"])
        #expect(try server.connect().request("=1") == "1\n")
        #expect(server.standardError.contains("security=allow 127.0.0.0/8, no token"))
    }

    @Test func addressesOutsideTheAllowlistAreClosedBeforeAnythingRuns() throws {
        let server = try TestServer(arguments: ["--allow", "127.0.0.1/32"])
        try? FileManager.default.removeItem(atPath: "/tmp/posertalkr-should-not-exist")
        let stranger = try server.connect(from: "127.0.0.2")
        try? stranger.send("open('/tmp/posertalkr-should-not-exist', 'w')")
        #expect(try stranger.waitForClose(timeout: 5))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/posertalkr-should-not-exist"))
        let friend = try server.connect(from: "127.0.0.1")
        #expect(try friend.request("=2+2") == "4\n")
        #expect(server.standardError.contains("reason=not in --allow"))
        #expect(server.standardError.contains("client=127.0.0.2:"))
    }

    @Test func tokensFromAFileAndTheirLockout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptk-token-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("token")
        try "\(Self.token)\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let server = try TestServer(arguments: ["--token-file", file.path])
        #expect(!server.standardError.contains("can be read by other users"))
        try PythonSuiteTests.run(
            PythonSuiteTests.python311, ["-m", "unittest", "-v", "test_security"], against: server,
            extraEnvironment: ["POSERTALKR_TEST_TOKEN": Self.token])
        #expect(server.standardError.contains("authentication failed"))
        #expect(server.standardError.contains("locked out"))
    }

    @Test func rawClientsAuthenticateWithAFirstLine() throws {
        let server = try TestServer(environment: ["POSERTALKR_TOKEN": Self.token])
        let wrong = try server.connect()
        #expect(try wrong.request("AUTH nope\n") == "posertalkr: authentication failed\n")
        #expect(try wrong.waitForClose(timeout: 5))
        let right = try server.connect()
        #expect(try right.request("AUTH \(Self.token)\r\n") == "posertalkr: authenticated\n")
        #expect(try right.request("=6*7") == "42\n")
    }

    @Test func tlsRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptk-tls-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = try ChildProcess(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days",
                "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        openssl.closeInput()
        try #require(try openssl.waitForExit(timeout: 60) == 0, "openssl: \(openssl.errors.text)")
        let server = try TestServer(arguments: ["--tls-cert", certificate, "--tls-key", key])
        try PythonSuiteTests.run(
            PythonSuiteTests.python311, ["-m", "unittest", "-v", "test_tls"], against: server,
            extraEnvironment: ["POSERTALKR_TEST_CA": certificate])
    }

    @Test func aMissingCertificateIsAClearError() throws {
        let (status, message) = try CommandLineTests.runToExit([
            "--port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key",
        ])
        #expect(status != 0)
        #expect(message.contains("cannot use the TLS certificate /nonexistent.pem"))
    }
}
