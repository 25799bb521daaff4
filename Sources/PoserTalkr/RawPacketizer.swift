import NIOCore

/// Cuts a raw-mode byte stream into packets the way the original PoserTalkr did: a packet
/// is whatever one read burst delivered (every read the event loop made before the socket
/// ran dry). Clients such as the forum script send one command per `sendall` and wait, and
/// telnet sends a line at a time, so a burst is one command.
final class RawPacketizer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var burst: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if burst == nil {
            burst = bytes
        } else {
            burst!.writeBuffer(&bytes)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        emitBurst(context: context)
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { emitBurst(context: context) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        emitBurst(context: context)
        context.fireChannelInactive()
    }

    private func emitBurst(context: ChannelHandlerContext) {
        guard let packet = burst else { return }
        burst = nil
        context.fireChannelRead(wrapInboundOut(packet))
    }
}
