import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PoserTalkrWire

/// Decides, for each accepted connection, whether it may stay and which handlers serve it:
/// the allowlist, authentication lockouts and the connection limit are checked before a
/// byte is read, then a `ProtocolDetector` picks TLS, framed or raw from the first byte.
struct ConnectionSetup: Sendable {
    let configuration: ServerConfiguration
    let sessions: SessionDirectory
    let interpreter: InterpreterHost
    let authenticator: Authenticator?
    let tls: NIOSSLContext?
    let openConnections: ManagedAtomic<Int>
    let refusals: RefusalLog
    let logger: Logger

    func initialize(_ channel: Channel) throws {
        let peer = channel.remoteAddress
        let peerText = peer?.displayText ?? "?"
        let ip = peer?.ipAddress ?? "?"
        var logger = self.logger
        logger[metadataKey: "client"] = "\(peerText)"

        if !configuration.security.allowlist.isEmpty {
            guard let peer, configuration.security.allowlist.contains(where: { $0.contains(peer) }) else {
                refusals.note(ip, "not in --allow", logger: logger)
                throw Refused()
            }
        }
        if let authenticator, authenticator.isLockedOut(ip) {
            refusals.note(ip, "locked out after repeated authentication failures", logger: logger)
            throw Refused()
        }
        let count = openConnections.wrappingIncrementThenLoad(ordering: .relaxed)
        channel.closeFuture.whenComplete { [openConnections] _ in
            openConnections.wrappingDecrement(ordering: .relaxed)
        }
        guard count <= configuration.limits.maxConnections else {
            refusals.note(ip, "too many connections", logger: logger)
            try refuse(
                channel,
                "too many connections (\(configuration.limits.maxConnections), --max-connections); try again later"
            )
            return
        }
        let session: Session
        do {
            session = try sessions.session(for: SessionKey(peer: peer))
        } catch {
            refusals.note(ip, "\(error)", logger: logger)
            try refuse(channel, "\(error)")
            return
        }

        let fromLoopback = peer.map(IPRange.isLoopback) ?? false
        let plaintextAllowed = tls == nil || fromLoopback || configuration.security.allowPlaintextFromNetwork
        let makeRaw: () -> [ChannelHandler] = {
            [
                RawPacketizer(maxPacketLength: configuration.limits.maxPacketLength),
                RawConnectionHandler(
                    session: session, interpreter: interpreter, limits: configuration.limits,
                    authenticator: authenticator, clientAddress: ip, logger: logger),
            ]
        }
        let framedSettings = FramedConnectionHandler.Settings(
            maxFrameLength: configuration.limits.maxFrameLength,
            maxInFlight: configuration.limits.maxInFlightPerConnection,
            serverVersion: PoserTalkrVersion.current,
            pythonVersion: String(interpreter.pythonVersion.prefix { $0 != " " }),
            authenticationTimeout: configuration.limits.authenticationTimeout)
        let makeFramed: () -> [ChannelHandler] = {
            [
                FramedConnectionHandler(
                    session: session, sessions: sessions, interpreter: interpreter, settings: framedSettings,
                    authenticator: authenticator, clientAddress: ip, logger: logger)
            ]
        }
        let makeTLS: (() -> [ChannelHandler])? = tls.map { context in
            {
                [
                    NIOSSLServerHandler(context: context),
                    // Inside TLS the first plaintext byte decides; no timeout, since the
                    // handshake itself takes time.
                    ProtocolDetector(rawAfter: nil, raw: makeRaw, framed: makeFramed),
                ]
            }
        }
        let plaintextRefusal: () -> [ChannelHandler] = {
            [
                ClosingHandler(
                    message:
                        "this server accepts TLS connections only from the network (see docs/SECURITY.md)")
            ]
        }
        try channel.pipeline.syncOperations.addHandler(
            ProtocolDetector(
                raw: plaintextAllowed ? makeRaw : plaintextRefusal,
                framed: plaintextAllowed ? makeFramed : plaintextRefusal,
                tls: makeTLS))
    }

    private func refuse(_ channel: Channel, _ message: String) throws {
        try channel.pipeline.syncOperations.addHandler(ClosingHandler(message: message))
    }

    struct Refused: Error {}
}

/// Says why a connection is not served, in raw text, and closes it.
final class ClosingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let message: String

    init(message: String) { self.message = message }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sayAndClose(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sayAndClose(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func sayAndClose(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(string: "posertalkr: \(message)\n")))
            .whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Logs refused connections without letting a flood of them flood the log: the first
/// refusal of an address per minute is logged at warning level, later ones at debug.
final class RefusalLog: Sendable {
    private let recent = NIOLockedValueBox<[String: NIODeadline]>([:])

    func note(_ address: String, _ reason: String, logger: Logger) {
        let now = NIODeadline.now()
        let first = recent.withLockedValue { recent in
            if recent.count > 10_000 { recent = recent.filter { now - $0.value < .minutes(1) } }
            if let last = recent[address], now - last < .minutes(1) { return false }
            recent[address] = now
            return true
        }
        logger.log(level: first ? .warning : .debug, "connection refused", metadata: ["reason": "\(reason)"])
    }
}
