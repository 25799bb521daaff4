import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server under measurement, running as a child process on a loopback port.
final class Target: @unchecked Sendable {
    let name: String
    let port: Int
    let process: Process
    /// The line the program announced itself with (empty when it was told its port).
    let announcement: String

    private init(name: String, process: Process, port: Int, announcement: String) {
        self.name = name
        self.process = process
        self.port = port
        self.announcement = announcement
    }

    /// The floor's plain-copy port ("... plain-copy PORT" in its announcement).
    var plainCopyPort: Int? {
        announcement.components(separatedBy: "plain-copy ").last.flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// Resident memory of the process now, in KiB.
    var residentKiB: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return value
    }

    /// CPU time the process has used so far (all its live threads, from
    /// /proc/PID/task/*/schedstat, in nanoseconds: finer than the 10 ms clock ticks of
    /// /proc/PID/stat).
    var cpuNanoseconds: UInt64 {
        let tasks = "/proc/\(pid)/task"
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: tasks) else { return 0 }
        var total: UInt64 = 0
        for thread in threads {
            guard let line = try? String(contentsOfFile: "\(tasks)/\(thread)/schedstat", encoding: .utf8),
                let first = line.split(separator: " ").first, let value = UInt64(first)
            else { continue }
            total += value
        }
        return total
    }

    /// SIGTERM, then SIGKILL after two seconds: children of a Swift process can start with
    /// SIGTERM blocked (Foundation's Process passes its thread's signal mask on), and nothing
    /// measured depends on a graceful stop.
    func stop() {
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(2)

            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(pid, SIGKILL) }
        }
        process.waitUntilExit()
    }

    /// Starts `executable` and waits until its port accepts connections. `port` nil means the
    /// program picks one and prints "listening on HOST:PORT".
    static func start(
        _ name: String, executable: String, arguments: [String], port: Int?,
        environment: [String: String] = [:]
    ) throws -> Target {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var actualPort = port
        var announcement = ""
        if actualPort == nil {
            let reader = pipe.fileHandleForReading
            var text = ""
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline, !text.contains("\n") {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: "listening on ") else {
                throw BenchError("\(name) did not start: \(text)")
            }
            announcement = String(text.split(separator: "\n").first ?? "")
            let address = text[range.upperBound...].prefix { !$0.isWhitespace }
            actualPort = address.split(separator: ":").last.flatMap { Int($0) }
        }
        guard let port = actualPort else { throw BenchError("\(name): no port") }
        try waitUntilListening(port: port, name: name)
        return Target(name: name, process: process, port: port, announcement: announcement)
    }

    private static func waitUntilListening(port: Int, name: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            usleep(50_000)
        }
        throw BenchError("\(name) never accepted connections on port \(port)")
    }

    /// A free loopback port, for programs that must be told one.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
