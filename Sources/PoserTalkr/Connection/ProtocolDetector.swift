import NIOCore
import PoserTalkrWire

/// Picks a connection's protocol from its first byte: 0x16 starts a TLS handshake (when TLS
/// is configured), NUL starts the framed preamble (no text command starts with NUL), anything
/// else is a raw packet. Then it puts that protocol's handlers in its place and passes the
/// first bytes on.
///
/// A client that connects and sends nothing for `rawAfter` is taken to be a raw client
/// waiting for replies kept from its last connection (framed clients send their preamble
/// at once), so those replies reach it without it having to send anything first.
final class ProtocolDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let tlsHandshakeRecord: UInt8 = 0x16

    private let makeRaw: () -> [ChannelHandler]
    private let makeFramed: () -> [ChannelHandler]
    private let makeTLS: (() -> [ChannelHandler])?
    private let rawAfter: TimeAmount?
    private var chosen = false
    private var timeout: Scheduled<Void>?

    init(
        rawAfter: TimeAmount? = .milliseconds(500), raw: @escaping () -> [ChannelHandler],
        framed: @escaping () -> [ChannelHandler], tls: (() -> [ChannelHandler])? = nil
    ) {
        self.rawAfter = rawAfter
        self.makeRaw = raw
        self.makeFramed = framed
        self.makeTLS = tls
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timeout == nil, !chosen, let rawAfter else { return }
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: rawAfter) {
            guard !self.chosen, context.channel.isActive else { return }
            self.choose(self.makeRaw(), context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        guard !chosen, let first = bytes.readableBytesView.first else {
            context.fireChannelRead(data)
            return
        }
        let handlers: [ChannelHandler]
        if first == Self.tlsHandshakeRecord, let makeTLS {
            handlers = makeTLS()
        } else {
            handlers = first == 0 ? makeFramed() : makeRaw()
        }
        choose(handlers, context: context, firstBytes: data)
    }

    private func choose(
        _ handlers: [ChannelHandler], context: ChannelHandlerContext, firstBytes: NIOAny? = nil
    ) {
        chosen = true
        timeout?.cancel()
        timeout = nil
        do {
            try context.pipeline.syncOperations.addHandlers(handlers, position: .after(self))
        } catch {
            context.fireErrorCaught(error)
            return
        }
        if let firstBytes { context.fireChannelRead(firstBytes) }
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A client that closes (or a server that quiesces) before the first byte: nothing
        // was asked, so nothing is owed.
        if !chosen, case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        if !chosen, event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        context.fireChannelInactive()
    }
}
