import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A helper program (a client under test) with its stdin, stdout and stderr piped.
final class ChildProcess {
    let process = Process()
    let output = CapturedPipe()
    let errors = CapturedPipe()
    private let input = Pipe()

    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        workingDirectory: URL? = nil
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output.pipe
        process.standardError = errors.pipe
        try process.runWithEmptySignalMask()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    func type(_ line: String) {
        input.fileHandleForWriting.write(Data(line.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits until stdout holds `text`; throws with what it holds otherwise.
    func expectOutput(_ text: String, timeout: TimeInterval = 20) throws {
        guard output.waitFor(text, timeout: timeout) else {
            throw TestFailure(
                "no '\(text)' from \(process.executableURL?.lastPathComponent ?? "?"); stdout:\n\(output.text)\nstderr:\n\(errors.text)"
            )
        }
    }

    func waitForExit(timeout: TimeInterval) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { throw TestFailure("\(process.executableURL?.path ?? "?") did not exit") }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// The first of `candidates` that exists and is executable.
    static func find(_ candidates: [String]) -> String? {
        candidates.first { access($0, X_OK) == 0 }
    }
}
