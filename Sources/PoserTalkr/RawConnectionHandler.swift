import Logging
import NIOCore
import NIOExtras

/// Serves one raw-mode connection: turns packets into requests for its session and writes
/// the replies back in order.
///
/// When the client closes its sending side (telnet, `nc -N`, the forum client quitting) or
/// the server quiesces, it takes no more requests, writes the answers still owed, and then
/// closes. A client that closed completely cannot read those answers, and TCP only tells
/// by resetting the connection, so answers written after the client's close count as
/// delivered only once its TCP stack acknowledged them; otherwise they go back to the
/// session for its next connection.
final class RawConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let session: Session
    private let interpreter: InterpreterHost
    private let logger: Logger
    private var endpoint: ChannelReplyEndpoint?
    private var context: ChannelHandlerContext?
    private var isAttached = false
    private var inFlight = 0
    private var requestCount = 0
    /// The client sent its last byte (or the server is quiescing): no more requests.
    private var closing = false
    /// Replies written after the client's close and not yet acknowledged by it.
    private var unconfirmed: [Reply] = []
    private var confirmationScheduled = false

    init(session: Session, interpreter: InterpreterHost, logger: Logger) {
        self.session = session
        self.interpreter = interpreter
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        endpoint = ChannelReplyEndpoint(handler: self, eventLoop: context.eventLoop)
        if context.channel.isActive { attach(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        attach(context: context)
        context.fireChannelActive()
    }

    private func attach(context: ChannelHandlerContext) {
        guard !isAttached, let endpoint else { return }
        isAttached = true
        let waiting = session.attach(endpoint)
        if !waiting.isEmpty {
            logger.debug("delivering replies kept for the session", metadata: ["count": "\(waiting.count)"])
            write(waiting, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, let endpoint else { return }
        switch RawCommand(packet: unwrapInboundIn(data)) {
        case .nothing:
            return
        case .invalid(let message):
            write([Reply(tag: 0, outcome: .failed(.server(.badRequest, message)))], context: context)
        case .request(let operation, let source):
            inFlight += 1
            requestCount += 1
            interpreter.submit(
                Request(operation: operation, source: source, session: session, replyTo: endpoint))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed, is ChannelShouldQuiesceEvent:
            closing = true
            closeIfDone(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        if let endpoint {
            session.detach(endpoint)
            if !unconfirmed.isEmpty {
                session.keepUndelivered(unconfirmed, from: endpoint)
                unconfirmed = []
            }
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The endpoint may outlive the connection (queued requests hold it) and keeps this
        // handler to route late replies; dropping the reference back ends the cycle.
        endpoint = nil
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    /// Replies from the interpreter thread, on this channel's event loop.
    fileprivate func receive(_ replies: [Reply], from endpoint: ChannelReplyEndpoint) {
        inFlight -= replies.count(where: \.answersRequest)
        guard let context, context.channel.isActive else {
            session.keepUndelivered(replies, from: endpoint)
            return
        }
        write(replies, context: context)
        closeIfDone(context: context)
    }

    private func write(_ replies: [Reply], context: ChannelHandlerContext) {
        var wrote = false
        for reply in replies {
            let text = RawReplyEncoder.text(of: reply)
            guard !text.isEmpty else { continue }
            context.write(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
            if closing { unconfirmed.append(reply) }
            wrote = true
        }
        guard wrote else { return }
        context.flush()
        if closing { scheduleConfirmation(context: context, attempt: 0) }
    }

    /// Polls TCP_INFO until every segment sent was acknowledged (the client's socket is
    /// still there to read them) or the connection is reset (it is not).
    private func scheduleConfirmation(context: ChannelHandlerContext, attempt: Int) {
        guard !confirmationScheduled, let provider = context.channel as? SocketOptionProvider else { return }
        confirmationScheduled = true
        let delay = TimeAmount.milliseconds(Int64(min(50, 1 << min(attempt, 6))))
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            provider.getTCPInfo().assumeIsolated().whenComplete { result in
                self.confirmationScheduled = false
                guard case .success(let info) = result, let context = self.context else { return }
                if info.tcpi_unacked == 0 {
                    self.unconfirmed.removeAll()
                    self.closeIfDone(context: context)
                } else if attempt < 400 {
                    self.scheduleConfirmation(context: context, attempt: attempt + 1)
                } else {
                    // Twenty seconds without an acknowledgement: the client is gone.
                    context.close(promise: nil)
                }
            }
        }
    }

    private func closeIfDone(context: ChannelHandlerContext) {
        guard closing, inFlight == 0, unconfirmed.isEmpty, context.channel.isActive else { return }
        context.close(promise: nil)
    }
}

/// The interpreter thread's handle on a connection: replies hop to the channel's event
/// loop and reach its handler there.
final class ChannelReplyEndpoint: ReplyEndpoint {
    private let handler: NIOLoopBound<RawConnectionHandler>

    init(handler: RawConnectionHandler, eventLoop: EventLoop) {
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    func deliver(_ replies: [Reply]) {
        handler.eventLoop.execute { [handler, self] in
            handler.value.receive(replies, from: self)
        }
    }
}
