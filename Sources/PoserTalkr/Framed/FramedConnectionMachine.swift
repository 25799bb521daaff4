import DequeModule
import NIOCore
import PoserTalkrWire

/// One framed connection's protocol (docs/PROTOCOL.md) as plain data: events in, actions
/// out. `FramedConnectionHandler` feeds it what the parser, the interpreter and the channel
/// report, and carries out the actions it queues (`nextAction`).
///
/// What it keeps: final answers go out in request order, even those the connection gives
/// itself (`AnswerQueue`); PING and INTERRUPT are answered at once; a SESSION switch waits
/// until every earlier request is answered, and frames read meanwhile wait their turn
/// (`deferred`); a large put is received into memory the interpreter provides (`PutIntake`).
struct FramedConnectionMachine {
    enum Action {
        /// Send HELLO (with a challenge when the client must authenticate).
        case sendHello
        /// Check an AUTH frame's answer; report with `authenticationChecked`.
        case checkAuthentication(requestID: UInt64, response: ByteBuffer)
        /// The client may use its session now: attach to it and report with `sessionAttached`.
        case attachSession
        case submit(Submission)
        /// Ask the interpreter for the memory of a large put; report with `putStorageArrived`.
        case allocatePutStorage(requestID: UInt64, length: Int)
        /// Interrupt the session's running request (`target` nil) or request `target`
        /// (cancelling it if it has not started); report with `interrupted`.
        case interrupt(requestID: UInt64, target: UInt64?)
        /// Move to the named session (empty: the address's own); report with `sessionSwitched`.
        case switchSession(requestID: UInt64, name: String)
        case write(FramedOutput)
        /// Start (true) or stop (false) reading from the socket.
        case setReading(Bool)
    }

    var core: ConnectionCore
    var answers = AnswerQueue<FramedOutput>()
    var put: PutIntake?
    /// The payload of a put refused at its start is skipped until its end.
    var discardingPut = false
    var pendingSwitch: (requestID: UInt64, name: String, requested: Bool)?
    var deferred: Deque<Deferred> = []
    var actions: Deque<Action> = []
    /// The endpoint this connection's replies carry as their origin; others are orphans.
    var endpointID: ObjectIdentifier?

    enum Deferred {
        case event(FrameEvent)
        /// A request interrupted before its turn: answered "cancelled" when its turn comes.
        case cancelled(requestID: UInt64)
    }

    init(authenticationRequired: Bool, maxInFlight: Int) {
        core = ConnectionCore(authenticationRequired: authenticationRequired, maxInFlight: maxInFlight)
    }

    mutating func nextAction() -> Action? { actions.popFirst() }

    /// Whether the connection may close now (`writerBusy`: bytes still queued for the socket).
    func mayClose(writerBusy: Bool) -> Bool {
        core.mayClose(busy: put != nil || pendingSwitch != nil || !deferred.isEmpty || writerBusy)
    }

    /// Whether sending the next reply is all there is to do with it, so the interpreter
    /// thread may send it itself (`DirectReplySocket`); the machine hears of it as `.sent`.
    var awaitsOneReplyOnly: Bool {
        core.awaitsOneReplyOnly && answers.holdsOneInterpreterAnswer && put == nil && !discardingPut
            && pendingSwitch == nil && deferred.isEmpty
    }

    /// The event loop took back a `SocketLease` while a command read through it still runs:
    /// its reply is owed like that of any request the machine submitted.
    mutating func adoptLeasedRequest(requestID: UInt64) {
        answers.submitted(requestID: requestID)
        owe()
    }

    // MARK: Frames in

