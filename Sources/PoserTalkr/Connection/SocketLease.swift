import Atomics
import CSocketWait
import NIOConcurrencyHelpers
import NIOCore
import PoserTalkrWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lets the interpreter thread read a quiet connection's next commands itself: a client
/// that sends one command and waits for its reply then has each request read, run and
/// answered on one thread, with no hand-off between threads at all (issue 13,
/// Benchmarks/README.md).
///
/// The event loop offers a lease with a request when that request's reply is all the
/// connection waits for (`awaitsOneReplyOnly` of its machine) and may go out directly
/// (`DirectReplySocket`); from then on NIO does not read the socket (`autoRead` off). Once
/// that reply went out in full from the interpreter thread, the lease is active: the
/// interpreter thread watches the socket (`InterpreterPoller`) and takes each burst that is
/// one command as its `Wire` frames them (`LeasedCommand`), whose reply it sends itself.
/// Anything else ends the lease and NIO reads again: another burst, the client's end, a
/// socket that does not take a reply at once, a framed command running longer than
/// `LeaseRunWatch` allows (`giveBack`); or whatever the event loop has to do for the
/// connection (`recall`, first thing whenever the handler acts).
///
/// The interpreter thread only peeks: bytes it handled stay in the socket, and the event
/// loop removes them (`discardHandled`, after a recall; `consumeHandled`, now and then
/// during the lease), so every read that consumes runs on the event loop, in order. NIO
/// reads a socket whose reading is off only when the peer finished (its `readEOF`); a peek
/// that the peer's end did not follow (`ptk_peer_finished` after it) cannot have raced such
/// a read. Linux only, with `InterpreterPoller`.
final class SocketLease: @unchecked Sendable {
    let token: UInt64
    let session: Session
    let endpoint: ConnectionEndpoint
    /// `DirectReplySocket`'s duplicate of the socket; the lease never closes it (the handler
    /// recalls the lease before that socket closes).
    private let descriptor: CInt
    private let poller: InterpreterPoller
    private let eventLoop: EventLoop
    let wire: LeasedCommand.Wire
    /// Runs on any thread once the interpreter gave the lease back: the handler recalls it.
    private let returned: @Sendable () -> Void
    private let lock = NIOLock()

    private enum State {
        /// Waiting for the reply of the request it was offered with.
        case offered
        /// The interpreter thread watches the socket.
        case active
        /// The interpreter thread gave it back; the event loop is told.
        case returned
        /// The event loop took it back.
        case recalled
    }

    // Guarded by `lock`.
    private var state = State.offered
    /// Bytes at the head of the socket that were taken as commands but are still there.
    private var handled = 0
    /// The request id of a command read here that runs now (or waits its turn).
    private var inFlight: UInt64?
    /// Bytes arrived while a command was in flight: look again once its reply went out.
    private var edgePending = false
    /// What the socket did not take of the last reply: it must go out first.
    private var rest: ByteBuffer?
    private var requests = 0
    private var repliesSent = 0
    private var consumeScheduled = false
    /// Commands taken since the event loop last consumed handled bytes.
    private var takenSinceConsume = 0
    /// A peek starts past the handled bytes (SO_PEEK_OFF): it copies only new ones.
    private var peeksOnward = false
    private var peekBuffer: [UInt8] = []

    /// The event loop consumes handled bytes after this many commands: each waits in the
    /// socket as a buffer of its own, which a peek from the head would walk and copy again
    /// (measured: half the server's CPU under 8 clients at 2 KiB), and which holds memory
    /// the socket's window counts.
    static let consumeAfter = 32
    private static let nextToken = ManagedAtomic<UInt64>(1)

    init(
        session: Session, endpoint: ConnectionEndpoint, descriptor: CInt, poller: InterpreterPoller,
        eventLoop: EventLoop, wire: LeasedCommand.Wire, returned: @escaping @Sendable () -> Void
    ) {
        self.token = Self.nextToken.loadThenWrappingIncrement(ordering: .relaxed)
        self.session = session
        self.endpoint = endpoint
        self.descriptor = descriptor
        self.poller = poller
        self.eventLoop = eventLoop
        self.wire = wire
        self.returned = returned
    }

    // MARK: Interpreter thread

    /// The reply of the request the lease came with went out in full: start watching the
    /// socket. False when the lease is over already.
    func activate() -> Bool {
        lock.withLock {
            guard state == .offered else { return false }
            peeksOnward = ptk_peek_onward(descriptor) == 0
            guard poller.add(descriptor, token: token) else {
                state = .returned
                returned()
                return false
            }
            state = .active
            return true
        }
    }

    enum Read {
        case command(LeasedCommand)
        /// Nothing to run now (no new bytes, whitespace only, or a command still running).
        case nothing
        /// The lease is over: forget it.
        case over
    }

