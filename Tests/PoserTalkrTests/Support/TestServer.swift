import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `posertalkr` process started for one test on a port it picks itself (`--port 0`),
/// killed when the test lets go of it.
final class TestServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let host: String
    private let output: CapturedPipe
    private let errors: CapturedPipe

    /// The `posertalkr` binary built next to this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("posertalkr")
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts the server and waits for its "listening on" line.
    /// `listenOn` is what the server binds (default: `host`); tests always connect to `host`.
    init(
        host: String = "127.0.0.1", listenOn: String? = nil, arguments: [String] = [],
        environment: [String: String] = [:], removingEnvironment: [String] = [],
        executable: URL = TestServer.executable
    ) throws {
        self.host = host
        process.executableURL = executable

        process.arguments = ["--host", listenOn ?? host, "--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        for name in removingEnvironment { env[name] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        output = CapturedPipe()
        errors = CapturedPipe()
        process.standardOutput = output.pipe
        process.standardError = errors.pipe
        process.standardInput = FileHandle.nullDevice
        try process.runWithEmptySignalMask()
        guard let line = output.waitForLine(containing: "listening on", timeout: 60) else {
            process.terminate()
            throw TestFailure("server did not start; stderr:\n\(errors.text)")
        }
        // "PoserTalkr listening on 127.0.0.1:43210 (...)" or "[::1]:43210" or "0.0.0.0:43210".
        let address = line.components(separatedBy: "listening on ")[1].components(separatedBy: " ")[0]
        guard let portText = address.split(separator: ":").last, let port = Int(portText) else {
            throw TestFailure("cannot read the port from: \(line)")
        }
        self.port = port
    }

    /// SIGTERM first, so the server finalizes Python and the scene's per-process folder in
    /// /tmp goes with it; SIGKILL if it has not exited within 5 s.
    deinit {
        guard process.isRunning else { return }
        if (try? stop(timeout: 5)) == nil {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A raw-protocol client connected to this server.
    func connect(from source: String? = nil) throws -> RawTestClient {
        try RawTestClient(host: host, port: port, bindTo: source)
    }

    /// Sends `signal` and waits (bounded) for the exit status.
    func stop(with signal: Int32 = SIGTERM, timeout: TimeInterval = 30) throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: TimeInterval) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { throw TestFailure("server did not exit within \(timeout) s") }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    var standardError: String { errors.text }
    var standardOutput: String { output.text }

    /// Waits (bounded) until the server's log holds `text`; false if it never does.
    func waitForLog(_ text: String, timeout: TimeInterval = 10) -> Bool {
        errors.waitFor(text, timeout: timeout)
    }
}

/// Collects what a child process writes to a pipe.
final class CapturedPipe: @unchecked Sendable {
    let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()

    init() {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self else { return }
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            self.lock.withLock { self.data.append(chunk) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func waitForLine(containing needle: String, timeout: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = text.split(separator: "\n").first(where: { $0.contains(needle) }) {
                return String(line)
            }
            usleep(10_000)
        }
        return nil
    }

    func waitFor(_ needle: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.contains(needle) { return true }
            usleep(10_000)
        }
        return false
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
