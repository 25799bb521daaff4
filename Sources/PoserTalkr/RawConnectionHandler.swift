import Logging
import NIOCore
import NIOExtras

/// Serves one raw-mode connection: turns packets into requests for its session and writes
/// the replies back in order, as text.
///
/// When the client closes its sending side (telnet, `nc -N`, the forum client quitting) or
/// the server quiesces, it takes no more requests, answers the ones it has, then closes.
final class RawConnectionHandler: ChannelInboundHandler, ReplyReceiver {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let link: SessionLink
    private let interpreter: InterpreterHost
    private let logger: Logger
    private var context: ChannelHandlerContext?

    init(session: Session, interpreter: InterpreterHost, logger: Logger) {
        self.link = SessionLink(session: session)
        self.interpreter = interpreter
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        link.start(receiver: self, eventLoop: context.eventLoop)
        if context.channel.isActive { attach(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        attach(context: context)
        context.fireChannelActive()
    }

    private func attach(context: ChannelHandlerContext) {
        let waiting = link.attach()
        if !waiting.isEmpty {
            logger.debug("delivering replies kept for the session", metadata: ["count": "\(waiting.count)"])
            write(waiting, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !link.closing, let endpoint = link.endpoint else { return }
        switch RawCommand(packet: unwrapInboundIn(data)) {
        case .nothing:
            return
        case .invalid(let message):
            write([Reply(tag: 0, outcome: .failed(.server(.badRequest, message)))], context: context)
        case .request(let operation, let source):
            link.inFlight += 1
            interpreter.submit(
                Request(operation: operation, source: source, session: link.session, replyTo: endpoint))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed, is ChannelShouldQuiesceEvent:
            link.beginClosing()
            link.closeIfDone(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        link.channelInactive()
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
        link.closeIfDone(context: context)
    }

    func receiveOutput(tag: UInt64, _ chunks: [OutputChunk]) {}

    private func write(_ replies: [Reply], context: ChannelHandlerContext) {
        var written: [Reply] = []
        for reply in replies {
            let text = RawReplyEncoder.text(of: reply)
            guard !text.isEmpty else { continue }
            context.write(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
            written.append(reply)
        }
        guard !written.isEmpty else { return }
        context.flush()
        link.written(written, context: context)
    }
}
