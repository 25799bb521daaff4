import DequeModule
import NIOCore
import PoserTalkrWire

/// One raw-mode connection (the original PoserTalkr text protocol, docs/PROTOCOL.md) as
/// plain data: read bursts, replies and timers in; actions out (`nextAction`).
///
/// When the server requires a token, the first command must be `AUTH <token>`. Replies go
/// out in command order, the server's own messages (`posertalkr: …`) included. When the
/// client closes its sending side or the server quiesces, the connection answers what it
/// has and closes; commands arriving while the server shuts down are answered as not run.
struct RawConnectionMachine {
    enum Action: Equatable {
        /// Check the token of an `AUTH` line; report with `authenticationChecked`.
        case checkToken(String)
        /// The client may use its session now: attach and report with `sessionAttached`.
        case attachSession
        case submit(operation: RawCommand.Operation, source: String, mayContinue: Bool)
        case write(RawOutput)
        /// Call `timerFired` after this long, unless another `armTimer` comes first.
        case armTimer(TimeAmount)
        case setReading(Bool)
    }

    private(set) var core: ConnectionCore
    private var assembler: RawCommandAssembler
    private var answers = AnswerQueue<RawOutput>()
    private var actions: Deque<Action> = []
    /// The endpoint this connection's replies carry as their origin; others are orphans.
    var endpointID: ObjectIdentifier?

    /// Before the client authenticated, its first line may have at most this many bytes.
    let maxBytesBeforeAuthentication: Int

    init(
        authenticationRequired: Bool, maxInFlight: Int, assembler: RawCommandAssembler,
        maxBytesBeforeAuthentication: Int = 1024
    ) {
        core = ConnectionCore(authenticationRequired: authenticationRequired, maxInFlight: maxInFlight)
        self.assembler = assembler
        self.maxBytesBeforeAuthentication = maxBytesBeforeAuthentication
    }

    mutating func nextAction() -> Action? { actions.popFirst() }

    /// Whether sending the next reply is all there is to do with it, so the interpreter
    /// thread may send it itself (`DirectReplySocket`); the machine hears of it as `.sent`.
    var awaitsOneReplyOnly: Bool {
        core.awaitsOneReplyOnly && answers.holdsOneInterpreterAnswer && assembler.isIdle
    }

    /// The event loop took back a `SocketLease` while a command read through it still runs:
    /// its reply is owed like that of any command the machine submitted.
    mutating func adoptLeasedRequest() {
        answers.submitted(requestID: 0)
        owe()
    }

    /// Whether the connection may close now.
    var mayClose: Bool { core.mayClose(busy: assembler.hasPending) }

    /// The connection is up: attach now unless the client must authenticate first.
    mutating func started() {
        if core.isAuthenticated { actions.append(.attachSession) }
    }

    mutating func sessionAttached(kept: [Reply]) {
        for reply in kept { actions.append(.write(.reply(reply))) }
    }

    // MARK: Bytes in

    /// One read burst ended with these bytes.
    mutating func burst(_ bytes: ByteBuffer) {
        guard !core.isRefused else { return }
        guard
            core.isAuthenticated
                || assembler.pendingByteCount + bytes.readableBytes <= maxBytesBeforeAuthentication
        else {
            refuse(
                "authenticate first: AUTH <token> as the first line, at most \(maxBytesBeforeAuthentication) bytes"
            )
            return
        }
        follow(assembler.burst(bytes))
    }

    mutating func timerFired() {
        guard !core.isRefused else { return }
        follow(assembler.timerFired())
    }

    /// The client closed its sending side: what it sent runs, then the connection closes.
    mutating func inputClosed() {
        guard !core.isRefused else { return }
        core.close(.clientFinished)
        follow(assembler.inputClosed())
    }

    /// The server is shutting down: commands still arriving are answered as not run.
    mutating func quiesce() {
        core.close(.quiescing)
    }

    private mutating func follow(_ decision: RawCommandAssembler.Decision) {
        switch decision {
        case .command(let packet, let mayContinue):
            command(packet, mayContinue: mayContinue)
        case .tooLarge:
            say(
                "the packet is larger than \(assembler.maxPacketLength) bytes (--max-packet) and was not run; "
                    + "send large scripts with the framed protocol (posertalkr_client.py)")
        case .wait where core.closing == .clientFinished:
            // No more bytes will come: what waits runs as it is.
            follow(assembler.inputClosed())
        case .wait(let delay):
            actions.append(.armTimer(delay))
        case .nothing:
            break
        }
    }

