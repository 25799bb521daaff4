import Logging
import NIOCore
import NIOExtras
import PoserTalkrWire

/// Serves one raw-mode connection: turns packets into requests for its session and writes
/// the replies back in order, as text.
///
/// When the server requires a token, the first packet must be `AUTH <token>`. When the
/// client closes its sending side (telnet, `nc -N`, the forum client quitting) or the server
/// quiesces, it takes no more requests, answers the ones it has, then closes. It stops
/// reading while the client does not read its replies or has `--max-in-flight` requests
/// waiting.
final class RawConnectionHandler: ChannelInboundHandler, ReplyReceiver {
    typealias InboundIn = RawPacket
    typealias OutboundOut = ByteBuffer

    private let link: SessionLink
    private let interpreter: InterpreterHost
    private let limits: ServerLimits
    private let authenticator: Authenticator?
    private let clientAddress: String
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var authenticated: Bool
    private var readGate = ReadGate()
    private var quiescing = false

    init(
        session: Session, interpreter: InterpreterHost, limits: ServerLimits, authenticator: Authenticator?,
        clientAddress: String, logger: Logger
    ) {
        self.link = SessionLink(session: session)
        self.interpreter = interpreter
        self.limits = limits
        self.authenticator = authenticator
        self.clientAddress = clientAddress
        self.logger = logger
        self.authenticated = authenticator == nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        link.start(
            receiver: self, eventLoop: context.eventLoop,
            client: logger[metadataKey: "client"]?.description ?? clientAddress)
        logger.info("connection opened", metadata: ["mode": "raw", "session": "\(link.session.key)"])
        if authenticated {
            attach(context: context)
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.authenticationTimeout)) {
                guard !self.authenticated, context.channel.isActive else { return }
                self.say("authentication timed out", context: context, thenClose: true)
            }
        }
    }

    private func attach(context: ChannelHandlerContext) {
        let waiting = link.attach()
        if !waiting.isEmpty {
            logger.debug("delivering replies kept for the session", metadata: ["count": "\(waiting.count)"])
            write(waiting, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !quiescing else {
            say(InterpreterLoop.shutdownFailure.message, context: context)
            return
        }
        guard !link.closing, let endpoint = link.endpoint else { return }
        let bytes: ByteBuffer
        switch unwrapInboundIn(data) {
        case .oversized(let limit):
            say(
                "the packet is larger than \(limit) bytes (--max-packet) and was not run; send large scripts "
                    + "with the framed protocol (posertalkr_client.py)", context: context)
            return
        case .bytes(let packet):
            bytes = packet
        }
        guard authenticated else {
            authenticate(with: bytes, context: context)
            return
        }
        switch RawCommand(packet: bytes) {
        case .nothing:
            return
        case .invalid(let message):
            say(message, context: context)
        case .request(let operation, let source):
            link.requestSent()
            interpreter.submit(
                Request(
                    operation: Request.Operation(operation), source: source, session: link.session,
                    replyTo: endpoint))

            if link.inFlight >= limits.maxInFlightPerConnection {
                readGate.set(.tooManyInFlight, true, context: context)
            }
        }
    }

    private func authenticate(with packet: ByteBuffer, context: ChannelHandlerContext) {
        guard let authenticator else { return }
        var line = String(decoding: packet.readableBytesView, as: UTF8.self)
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line.removeLast() }
        if line.hasPrefix("AUTH "), authenticator.verify(token: String(line.dropFirst(5))) {
            authenticated = true
            logger.info("client authenticated", metadata: ["mode": "raw"])
            say("authenticated", context: context)
            attach(context: context)
            return
        }
        if authenticator.recordFailure(from: clientAddress) {
            logger.warning("too many authentication failures; address locked out for a while")
        }
        logger.warning("authentication failed", metadata: ["mode": "raw"])
        say(
            line.hasPrefix("AUTH ")
                ? "authentication failed" : "this server needs AUTH <token> as the first line",
            context: context, thenClose: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed, is ChannelShouldQuiesceEvent:
            if event is ChannelShouldQuiesceEvent { quiescing = true }
            link.beginClosing()
            link.closeIfDone(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        readGate.set(.backpressure, !context.channel.isWritable, context: context)
        link.writabilityChanged(isWritable: context.channel.isWritable, interpreter: interpreter)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A closed connection is not congested: let its session's requests run (their
        // replies go back to the session).
        link.writabilityChanged(isWritable: true, interpreter: interpreter)
        link.channelInactive()
        link.logClosed(logger, mode: "raw")
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

    func receive(_ replies: [Reply], from endpoint: ChannelReplyEndpoint) {
        link.inFlight -= replies.count(where: \.answersRequest)
        guard let context, context.channel.isActive else {
            link.returnToSession(replies, from: endpoint)
            return
        }
        write(replies, context: context)
        if link.inFlight < limits.maxInFlightPerConnection {
            readGate.set(.tooManyInFlight, false, context: context)
        }
        link.closeIfDone(context: context)
    }

    func receiveOutput(tag: UInt64, _ chunks: [OutputChunk]) {}

    /// Writes the replies' text as one buffer.
    private func write(_ replies: [Reply], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        var written: [Reply] = []
        for reply in replies where RawReplyEncoder.write(reply, into: &buffer) {
            written.append(reply)
        }
        guard !written.isEmpty else { return }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        link.written(written, context: context)
    }

    /// A message from the server itself (`posertalkr: ...`).
    private func say(_ message: String, context: ChannelHandlerContext, thenClose: Bool = false) {
        let text = context.channel.allocator.buffer(string: "posertalkr: \(message)\n")
        let written = context.writeAndFlush(wrapOutboundOut(text))
        if thenClose {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