    /// Looks at the socket's new bytes: one command is taken; anything else gives the lease
    /// back, leaving the bytes for the event loop.
    func read() -> Read {
        lock.withLock {
            guard state == .active else { return .over }
            if inFlight != nil {
                edgePending = true
                return .nothing
            }
            edgePending = false
            // Peeking onward, the socket skips the handled bytes itself.
            let skipped = peeksOnward ? 0 : handled
            let wanted = skipped + wire.longestCommand + 1
            if peekBuffer.count < wanted { peekBuffer = [UInt8](repeating: 0, count: wanted) }
            let got = peekBuffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, wanted, CInt(MSG_PEEK) | CInt(MSG_DONTWAIT))
            }
            if got < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .nothing }
            // The peer's end, an error, or a finish that NIO may be reading: NIO's turn.
            guard got > 0, ptk_peer_finished(descriptor) == 0 else { return giveBackLocked() }
            guard got > skipped else { return .nothing }
            guard got < wanted else { return giveBackLocked() }
            let parsed = peekBuffer.withUnsafeBytes {
                LeasedCommand.parse(UnsafeRawBufferPointer(rebasing: $0[skipped..<got]), wire: wire)
            }
            switch parsed {
            case .command(let command):
                took(got - skipped)
                inFlight = command.requestID
                requests += 1
                return .command(command)
            case .blank:
                took(got - skipped)
                return .nothing
            case .answerAtOnce(let answer):
                took(got - skipped)
                return sendOrHandBack(answer) ? .nothing : .over
            case .notMine:
                // The event loop's machine deals with it, and answers what needs an answer.
                return giveBackLocked()
            }
        }
    }

    private func took(_ count: Int) {
        handled += count
        takenSinceConsume += 1
        guard takenSinceConsume >= Self.consumeAfter, !consumeScheduled else { return }
        takenSinceConsume = 0
        consumeScheduled = true
        eventLoop.execute { self.consumeHandled() }
    }

    enum ReplyOutcome: Equatable {
        /// The event loop took the lease back meanwhile: deliver the reply as usual.
        case notLeased
        /// Sent (or, its rest, left for the event loop); `readAgain`: bytes came meanwhile.
        case sent(readAgain: Bool)
    }

    /// Sends the reply to the command `read` returned.
    func reply(_ reply: Reply) -> ReplyOutcome {
        lock.withLock {
            guard inFlight != nil, state == .active else { return .notLeased }
            if case .exportedBytes = reply.outcome {
                // Python's memory goes out on the event loop's path: it owes this reply now.
                _ = giveBackLocked()
                return .notLeased
            }
            inFlight = nil
            repliesSent += 1
            let bytes = wire.encoding.bytes(of: reply)
            guard bytes.readableBytes > 0 else { return .sent(readAgain: edgePending) }
            return .sent(readAgain: sendOrHandBack(bytes) && edgePending)
        }
    }

    /// Sends `bytes` into the socket; false when it did not take them all, and the lease
    /// went back with the rest (the event loop writes it, or fails to on a broken socket).
    private func sendOrHandBack(_ bytes: ByteBuffer) -> Bool {
        var bytes = bytes
        let written = bytes.withUnsafeReadableBytes {
            send(descriptor, $0.baseAddress, $0.count, DirectReplySocket.sendFlags)
        }
        if written == bytes.readableBytes { return true }
        if written > 0 { bytes.moveReaderIndex(forwardBy: written) }
        rest = bytes
        _ = giveBackLocked()
        return false
    }

    /// Ends the lease from the interpreter's side (the server drains, say).
    func giveBack() {
        lock.withLock {
            if state == .offered || state == .active { _ = giveBackLocked() }
        }
    }

    private func giveBackLocked() -> Read {
        if state == .active { poller.remove(descriptor) }
        state = .returned
        returned()
        return .over
    }

    // MARK: Event loop

    /// What the event loop takes over with the socket.
    struct Recall {
        /// Bytes at the head of the stream that were commands already: drop them, from what
        /// NIO read first, then from the socket (`discardHandled`).
        var handledBytes: Int
        /// The request id of a command read here that still runs: its reply comes as usual
        /// and is owed.
        var inFlight: UInt64?
        /// Must be written before anything else.
        var rest: ByteBuffer?
        var requests: Int
        var repliesSent: Int
    }

    /// Takes the socket back; the interpreter thread no longer touches it.
    func recall() -> Recall {
        lock.withLock {
            if state == .active { poller.remove(descriptor) }
            state = .recalled
            defer {
                handled = 0
                rest = nil
                requests = 0
                repliesSent = 0
            }
            return Recall(
                handledBytes: handled, inFlight: inFlight, rest: rest,
                requests: requests, repliesSent: repliesSent)
        }
    }

    /// After `recall`: removes `count` handled bytes NIO has not read from the socket.
    func discardHandled(_ count: Int) {
        var left = count
        var scratch = [UInt8](repeating: 0, count: min(count, 4096))
        while left > 0 {
            let got = scratch.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, min(left, $0.count), CInt(MSG_DONTWAIT))
            }
            guard got > 0 else { return }
            left -= got
        }
    }

    /// During the lease: removes the handled bytes, so the socket's buffer does not fill.
    private func consumeHandled() {
        lock.withLock {
            consumeScheduled = false
            guard state == .active || state == .offered, handled > 0 else { return }
            let count = handled
            handled = 0
            discardHandled(count)
        }
    }
}