    private mutating func command(_ packet: ByteBuffer, mayContinue: Bool) {
        guard core.isAuthenticated else {
            authenticate(with: packet)
            return
        }
        switch RawCommand(packet: packet) {
        case .nothing:
            commandDone()
        case .invalid(let message):
            say(message)
            commandDone()
        case .request(let operation, let source):
            guard core.takesRequests else {
                say(Failure.notRun.message)
                commandDone()
                return
            }
            answers.submitted(requestID: 0)
            actions.append(.submit(operation: operation, source: source, mayContinue: mayContinue))
            owe()
        }
    }

    /// The last command is settled one way or another: bursts held for its verdict go on.
    private mutating func commandDone() {
        for decision in assembler.commandAccepted() { follow(decision) }
    }

    /// An answer of the server's own (`posertalkr: message`), in its turn.
    private mutating func say(_ message: String) {
        if let now = answers.answerLocally(requestID: 0, .text(message)) {
            actions.append(.write(now))
        } else {
            owe()
        }
    }

    // MARK: Authentication

    private mutating func authenticate(with packet: ByteBuffer) {
        var line = String(decoding: packet.readableBytesView, as: UTF8.self)
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line.removeLast() }
        guard line.hasPrefix("AUTH ") else {
            refuse("this server needs AUTH <token> as the first line")
            return
        }
        actions.append(.checkToken(String(line.dropFirst(5))))
    }

    /// The handler checked the token: `refusal` is nil when it was right.
    mutating func authenticationChecked(refusal: String?) {
        guard !core.isRefused else { return }
        if let refusal {
            refuse(refusal)
            return
        }
        core.authenticated()
        actions.append(.write(.text("authenticated")))
        actions.append(.attachSession)
    }

    mutating func authenticationTimedOut() {
        guard !core.isAuthenticated, !core.isRefused else { return }
        refuse("authentication timed out")
    }

    /// Says why, reads and answers nothing more, and closes.
    mutating func refuse(_ message: String) {
        guard !core.isRefused else { return }
        core.close(.refused)
        answers.removeAll()
        actions.append(.write(.text(message)))
    }

    // MARK: Replies in

    mutating func received(_ deliveries: [Delivery]) {
        for delivery in deliveries {
            switch delivery {
            case .reply(let reply): receive(reply)
            case .sent(let reply), .sentInPart(let reply, _): receive(reply, alreadySent: true)
            case .accepted: commandDone()
            case .output: break
            }
        }
    }

    /// `alreadySent`: the interpreter thread wrote it (`DirectReplySocket`); only the
    /// bookkeeping is left.
    private mutating func receive(_ reply: Reply, alreadySent: Bool = false) {
        if case .notice = reply.outcome {
            actions.append(.write(.reply(reply)))
            return
        }
        if let origin = reply.origin, origin != endpointID {
            actions.append(.write(.reply(reply)))
            return
        }
        guard let (_, due) = answers.answered() else {
            actions.append(.write(.reply(reply)))
            return
        }
        if case .incomplete = reply.outcome {
            paid()
            follow(assembler.commandIncomplete())
        } else {
            if !alreadySent { actions.append(.write(.reply(reply))) }
            paid()
            commandDone()
        }
        for local in due {
            actions.append(.write(local))
            paid()
        }
    }

    mutating func writabilityChanged(isWritable: Bool) {
        if let reading = core.setPaused(.backpressure, !isWritable) { actions.append(.setReading(reading)) }
    }

    private mutating func owe() {
        if let reading = core.owe() { actions.append(.setReading(reading)) }
    }

    private mutating func paid() {
        if let reading = core.paid() { actions.append(.setReading(reading)) }
    }
}

/// What a raw connection writes: a reply as raw mode shows it, or a message of its own.
enum RawOutput: Equatable {
    case reply(Reply)
    /// `posertalkr: <text>` and a newline.
    case text(String)

    static func == (lhs: RawOutput, rhs: RawOutput) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)): return a == b
        case (.reply(let a), .reply(let b)): return RawReplyEncoder.text(of: a) == RawReplyEncoder.text(of: b)
        default: return false
        }
    }
}
