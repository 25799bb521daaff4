import NIOCore

/// A raw-mode packet: what one read burst delivered, or the news that it was too large.
enum RawPacket {
    case bytes(ByteBuffer)
    /// The burst went over the limit; its bytes were dropped.
    case oversized(limit: Int)
}

/// Cuts a raw-mode byte stream into packets the way the original PoserTalkr did: a packet
/// is whatever one read burst delivered (every read the event loop made before the socket
/// ran dry). Clients such as the forum script send one command per `sendall` and wait, and
/// telnet sends a line at a time, so a burst is one command. Bursts over `maxPacketLength`
/// are dropped (and answered with an error) instead of growing without bound.
final class RawPacketizer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RawPacket

    private let maxPacketLength: Int
    private var burst: ByteBuffer?
    private var oversized = false

    init(maxPacketLength: Int) {
        self.maxPacketLength = maxPacketLength
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard !oversized else { return }
        if (burst?.readableBytes ?? 0) + bytes.readableBytes > maxPacketLength {
            oversized = true
            burst = nil
        } else if burst == nil {
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
        if oversized {
            oversized = false
            context.fireChannelRead(wrapInboundOut(.oversized(limit: maxPacketLength)))
        } else if let packet = burst {
            burst = nil
            context.fireChannelRead(wrapInboundOut(.bytes(packet)))
        }
    }
}