    mutating func read(_ event: FrameEvent) {
        guard !core.isRefused else { return }
        switch event {
        case .putChunk(let chunk) where put.map { !$0.isComplete } == true:
            put?.append(chunk)
            return
        case .putChunk where discardingPut:
            return
        case .putEnd where put.map { !$0.isComplete } == true, .putEnd where discardingPut:
            handle(event)
            return
        case .frame(let header, let body) where core.isAuthenticated && Self.isImmediate(header.op):
            handleFrame(header, body: body)
            return
        default:
            break
        }
        if isWaiting || !deferred.isEmpty {
            deferred.append(.event(event))
            updateWaitingPause()
        } else {
            handle(event)
        }
    }

    /// PING and INTERRUPT are answered as soon as they are read, ahead of anything waiting.
    private static func isImmediate(_ op: UInt8) -> Bool {
        op == FramedProtocol.Operation.ping.rawValue || op == FramedProtocol.Operation.interrupt.rawValue
    }

    /// A session switch or a put's memory must come before more frames are handled.
    var isWaiting: Bool {
        pendingSwitch != nil || put?.isWaitingForMemory == true
    }

    mutating func handle(_ event: FrameEvent) {
        switch event {
        case .started:
            actions.append(.sendHello)
            if core.isAuthenticated { actions.append(.attachSession) }
        case .frame(let header, let body) where !core.isAuthenticated:
            handleBeforeAuthentication(header, body: body)
        case .put(let header, _, _) where !core.isAuthenticated,
            .putStart(let header, _, _) where !core.isAuthenticated,
            .rejected(let header, _, _) where !core.isAuthenticated:
            refuse(.unauthorized, "this server needs authentication: send AUTH first", requestID: header.id)
        case .frame(let header, let body):
            handleFrame(header, body: body)
        case .put(let header, let name, let payload):
            submit(
                Submission(
                    requestID: header.id, operation: .put(name: name, data: .copy(payload)), source: ""))
        case .putStart(let header, let name, let length):
            startPut(requestID: header.id, name: name, length: length)
        case .putChunk(let chunk):
            put?.append(chunk)
        case .putEnd:
            if discardingPut {
                discardingPut = false
            } else {
                put?.finish()
                finishPutIfReady()
            }
        case .rejected(let header, let code, let message):
            answer(header.id, .failure(header.id, .server(code, message)))
        }
    }

