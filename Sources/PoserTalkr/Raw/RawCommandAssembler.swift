import DequeModule
import NIOCore

/// Cuts a raw-mode byte stream into commands.
///
/// The original rule stays: a command is what arrives in one read burst, so the forum
/// client (one `sendall` per command, then a wait for the reply) and telnet (a line at a
/// time) work as they always did. But a script can reach the server as several bursts (`nc`
/// writes a file 16 KiB at a time; a network splits it into segments), and running its
/// pieces one by one breaks it. So:
/// - a burst that is one short line (no line break before its end, at most
///   `shortLineLimit` bytes) is a command at once: a one-line request waits for nothing;
/// - anything longer waits until no byte arrived for `settleDelay`, then is a command that
///   may continue: if the compiler finds it cut short (an open bracket or string, a block
///   with no body yet) nothing runs, and it waits up to `patience` for the rest;
/// - while such a command is with the interpreter, later bursts wait (each kept as its own
///   burst) for the verdict, which comes as soon as it compiled: they may be its rest;
/// - when the client closes its sending side, what is pending is a command at once.
///
/// Plain data: the machine arms the timer it asks for and reports when it fires.
struct RawCommandAssembler {
    enum Decision: Equatable {
        /// Run this; `mayContinue`: it may be the first part of a script still arriving.
        case command(ByteBuffer, mayContinue: Bool)
        /// The command went over the packet limit; its bytes were dropped.
        case tooLarge
        /// Wait for more bytes, or until this long passed without any.
        case wait(TimeAmount)
        case nothing
    }

    static let shortLineLimit = 1024

    let maxPacketLength: Int
    let settleDelay: TimeAmount
    let patience: TimeAmount
    /// Bytes of the command being put together.
    private var pending: ByteBuffer?
    /// Bytes past the limit arrived: drop everything until the sender pauses.
    private var oversized = false
    /// `pending` starts with a command the compiler found cut short.
    private var heldIncomplete = false
    /// Bytes arrived since the held command came back.
    private var grewSinceHeld = false
    /// A command that may continue is with the interpreter: its bytes, until the verdict.
    private var awaitingVerdict: ByteBuffer?
    /// Bursts that arrived meanwhile, each whole.
    private var heldBursts: Deque<ByteBuffer> = []

    init(
        maxPacketLength: Int, settleDelay: TimeAmount = .milliseconds(10), patience: TimeAmount = .seconds(1)
    ) {
        self.maxPacketLength = maxPacketLength
        self.settleDelay = settleDelay
        self.patience = patience
    }

    /// Bytes waiting to become a command.
    var pendingByteCount: Int { pending?.readableBytes ?? 0 }

    /// Nothing pending, held or awaiting a verdict: the next burst starts afresh.
    var isIdle: Bool { !hasPending && awaitingVerdict == nil && !heldIncomplete }

    /// Whether bytes are waiting to become a command.
    var hasPending: Bool { pending != nil || oversized || !heldBursts.isEmpty }

    /// One read burst ended with `bytes`.
    mutating func burst(_ bytes: ByteBuffer) -> Decision {
        if awaitingVerdict != nil {
            heldBursts.append(bytes)
            return .nothing
        }
        guard !oversized else { return .wait(settleDelay) }
        var bytes = bytes
        if (pending?.readableBytes ?? 0) + bytes.readableBytes > maxPacketLength {
            oversized = true
            pending = nil
            heldIncomplete = false
            return .wait(settleDelay)
        }
        if pending == nil {
            pending = bytes
        } else {
            pending!.writeBuffer(&bytes)
        }
        if heldIncomplete { grewSinceHeld = true }
        return decide()
    }

    /// The timer asked for with `.wait` fired with no byte since.
    mutating func timerFired() -> Decision {
        if oversized {
            oversized = false
            return .tooLarge
        }
        guard awaitingVerdict == nil, let packet = pending else { return .nothing }
        // A held command that got no more bytes in all its patience runs as it is, so the
        // client sees the compiler's error.
        let mayContinue = !heldIncomplete || grewSinceHeld
        return emit(packet, mayContinue: mayContinue)
    }

    /// The client closed its sending side: what is pending runs now.
    mutating func inputClosed() -> Decision {
        if oversized {
            oversized = false
            return .tooLarge
        }
        guard awaitingVerdict == nil, let packet = pending else { return .nothing }
        return emit(packet, mayContinue: false)
    }

    /// The command that may continue compiled and runs (or failed for another reason than
    /// ending early): the bursts held meanwhile are taken as they came. Their decisions, in
    /// order.
    mutating func commandAccepted() -> [Decision] {
        guard awaitingVerdict != nil else { return [] }
        awaitingVerdict = nil
        var decisions: [Decision] = []
        while awaitingVerdict == nil, let next = heldBursts.popFirst() {
            decisions.append(burst(next))
        }
        return decisions
    }

    /// The command that may continue ends too early: it waits for the rest, which starts
    /// with the bursts held meanwhile.
    mutating func commandIncomplete() -> Decision {
        guard var command = awaitingVerdict else { return .nothing }
        awaitingVerdict = nil
        grewSinceHeld = !heldBursts.isEmpty
        while var next = heldBursts.popFirst() { command.writeBuffer(&next) }
        guard command.readableBytes <= maxPacketLength else {
            pending = nil
            return .tooLarge
        }
        pending = command
        heldIncomplete = true
        return grewSinceHeld ? .wait(settleDelay) : .wait(patience)
    }

    private mutating func decide() -> Decision {
        guard awaitingVerdict == nil, let packet = pending else { return .nothing }
        if !heldIncomplete, Self.isShortLine(packet) { return emit(packet, mayContinue: false) }
        return .wait(settleDelay)
    }

    private mutating func emit(_ packet: ByteBuffer, mayContinue: Bool) -> Decision {
        pending = nil
        heldIncomplete = false
        grewSinceHeld = false
        if mayContinue { awaitingVerdict = packet }
        return .command(packet, mayContinue: mayContinue)
    }

    /// One line of at most `shortLineLimit` bytes: no line break before the trailing ones.
    static func isShortLine(_ packet: ByteBuffer) -> Bool {
        guard packet.readableBytes <= shortLineLimit else { return false }
        var bytes = packet.readableBytesView[...]
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes = bytes.dropLast()
        }
        return !bytes.contains(UInt8(ascii: "\n"))
    }
}
