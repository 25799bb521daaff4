import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
    import Glibc
    private func systemSend(_ fd: CInt, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        Glibc.send(fd, bytes, count, flags)
    }
    private func systemClose(_ fd: CInt) -> CInt { Glibc.close(fd) }
    /// Never block the interpreter thread; a closed peer is an error, not a SIGPIPE.
    private let directSendFlags = CInt(MSG_DONTWAIT) | CInt(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private func systemSend(_ fd: CInt, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        Darwin.send(fd, bytes, count, flags)
    }
    private func systemClose(_ fd: CInt) -> CInt { Darwin.close(fd) }
    /// Never block the interpreter thread (NIO sets SO_NOSIGPIPE on its sockets).
    private let directSendFlags = CInt(MSG_DONTWAIT)
#endif

/// Lets the interpreter thread write a reply straight into its connection's socket, so a
/// reply leaves as its request ends without waking the connection's event loop: one thread
/// hand-off per request instead of two (Benchmarks/README.md, issue 13).
///
/// The event loop grants it for the next reply only when sending that reply is all the
/// connection would do with it: a plaintext socket, one request owed and nothing of the
/// connection's own queued behind it, nothing waiting in NIO's outbound buffer, no put,
/// switch or close under way (`grant`). The event loop revokes the grant before it does
/// anything else with the connection (`revoke`, which waits for a send under way), so the
/// two threads never write at once and replies keep their order. The machine still hears of
/// every reply sent this way (`Delivery.sent`), the next time the event loop looks.
///
/// A reply the socket does not take at once in full goes the usual way: untouched when
/// nothing of it was sent, its rest (`Delivery.sentInPart`) when part of it was.
final class DirectReplySocket: @unchecked Sendable {
    enum Encoding: Sendable {
        case raw
        case framed

        /// The reply's bytes as this protocol writes them (none for a raw exec that printed
        /// nothing).
        func bytes(of reply: Reply) -> ByteBuffer {
            switch self {
            case .raw:
                var buffer = ByteBufferAllocator().buffer(capacity: 64 + reply.payloadByteCount)
                RawReplyEncoder.write(reply, into: &buffer)
                return buffer
            case .framed:
                var writer = FrameWriter(allocator: ByteBufferAllocator())
                writer.write(.final(reply))
                return writer.next(channelIsWritable: true) ?? ByteBuffer()
            }
        }
    }

    /// Larger replies take the event loop's path, which copes with a socket that fills.
    static let maxReplyBytes = 64 << 10
    /// How the interpreter thread sends: never blocking, a closed peer an error.
    static let sendFlags = directSendFlags

    let encoding: Encoding
    private let lock = NIOLock()
    /// Where the duplicate of the socket's descriptor stands. Guarded by `lock`.
    private var descriptor = Descriptor.notYet
    /// Finding and duplicating the descriptor costs more than a hand-off saves (tens of
    /// microseconds, mostly reflection), so a connection pays it only for the reply to its
    /// second request: one that sends a single request (`nc`, a connection per command)
    /// never does, and an idle connection holds no second descriptor.
    static let firstRequestWithDescriptor = 2

    private enum Descriptor {
        case notYet
        case open(CInt)
        /// Could not be made, or the channel closed: replies take the event loop's path.
        case unavailable

        var isOpen: Bool {
            if case .open = self { return true }
            return false
        }
    }

    /// Guarded by `lock`.
    private var granted = false
    /// Replies sent this way, for the connection's closing log line. Guarded by `lock`.
    private var sentCount = 0

    init(encoding: Encoding) {
        self.encoding = encoding
    }

    deinit {
        if case .open(let fd) = descriptor { _ = systemClose(fd) }
    }

    // MARK: Event loop

    /// The reply to the connection's request number `request` (counted from 1) may be sent
    /// straight away. From `firstRequestWithDescriptor` on, the first grant makes the
    /// descriptor (with `duplicate`, `ChannelDescriptor`); without one, replies keep the event
    /// loop's path. Returns whether the grant holds.
    @discardableResult
    func grant(forRequest request: Int, duplicate: () -> CInt?) -> Bool {
        lock.withLock {
            if case .notYet = descriptor {
                guard request >= Self.firstRequestWithDescriptor else { return false }
                descriptor = duplicate().map { .open($0) } ?? .unavailable
            }
            granted = descriptor.isOpen
            return granted
        }
    }

    /// The event loop takes the socket back; returns once no send is under way.
    func revoke() {
        lock.withLock { granted = false }
    }

    /// The channel closed: lets the socket go (NIO closed its own descriptor).
    func close() {
        lock.withLock {
            granted = false
            if case .open(let fd) = descriptor { _ = systemClose(fd) }
            descriptor = .unavailable
        }
    }

    var repliesSent: Int { lock.withLock { sentCount } }

    /// The duplicate descriptor while it is open (a `SocketLease` reads through it).
    var openDescriptor: CInt? {
        lock.withLock {
            if case .open(let fd) = descriptor { return fd }
            return nil
        }
    }

    // MARK: Interpreter thread

    /// What became of a reply offered with `send`.
    enum Outcome {
        /// Not sent: no grant, or the socket took none of it. Deliver it as usual.
        case notSent
        case sent
        /// The socket took only part of it: these bytes must follow before anything else.
        case sentInPart(rest: ByteBuffer)
    }

    /// Sends `reply` if the grant holds and `mayGo()` agrees, with the lock held throughout,
    /// then calls `settle` with the outcome, still under the lock (the caller posts the
    /// matching delivery there, so the event loop sees it as soon as it revokes).
    func send(_ reply: Reply, if mayGo: () -> Bool, settle: (Outcome) -> Void) -> Bool {
        lock.withLock {
            guard granted, case .open(let fd) = descriptor else { return false }
            granted = false
            guard mayGo(), var bytes = encode(reply) else { return false }
            let written = bytes.withUnsafeReadableBytes { buffer in
                buffer.isEmpty ? 0 : systemSend(fd, buffer.baseAddress, buffer.count, Self.sendFlags)
            }
            if written == bytes.readableBytes {
                sentCount += 1
                settle(.sent)
            } else if written > 0 {
                sentCount += 1
                bytes.moveReaderIndex(forwardBy: written)
                settle(.sentInPart(rest: bytes))
            } else {
                // EAGAIN (the socket is full) or an error the event loop will see too.
                return false
            }
            return true
        }
    }

    /// The reply as the connection's protocol writes it, or nil when it is too large or sent
    /// straight from Python's memory.
    private func encode(_ reply: Reply) -> ByteBuffer? {
        guard reply.payloadByteCount <= Self.maxReplyBytes else { return nil }
        if case .exportedBytes = reply.outcome { return nil }
        return encoding.bytes(of: reply)
    }
}
