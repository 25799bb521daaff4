import Logging
import NIOCore
import NIOExtras

/// Serves one raw-mode connection: turns packets into requests for its session and writes
/// the replies back in order.
///
/// When the client half-closes (telnet, `nc -N`) or the server quiesces, it stops taking
/// requests, waits for the answers already owed, and then closes.
final class RawConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let session: Session
    private let interpreter: InterpreterHost
    private let logger: Logger
    private var endpoint: ChannelReplyEndpoint?
    private var context: ChannelHandlerContext?
    private var inFlight = 0
    private var closing = false
    private var requestCount = 0
    private var isAttached = false

    init(session: Session, interpreter: InterpreterHost, logger: Logger) {
        self.session = session
        self.interpreter = interpreter
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let endpoint = ChannelReplyEndpoint(handler: self, eventLoop: context.eventLoop)
        self.endpoint = endpoint
        if context.channel.isActive { attach(endpoint, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if let endpoint { attach(endpoint, context: context) }
        context.fireChannelActive()
    }

    private func attach(_ endpoint: ChannelReplyEndpoint, context: ChannelHandlerContext) {
        guard !isAttached else { return }
        isAttached = true
        let waiting = session.attach(endpoint)
        if !waiting.isEmpty {
            logger.debug(
                "delivering replies kept for the session", metadata: ["count": "\(waiting.count)"])
            write(waiting, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, let endpoint else { return }
        switch RawCommand(packet: unwrapInboundIn(data)) {
        case .nothing:
            return
        case .invalid(let message):
            write([Reply(tag: 0, outcome: .rejected(message))], context: context)
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
        if let endpoint { session.detach(endpoint) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The endpoint may outlive the connection (queued requests hold it) and keeps this
        // handler to forward late replies; drop the reference back to end the cycle.
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
            let buffer = context.channel.allocator.buffer(string: text)
            context.write(wrapOutboundOut(buffer), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
    }

    private func closeIfDone(context: ChannelHandlerContext) {
        guard closing, inFlight == 0, context.channel.isActive else { return }
        // Close once everything written so far has left.
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: done)
        let channel = context.channel
        done.futureResult.whenComplete { _ in channel.close(promise: nil) }
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
