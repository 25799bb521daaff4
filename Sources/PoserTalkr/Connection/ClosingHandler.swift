import NIOCore
import PoserTalkrWire

/// Tells a client why it is not served, in its own protocol, and closes: an ERROR frame
/// (request id 0) when the connection starts with the framed preamble's NUL, a
/// `posertalkr: <message>` line otherwise, or after `rawAfter` of silence (a raw client
/// waiting for the server). A TLS handshake gets no answer it could read; it is just closed.
final class ClosingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let message: String
    private let code: FramedErrorCode
    private let rawAfter: TimeAmount
    private var answered = false
    private var timer: Scheduled<Void>?

    init(message: String, code: FramedErrorCode, rawAfter: TimeAmount = .milliseconds(500)) {
        self.message = message
        self.code = code
        self.rawAfter = rawAfter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: rawAfter) {
            self.answer(framed: false, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let first = unwrapInboundIn(data).readableBytesView.first else { return }
        if first == ProtocolDetector.tlsHandshakeRecord {
            answered = true
            timer?.cancel()
            context.close(promise: nil)
            return
        }
        answer(framed: first == 0, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    private func answer(framed: Bool, context: ChannelHandlerContext) {
        guard !answered, context.channel.isActive else { return }
        answered = true
        timer?.cancel()
        var buffer = context.channel.allocator.buffer(capacity: 64 + message.utf8.count)
        if framed {
            FrameEncoder.error(requestID: 0, .server(code, message), output: .empty, into: &buffer)
        } else {
            buffer.writeString("posertalkr: \(message)\n")
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}
