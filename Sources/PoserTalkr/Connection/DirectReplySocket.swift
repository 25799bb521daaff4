import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
    import Glibc
    private func systemSend(_ fd: CInt, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        Glibc.send(fd, bytes, count, flags)
    }
    private func systemClose(_ fd: CInt) -> CInt { Glibc.close(fd) }
    /// Never block the interpreter thread; a closed peer is an error, not a SIGPIPE.
    private let sendFlags = CInt(MSG_DONTWAIT) | CInt(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private func systemSend(_ fd: CInt, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        Darwin.send(fd, bytes, count, flags)
    }
    private func systemClose(_ fd: CInt) -> CInt { Darwin.close(fd) }
    /// Never block the interpreter thread (NIO sets SO_NOSIGPIPE on its sockets).
    private let sendFlags = CInt(MSG_DONTWAIT)
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
    }

    /// Larger replies take the event loop's path, which copes with a socket that fills.
    static let maxReplyBytes = 64 << 10

    let encoding: Encoding
    private let lock = NIOLock()
    /// Our duplicate of the socket's descriptor, made at the first grant (an idle connection
    /// holds no second descriptor); -1 before, once closed, or if it could not be made.
    /// Guarded by `lock`.
    private var descriptor: CInt = -1
    /// Whether the duplicate was made or tried (or the channel closed). Guarded by `lock`.
    private var descriptorSettled = false
    /// Grants offered so far, up to `grantsBeforeDescriptor`. Guarded by `lock`.
    private var offers = 0
    /// Finding and duplicating the descriptor costs more than a hand-off saves (tens of
    /// microseconds, mostly reflection), so a connection pays it only at its second grant:
    /// one that sends a single request (`nc`, a connection per command) never does.
    static let grantsBeforeDescriptor = 2
    /// Guarded by `lock`.
    private var granted = false
    /// Replies sent this way, for the connection's closing log line. Guarded by `lock`.
    private var sentCount = 0

    init(encoding: Encoding) {
        self.encoding = encoding
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    // MARK: Event loop

    /// The next reply may be sent straight away. The grant that makes the descriptor (with
    /// `duplicate`, `ChannelDescriptor`) is the second one; without a descriptor, replies keep
    /// the event loop's path.
    /// Returns whether the grant holds.
    @discardableResult
    func grant(duplicate: () -> CInt?) -> Bool {
        lock.withLock {
            if !descriptorSettled {
                offers += 1
                guard offers >= Self.grantsBeforeDescriptor else { return false }
                descriptorSettled = true
                descriptor = duplicate() ?? -1
            }
            granted = descriptor >= 0
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
            descriptorSettled = true
            if descriptor >= 0 { _ = systemClose(descriptor) }
            descriptor = -1
        }
    }

    var repliesSent: Int { lock.withLock { sentCount } }

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
            guard granted, descriptor >= 0 else { return false }
            granted = false
            guard mayGo(), var bytes = encode(reply) else { return false }
            let written = bytes.withUnsafeReadableBytes { buffer in
                buffer.isEmpty ? 0 : systemSend(descriptor, buffer.baseAddress, buffer.count, sendFlags)
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
        switch encoding {
        case .raw:
            var buffer = ByteBufferAllocator().buffer(capacity: 64 + reply.payloadByteCount)
            RawReplyEncoder.write(reply, into: &buffer)
            return buffer
        case .framed:
            var writer = FrameWriter(allocator: ByteBufferAllocator())
            writer.write(.final(reply))
            return writer.next(channelIsWritable: true)
        }
    }
}
