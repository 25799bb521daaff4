import DequeModule
import Foundation
import Logging
import NIOCore
import NIOExtras
import PoserTalkrWire

/// Serves one framed connection (docs/PROTOCOL.md): parses frames, sends requests to the
/// interpreter thread, and writes OK/ERROR/OUTPUT frames back.
///
/// Final replies go out in request order. PING and INTERRUPT are answered as soon as they
/// are read. A SESSION switch waits until the requests before it are answered, so every
/// request runs in the session that was current when it was sent. Large put payloads are
/// received straight into the Python `bytes` object they become; large get results are
/// sent straight from Python's memory (no copy; see ExportedByteBuffer).
final class FramedConnectionHandler: ChannelInboundHandler, ReplyReceiver {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Settings: Sendable {
        var maxFrameLength: Int
        var maxInFlight: Int
        var streamThreshold: Int = 64 << 10
        var serverVersion: String
        var pythonVersion: String
        var authenticationTimeout: Duration
    }

    private struct InFlight {
        let tag: UInt64
        let streaming: StreamingOutput?
    }

    /// A large put being received.
    private final class IncomingPut {
        let header: FrameHeader
        let name: String
        let length: Int
        var storage: PythonBytesStorage?
        var received = 0
        /// Pieces that arrived before the memory for them did.
        var early: [ByteBuffer] = []
        var complete = false
        var failed = false

        init(header: FrameHeader, name: String, length: Int) {
            self.header = header
            self.name = name
            self.length = length
        }
    }

    private let link: SessionLink
    private let addressSession: Session
    private let sessions: SessionDirectory
    private let interpreter: InterpreterHost
    private let settings: Settings
    private let authenticator: Authenticator?
    private let clientAddress: String
    private let logger: Logger
    /// The challenge sent in HELLO, until the client answered it.
    private var challenge: [UInt8]?
    private var authenticated: Bool
    private var parser: FrameParser
    private var context: ChannelHandlerContext?
    /// Requests sent to the interpreter, oldest first; their final replies come in this order.
    private var requests: Deque<InFlight> = []
    private let cancellations = CancelledRequests()
    private var put: IncomingPut?
    /// A session switch waiting for the requests before it.
    private var pendingSwitch: (header: FrameHeader, session: Session)?
    /// Frames read while waiting, handled in order once the wait is over.
    private var deferred: Deque<FrameEvent> = []
    /// Buffers waiting for the channel to become writable (behind a large result).
    private var outbound: Deque<ByteBuffer> = []
    /// Small frames encoded since the last flush.
    private var batch: ByteBuffer?
    private var readGate = ReadGate()
    private var needsFlush = false
    private var failedFraming = false
    private var quiescing = false

