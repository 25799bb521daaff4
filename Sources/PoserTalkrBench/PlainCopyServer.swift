import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The floor for large data: a plain loopback socket copy, written the obvious way with
/// blocking sockets and no framework. An upload (`U` + u64 length) is received straight
/// into freshly allocated memory of that size (as any program that keeps what it receives
/// must), then answered `K`; a download (`D` + u64 length) is sent from memory that already
/// holds the bytes.
enum PlainCopyServer {
    static func start() throws -> Int {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 64) == 0
                    && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else { throw BenchError("the plain-copy floor could not listen") }
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                Thread.detachNewThread { serve(connection) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func serve(_ fd: Int32) {
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 9)
        while receive(fd, into: &header, count: 9) {
            let size = header[1...].reduce(0) { $0 << 8 | Int($1) }
            if header[0] == UInt8(ascii: "U") {
                guard let memory = malloc(size) else { return }
                let ok = receive(fd, into: memory, count: size)
                free(memory)
                guard ok, send(fd, "K", 1, Int32(MSG_NOSIGNAL)) == 1 else { return }
            } else {
                let source = Source.bytes(size)
                var sent = 0
                while sent < size {
                    let count = send(fd, source + sent, size - sent, Int32(MSG_NOSIGNAL))
                    guard count > 0 else { return }
                    sent += count
                }
            }
        }
    }

    private static func receive(_ fd: Int32, into memory: UnsafeMutableRawPointer, count: Int) -> Bool {
        var received = 0
        while received < count {
            let got = recv(fd, memory + received, count - received, 0)
            guard got > 0 else { return false }
            received += got
        }
        return true
    }

    private static func receive(_ fd: Int32, into bytes: inout [UInt8], count: Int) -> Bool {
        bytes.withUnsafeMutableBytes { receive(fd, into: $0.baseAddress!, count: count) }
    }

    /// Download sources, filled once per size and kept, like an object already in memory.
    private enum Source {
        nonisolated(unsafe) private static var buffers: [Int: UnsafeMutableRawPointer] = [:]
        private static let lock = NSLock()

        static func bytes(_ size: Int) -> UnsafeMutableRawPointer {
            lock.withLock {
                if let existing = buffers[size] { return existing }
                let memory = malloc(size)!
                memset(memory, 0x5A, size)
                buffers[size] = memory
                return memory
            }
        }
    }
}
