import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP client for tests: sends raw packets and reads replies with timeouts.
/// It talks to loopback only; `bindTo` picks the source address (127.0.0.2 is loopback too
/// and makes a second client IP, hence a second session).
final class RawTestClient {
    private let fd: Int32
    private var received: [UInt8] = []

    init(host: String, port: Int, bindTo source: String? = nil) throws {
        let isIPv6 = host.contains(":")
        precondition(host == "127.0.0.1" || host == "::1", "tests talk to loopback only")
        fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        do {
            if let source { try Self.bind(fd, to: source, ipv6: isIPv6) }
            try Self.connect(fd, to: host, port: port, ipv6: isIPv6)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit { Glibc.close(fd) }

    private static func bind(_ fd: Int32, to source: String, ipv6: Bool) throws {
        let result: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            inet_pton(AF_INET6, source, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0 else { throw TestFailure("bind(\(source)) failed: errno \(errno)") }
    }

    private static func connect(_ fd: Int32, to host: String, port: Int, ipv6: Bool) throws {
        let result: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0 else { throw TestFailure("connect to \(host):\(port) failed: errno \(errno)") }
    }

    /// Sends one packet (a single write, as the forum client's `sendall`).
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestFailure("send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends statements that print nothing and waits until they must have run. Raw mode cuts
    /// packets at read bursts, so a client that sends the next packet at once would have
    /// both read as one (the forum client waits for a human); this pause keeps them apart.
    func execute(_ code: String) throws {
        try send(code)
        let echoed = try drain(for: 0.25)
        guard echoed.isEmpty else { throw TestFailure("'\(code)' answered '\(echoed)'") }
    }

    /// Sends a packet and returns the reply once it holds `expected` (or ends with a newline
    /// when `expected` is nil). Raw mode has no framing, so tests say what they wait for.
    func request(_ text: String, expecting expected: String? = nil, timeout: TimeInterval = 20) throws
        -> String
    {
        try send(text)
        return try receive(containing: expected, timeout: timeout)
    }

    /// Everything received until it contains `needle` (or a newline), then clears it.
    func receive(containing needle: String? = nil, timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if let needle, text.contains(needle) { break }
            if needle == nil, text.hasSuffix("\n") { break }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw TestFailure(
                    "timed out waiting for \(needle.map { "'\($0)'" } ?? "a line"); got: '\(text)'")
            }
            guard try readSome(timeout: remaining) else {
                throw TestFailure("connection closed while waiting; got: '\(text)'")
            }
        }
        defer { received.removeAll() }
        return String(decoding: received, as: UTF8.self)
    }

    /// Waits `duration` and returns whatever arrived meanwhile (often nothing).
    func drain(for duration: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(duration)
        while deadline.timeIntervalSinceNow > 0 {
            if try !readSome(timeout: deadline.timeIntervalSinceNow) { break }
        }
        defer { received.removeAll() }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the server closed the connection within `timeout`.
    func waitForClose(timeout: TimeInterval) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            if try !readSome(timeout: deadline.timeIntervalSinceNow) { return true }
        }
        return false
    }

    /// Reads what is there within `timeout`; false when the peer closed.
    private func readSome(timeout: TimeInterval) throws -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(1, min(timeout, 60) * 1000)))
        if ready == 0 { return true }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &buffer, buffer.count, 0)
        if count > 0 {
            received.append(contentsOf: buffer[..<count])
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EINTR { return true }
        if errno == ECONNRESET { return false }
        throw TestFailure("recv failed: errno \(errno)")
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }
}