    init(
        session: Session, sessions: SessionDirectory, interpreter: InterpreterHost, settings: Settings,
        authenticator: Authenticator?, clientAddress: String, logger: Logger
    ) {
        self.authenticator = authenticator
        self.clientAddress = clientAddress
        self.authenticated = authenticator == nil
        self.link = SessionLink(session: session)
        self.addressSession = session
        self.sessions = sessions
        self.interpreter = interpreter
        self.settings = settings
        self.logger = logger
        self.parser = FrameParser(
            maxFrameLength: settings.maxFrameLength, streamThreshold: settings.streamThreshold)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        link.start(
            receiver: self, eventLoop: context.eventLoop,
            client: logger[metadataKey: "client"]?.description ?? clientAddress)
        logger.info("connection opened", metadata: ["mode": "framed", "session": "\(link.session.key)"])
        if !authenticated {
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.authenticationTimeout)) {
                guard !self.authenticated, context.channel.isActive else { return }
                self.refuse(.unauthorized, "authentication timed out", context: context)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failedFraming else { return }
        let events: [FrameEvent]
        do {
            events = try parser.feed(unwrapInboundIn(data))
        } catch {
            failFraming(error, context: context)
            return
        }
        for event in events { dispatch(event, context: context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        defer { link.writabilityChanged(isWritable: context.channel.isWritable, interpreter: interpreter) }
        if context.channel.isWritable {
            pump(context: context)
            flushIfNeeded(context: context)
            if context.channel.isWritable { setPaused(.backpressure, false, context: context) }
            closeIfDone(context: context)
        } else {
            setPaused(.backpressure, true, context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed, is ChannelShouldQuiesceEvent:
            link.beginClosing()
            // Quiescing: requests still arriving are answered as not run, so the connection
            // drains and closes instead of taking new work.
            if event is ChannelShouldQuiesceEvent { quiescing = true }
            if parser.isInsideFrame, event is ChannelEvent {
                logger.debug("the client closed in the middle of a frame; the partial frame is dropped")
                put = nil
            }
            closeIfDone(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A closed connection is not congested: let its session's requests run (their
        // replies go back to the session).
        link.writabilityChanged(isWritable: true, interpreter: interpreter)
        link.channelInactive()
        link.logClosed(logger, mode: "framed")
        outbound.removeAll()

        put = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        link.stop()
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Frames in

    private func dispatch(_ event: FrameEvent, context: ChannelHandlerContext) {
        // The pieces of the put being received always go to it; anything else waits while
        // a session switch or a put's memory is pending.
        switch event {
        case .putChunk, .putEnd:
            if deferred.isEmpty, put != nil, put?.complete == false {
                handle(event, context: context)
                return
            }
        default:
            break
        }
        if isWaiting || !deferred.isEmpty {
            deferred.append(event)
            setPaused(.waiting, true, context: context)
        } else {
            handle(event, context: context)
        }
    }

    private var isWaiting: Bool {
        pendingSwitch != nil || (put?.complete == true && put?.storage == nil && put?.failed == false)
    }

    private func handle(_ event: FrameEvent, context: ChannelHandlerContext) {
        switch event {
        case .started:
            if authenticator != nil { challenge = authenticator?.makeChallenge() }
            sendHello(context: context)
            if authenticated { deliverKept(link.attach(), context: context) }
        case .frame(let header, let body) where !authenticated:
            handleBeforeAuthentication(header, body: body, context: context)
        case .put(let header, _, _) where !authenticated, .putStart(let header, _, _) where !authenticated,
            .rejected(let header, _, _) where !authenticated:
            refuse(.unauthorized, "authenticate first (AUTH)", id: header.id, context: context)
        case .putChunk where !authenticated, .putEnd where !authenticated:
            return
        case .frame(let header, let body):
            handleFrame(header, body: body, context: context)
        case .put(let header, let name, let payload):
            submit(header, operation: .put(name: name, data: .copy(payload)), context: context)
        case .putStart(let header, let name, let length):
            startPut(header, name: name, length: length, context: context)
        case .putChunk(let chunk):
            receivePutChunk(chunk)
        case .putEnd:
            finishPut(context: context)
        case .rejected(let header, let code, let message):
            reject(header, code, message, context: context)

        }
    }

    private func handleFrame(_ header: FrameHeader, body: ByteBuffer, context: ChannelHandlerContext) {
        guard let op = FramedProtocol.Operation(rawValue: header.op) else { return }
        switch op {
        case .eval, .exec, .path, .get:
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                reject(header, .badRequest, "the request's text is not valid UTF-8", context: context)
                return
            }
            let operation: Request.Operation =
                switch op {
                case .eval: .evaluate
                case .exec: .execute
                case .path: .resolvePath
                default: .getBytes
                }
            submit(header, operation: operation, source: text, context: context)
        case .ping:
            send {
                FrameEncoder.ok(
                    id: header.id, kind: .bytes, output: .empty, result: body, into: &$0)
            }
        case .interrupt:
            interrupt(header, body: body, context: context)
        case .session:
            requestSessionSwitch(header, body: body, context: context)
        case .auth:
            reject(header, .badRequest, "already authenticated", context: context)
        default:
            reject(header, .unknownOperation, "operation \(op) is not a request", context: context)
        }
    }

    // MARK: Authentication

    private func handleBeforeAuthentication(
        _ header: FrameHeader, body: ByteBuffer, context: ChannelHandlerContext
    ) {
        switch FramedProtocol.Operation(rawValue: header.op) {
        case .ping:
            handleFrame(header, body: body, context: context)
        case .auth:
            guard let authenticator, let challenge, authenticator.verify(response: body, challenge: challenge)
            else {
                if authenticator?.recordFailure(from: clientAddress) == true {
                    logger.warning("too many authentication failures; address locked out for a while")
                }
                logger.warning("authentication failed", metadata: ["mode": "framed"])
                refuse(.unauthorized, "authentication failed", id: header.id, context: context)
                return
            }
            authenticated = true
            self.challenge = nil
            logger.info("client authenticated", metadata: ["mode": "framed"])
            send { FrameEncoder.okText(id: header.id, "authenticated", into: &$0) }
            deliverKept(link.attach(), context: context)
        default:
            refuse(
                .unauthorized, "this server needs authentication: send AUTH first", id: header.id,
                context: context)
        }
    }

    /// Answers ERROR and closes the connection.
    private func refuse(
        _ code: Failure.Code, _ message: String, id: UInt64 = 0, context: ChannelHandlerContext
    ) {
        failedFraming = true
        send {
            FrameEncoder.error(
                id: id, .server(code, message), output: .empty, into: &$0)
        }
        flushIfNeeded(context: context)
        link.beginClosing()
        put = nil
        deferred.removeAll()
        closeIfDone(context: context)
    }

    private func submit(
        _ header: FrameHeader, operation: Request.Operation, source: String = "",
        context: ChannelHandlerContext
    ) {
        guard let endpoint = link.endpoint else { return }
        guard !quiescing else {
            reject(header, .shuttingDown, InterpreterLoop.shutdownFailure.message, context: context)
            return
        }
        let streaming =
            header.flags & FramedProtocol.streamFlag != 0
            ? StreamingOutput(tag: header.id, endpoint: endpoint, eventLoop: context.eventLoop) : nil
        requests.append(InFlight(tag: header.id, streaming: streaming))
        link.requestSent()
        if link.inFlight >= settings.maxInFlight { readGate.set(.tooManyInFlight, true, context: context) }
        interpreter.submit(
            Request(
                operation: operation, source: source, session: link.session, replyTo: endpoint,
                tag: header.id,
                streaming: streaming, cancellations: cancellations))
    }

    private func reject(
        _ header: FrameHeader, _ code: Failure.Code, _ message: String, context: ChannelHandlerContext
    ) {
        send {
            FrameEncoder.error(
                id: header.id, .server(code, message), output: .empty, into: &$0)
        }
    }

    // MARK: Interrupt and session

    private func interrupt(_ header: FrameHeader, body: ByteBuffer, context: ChannelHandlerContext) {
        let answer: String
        if body.readableBytes == 0 {
            let running = interpreter.interruptRunningRequest(
                sessionID: link.session.id, reason: .clientRequest)
            answer = running ? "interrupted" : "nothing to interrupt"
        } else if body.readableBytes == 8, let target = body.getInteger(at: body.readerIndex, as: UInt64.self)
        {
            if let endpoint = link.endpoint, requests.contains(where: { $0.tag == target }) {
                cancellations.cancel(target)
                let running = interpreter.interruptRunningRequest(
                    target: RequestTarget(endpoint: endpoint, tag: target), reason: .clientRequest)
                answer = running ? "interrupted" : "cancelled"
            } else {
                answer = "nothing to interrupt"
            }
        } else {
            reject(
                header, .badRequest, "an interrupt's body is empty or an 8-byte request id", context: context)
            return
        }
        send { FrameEncoder.okText(id: header.id, answer, into: &$0) }
    }

    private func requestSessionSwitch(_ header: FrameHeader, body: ByteBuffer, context: ChannelHandlerContext)
    {
        guard let name = String(validating: body.readableBytesView, as: UTF8.self) else {
            reject(header, .badRequest, "a session name must be UTF-8", context: context)
            return
        }
        guard name.utf8.count <= 256,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            reject(
                header, .badRequest, "a session name has at most 256 bytes and no control characters",
                context: context)
            return
        }
        let target: Session
        do {
            target = name.isEmpty ? addressSession : try sessions.session(for: .named(name))
        } catch {
            reject(header, .limitReached, "\(error)", context: context)
            return
        }
        pendingSwitch = (header, target)
        completeSessionSwitchIfReady(context: context)
    }

    private func completeSessionSwitchIfReady(context: ChannelHandlerContext) {
        guard let (header, target) = pendingSwitch, requests.isEmpty else { return }
        pendingSwitch = nil
        let kept = link.switchSession(to: target)
        logger.debug("session switched", metadata: ["session": "\(target.key)"])
        send { FrameEncoder.okText(id: header.id, target.key.description, into: &$0) }
        deliverKept(kept, context: context)
        resumeDeferred(context: context)
    }

    private func resumeDeferred(context: ChannelHandlerContext) {
        while !isWaiting, let event = deferred.popFirst() {
            handle(event, context: context)
        }
        if deferred.isEmpty, !isWaiting { setPaused(.waiting, false, context: context) }
    }

    // MARK: Large puts

    private func startPut(_ header: FrameHeader, name: String, length: Int, context: ChannelHandlerContext) {
        guard let endpoint = link.endpoint else { return }
        put = IncomingPut(header: header, name: name, length: length)
        guard !quiescing else {
            put?.failed = true
            reject(header, .shuttingDown, InterpreterLoop.shutdownFailure.message, context: context)
            return
        }
        // Ask the interpreter for the `bytes` object the payload will fill; until it comes,
        // hold what arrives and read no further.
        interpreter.submit(
            Request(
                operation: .allocateBytes(count: length), session: link.session, replyTo: endpoint,
                tag: header.id))
        setPaused(.waiting, true, context: context)
    }

    private func receivePutChunk(_ chunk: ByteBuffer) {
        guard let put, !put.failed else { return }
        if let storage = put.storage {
            copy(chunk, into: storage, for: put)
        } else {
            put.early.append(chunk)
        }
    }

    private func copy(_ chunk: ByteBuffer, into storage: PythonBytesStorage, for put: IncomingPut) {
        let count = chunk.readableBytes
        chunk.withUnsafeReadableBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: storage.bytes[put.received..<put.received + count])
                .copyMemory(from: source)
        }
        put.received += count
    }

    private func finishPut(context: ChannelHandlerContext) {
        guard let put else { return }
        put.complete = true
        submitPutIfReady(context: context)
    }

    /// The put's memory arrived (or could not be had).
    private func putMemoryArrived(_ reply: Reply, context: ChannelHandlerContext) {
        guard let put, put.header.id == reply.tag else { return }
        switch reply.outcome {
        case .allocated(let storage):
            put.storage = storage
            for chunk in put.early { copy(chunk, into: storage, for: put) }
            put.early = []
        case .failed(let failure):
            put.failed = true
            put.early = []
            send {
                FrameEncoder.error(
                    id: put.header.id, failure, output: reply.output, into: &$0)
            }
        default:
            return
        }
        submitPutIfReady(context: context)
        if !isWaiting, deferred.isEmpty { setPaused(.waiting, false, context: context) }
    }

    private func submitPutIfReady(context: ChannelHandlerContext) {
        guard let put, put.complete, put.storage != nil || put.failed else { return }
        self.put = nil
        if let storage = put.storage {
            submit(put.header, operation: .put(name: put.name, data: .received(storage)), context: context)
        }
        resumeDeferred(context: context)
    }

    // MARK: Replies out

    func receive(_ replies: [Reply], from endpoint: ChannelReplyEndpoint) {
        guard let context, context.channel.isActive else {
            let answers = replies.filter(\.answersRequest)
            link.inFlight -= answers.count
            link.returnToSession(answers, from: endpoint)
            return
        }
        var written: [Reply] = []
        for reply in replies {
            if let origin = reply.origin, origin != ObjectIdentifier(endpoint) {
                sendOrphan(reply, context: context)
                written.append(reply)
                continue
            }
            if case .allocated = reply.outcome {
                putMemoryArrived(reply, context: context)
                continue
            }
            if case .failed = reply.outcome, put?.header.id == reply.tag, put?.storage == nil,
                requests.first?.tag != reply.tag
            {
                putMemoryArrived(reply, context: context)
                continue
            }
            guard reply.answersRequest else {
                sendOrphan(reply, context: context)
                continue
            }
            link.inFlight -= 1
            let request = takeRequest(tag: reply.tag)
            if let leftovers = request?.streaming?.takeAll(), !leftovers.isEmpty {
                receiveOutput(tag: reply.tag, leftovers)
            }
            sendFinal(reply, context: context)
            written.append(reply)
        }
        flushIfNeeded(context: context)
        link.written(written, context: context)
        if link.inFlight < settings.maxInFlight { readGate.set(.tooManyInFlight, false, context: context) }
        completeSessionSwitchIfReady(context: context)
        closeIfDone(context: context)
    }

    /// The in-flight entry a final reply answers: the oldest, as replies come in order.
    private func takeRequest(tag: UInt64) -> InFlight? {
        cancellations.forget(tag)
        if requests.first?.tag == tag { return requests.popFirst() }
        guard let index = requests.firstIndex(where: { $0.tag == tag }) else { return nil }
        return requests.remove(at: index)
    }

    func receiveOutput(tag: UInt64, _ chunks: [OutputChunk]) {
        guard let context, context.channel.isActive else { return }
        for chunk in chunks where !chunk.text.isEmpty {
            send { FrameEncoder.output(id: tag, chunk, into: &$0) }
        }
        flushIfNeeded(context: context)
    }

    private func sendFinal(_ reply: Reply, context: ChannelHandlerContext) {
        let output = reply.streamed ? CapturedOutput.empty : reply.output
        switch reply.outcome {
        case .value(let text):
            send { FrameEncoder.okText(id: reply.tag, text, output: output, into: &$0) }
        case .completed:
            send { FrameEncoder.ok(id: reply.tag, kind: .none, output: output, result: nil, into: &$0) }
        case .bytes(let bytes):
            send {
                FrameEncoder.ok(
                    id: reply.tag, kind: .bytes, output: output, result: bytes, into: &$0)
            }
        case .exportedBytes(let export):
            send {
                FrameEncoder.ok(
                    id: reply.tag, kind: .bytes, output: output, result: nil, resultLength: export.count,
                    into: &$0)
            }
            writeBatch(context: context)
            outbound.append(ExportedByteBuffer.make(export))
            pump(context: context)
        case .failed(let failure):
            send { FrameEncoder.error(id: reply.tag, failure, output: output, into: &$0) }
        case .notice(let text):
            send { FrameEncoder.notice(text, into: &$0) }
        case .allocated:
            break
        }
    }

    /// A reply to a request of an earlier connection of the session, or a server notice.
    private func sendOrphan(_ reply: Reply, context: ChannelHandlerContext) {
        if case .notice(let text) = reply.outcome {
            send { FrameEncoder.notice(text, into: &$0) }
        } else {
            send { FrameEncoder.notice(RawReplyEncoder.text(of: reply), orphanReply: true, into: &$0) }
        }
    }

    private func deliverKept(_ replies: [Reply], context: ChannelHandlerContext) {
        for reply in replies { sendOrphan(reply, context: context) }
        flushIfNeeded(context: context)
    }

    private func sendHello(context: ChannelHandlerContext) {
        let hello = ServerHello(
            server: "PoserTalkr", version: settings.serverVersion, protocol: Int(FramedProtocol.version),
            python: settings.pythonVersion, session: link.session.key.description,
            maxFrame: settings.maxFrameLength, auth: challenge != nil ? "hmac-sha256" : nil,
            challenge: challenge.map { $0.map { String(format: "%02x", $0) }.joined() })
        send { FrameEncoder.hello(json: hello.json, into: &$0) }
    }

    // MARK: Writing

    /// Encodes a frame into the batch that goes out at the next flush: many small replies
    /// become one buffer and one write.
    private func send(_ encode: (inout ByteBuffer) -> Void) {
        guard let context else { return }
        if batch == nil { batch = context.channel.allocator.buffer(capacity: 256) }
        encode(&batch!)
        needsFlush = true
    }

    /// Hands the batch to the channel (behind anything already queued).
    private func writeBatch(context: ChannelHandlerContext) {
        guard let pending = batch else { return }
        batch = nil
        if outbound.isEmpty {
            context.write(wrapOutboundOut(pending), promise: nil)
        } else {
            outbound.append(pending)
        }
    }

    /// Writes queued buffers while the channel takes them (a large result holds up the rest
    /// until the socket drains it).
    private func pump(context: ChannelHandlerContext) {
        writeBatch(context: context)
        while context.channel.isWritable, let buffer = outbound.popFirst() {
            context.write(wrapOutboundOut(buffer), promise: nil)
            needsFlush = true
        }
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        writeBatch(context: context)
        context.flush()
    }

    private func setPaused(_ reason: ReadPause, _ paused: Bool, context: ChannelHandlerContext) {
        readGate.set(reason, paused, context: context)
    }

    private func failFraming(_ error: Error, context: ChannelHandlerContext) {
        let code: Failure.Code =
            if case FramingError.frameTooLarge = error { .tooLarge } else { .protocolError }
        logger.info("closing a framed connection", metadata: ["reason": "\(error)"])
        refuse(code, "\(error)", context: context)
    }

    private func closeIfDone(context: ChannelHandlerContext) {
        link.closeIfDone(
            context: context,
            busy: put != nil || pendingSwitch != nil || !deferred.isEmpty || !outbound.isEmpty)
    }
}

/// The HELLO frame's body.
struct ServerHello: Encodable {
    let server: String
    let version: String
    let `protocol`: Int
    let python: String
    let session: String
    let maxFrame: Int
    /// "hmac-sha256" when the client must authenticate, with the challenge (hex) to sign.
    let auth: String?
    let challenge: String?

    enum CodingKeys: String, CodingKey {
        case server, version, `protocol`, python, session, auth, challenge
        case maxFrame = "max_frame"
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