    mutating func handleFrame(_ header: FrameHeader, body: ByteBuffer) {
        guard let op = FramedProtocol.Operation(rawValue: header.op) else {
            answer(header.id, .failure(header.id, .server(.unknownOperation, "unknown operation")))
            return
        }
        switch op {
        case .eval, .exec, .path, .get:
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                answer(
                    header.id,
                    .failure(header.id, .server(.badRequest, "the request's text is not valid UTF-8")))
                return
            }
            let operation: Request.Operation =
                switch op {
                case .eval: .evaluate
                case .exec: .execute
                case .path: .resolvePath
                default: .getBytes
                }
            submit(
                Submission(
                    requestID: header.id, operation: operation, source: text,
                    streams: header.flags & FramedProtocol.streamFlag != 0))
        case .ping:
            write(.pong(header.id, body))
        case .interrupt:
            interrupt(header.id, body: body)
        case .session:
            requestSessionSwitch(header.id, body: body)
        case .run:
            runFile(header, body: body)
        case .auth:
            answer(header.id, .failure(header.id, .server(.badRequest, "already authenticated")))
        default:
            answer(
                header.id, .failure(header.id, .server(.unknownOperation, "operation \(op) is not a request"))
            )
        }
    }

    /// RUN: u16 path length, the script's path, its source.
    private mutating func runFile(_ header: FrameHeader, body: ByteBuffer) {
        var body = body
        guard let length = body.readInteger(as: UInt16.self), Int(length) <= min(4096, body.readableBytes),
            let pathBytes = body.readSlice(length: Int(length)),
            let path = String(validating: pathBytes.readableBytesView, as: UTF8.self),
            !path.isEmpty,
            let source = String(validating: body.readableBytesView, as: UTF8.self)
        else {
            answer(
                header.id,
                .failure(
                    header.id,
                    .server(
                        .badRequest,
                        "a run's body is a u16 path length, a UTF-8 path of 1 to 4096 bytes, UTF-8 source")
                ))
            return
        }
        submit(
            Submission(
                requestID: header.id, operation: .runFile(path: path), source: source,
                streams: header.flags & FramedProtocol.streamFlag != 0))
    }

    mutating func submit(_ submission: Submission) {
        guard core.takesRequests else {
            answer(submission.requestID, .failure(submission.requestID, .notRun))
            return
        }
        answers.submitted(requestID: submission.requestID)
        actions.append(.submit(submission))
        owe()
    }

    /// An answer of the connection's own, in its request's turn.
    mutating func answer(_ requestID: UInt64, _ output: FramedOutput) {
        if let now = answers.answerLocally(requestID: requestID, output) {
            write(now)
        } else {
            owe()
        }
    }

    // MARK: Replies in

    /// What the interpreter sent, in order: final replies (for the oldest request owed),
    /// streamed output, notices, and replies to requests of an earlier connection.
    mutating func received(_ deliveries: [Delivery]) {
        for delivery in deliveries {
            switch delivery {
            case .output(let requestID, let chunks):
                guard !core.isRefused, answers.output(requestID: requestID, chunks) else { continue }
                for chunk in chunks where !chunk.text.isEmpty { write(.output(requestID, chunk)) }
            case .reply(let reply):
                receive(reply)
            case .sent(let reply), .sentInPart(let reply, _):
                receive(reply, alreadySent: true)
            case .accepted:
                break
            }
        }
        switchIfReady()
    }

    /// `alreadySent`: the interpreter thread wrote it (`DirectReplySocket`); only the
    /// bookkeeping is left.
    private mutating func receive(_ reply: Reply, alreadySent: Bool = false) {
        if case .notice(let text) = reply.outcome {
            write(.notice(text))
            return
        }
        if let origin = reply.origin, origin != endpointID {
            write(.orphan(reply))
            return
        }
        guard let (_, due) = answers.answered() else {
            write(.orphan(reply))
            return
        }
        if !alreadySent { write(.final(reply)) }
        paid()
        for local in due {
            write(local)
            paid()
        }
        if let (requestID, held) = answers.takeHeldOutputOfHead() {
            for chunk in held where !chunk.text.isEmpty { write(.output(requestID, chunk)) }
        }
    }

    // MARK: Channel

    mutating func writabilityChanged(isWritable: Bool) {
        setPaused(.backpressure, !isWritable)
    }

    /// The client closed its sending side; `insideFrame`: in the middle of a frame, which is
    /// dropped (a put that never completed included).
    mutating func inputClosed(insideFrame: Bool) {
        core.close(.clientFinished)
        if insideFrame {
            put = nil
            discardingPut = false
        }
    }

    /// The server is shutting down: requests still arriving are answered as not run.
    mutating func quiesce() {
        core.close(.quiescing)
    }

    // MARK: Helpers

    mutating func write(_ output: FramedOutput) {
        actions.append(.write(output))
    }

    mutating func owe() {
        if let reading = core.owe() { actions.append(.setReading(reading)) }
    }

    mutating func paid() {
        if let reading = core.paid() { actions.append(.setReading(reading)) }
    }

    mutating func setPaused(_ reason: ReadPause, _ paused: Bool) {
        if let reading = core.setPaused(reason, paused) { actions.append(.setReading(reading)) }
    }
}

extension FrameEvent {
    /// The request id of a frame event that carries one.
    fileprivate var requestID: UInt64? {
        switch self {
        case .frame(let header, _), .put(let header, _, _), .putStart(let header, _, _),
            .rejected(let header, _, _):
            return header.id
        case .started, .putChunk, .putEnd:
            return nil
        }
    }
}

extension FramedConnectionMachine.Deferred {
    var requestID: UInt64? {
        if case .event(let event) = self { return event.requestID }
        return nil
    }
}
