import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PoserTalkrWire

/// Decides, for each accepted connection, whether it may stay and which handlers serve it:
/// the allowlist, authentication lockouts and the connection limit are checked before a
/// byte is read, then a `ProtocolDetector` picks TLS, framed or raw from the first byte.
/// No session is made here: a connection gets one once its client authenticated.
struct ConnectionSetup: Sendable {
    let configuration: ServerConfiguration
    let sessions: SessionDirectory
    let interpreter: InterpreterHost
    let authenticator: Authenticator?
    let tls: NIOSSLContext?
    let openConnections: ManagedAtomic<Int>
    let connectionsPerAddress = AddressConnectionCounter()
    let refusals: RefusalLog
    let logger: Logger

    func initialize(_ channel: Channel) throws {
        let peer = channel.remoteAddress
        let peerText = peer?.displayText ?? "?"
        let ip = peer?.ipAddress ?? "?"
        var logger = self.logger
        logger[metadataKey: "client"] = "\(peerText)"

        // This machine (127.0.0.1, ::1) is always allowed: whoever runs code here can reach a
        // loopback-only server anyway; the token, when set, still applies.
        let fromLoopback = peer.map(IPRange.isLoopback) ?? false
        if !configuration.security.allowlist.isEmpty, !(peer.map(IPRange.isThisMachine) ?? false) {
            guard let peer, configuration.security.allowlist.contains(where: { $0.contains(peer) }) else {
                refusals.note(ip, "not in --allow", logger: logger)
                try refuse(channel, .unauthorized, "this address (\(ip)) is not allowed to connect (--allow)")
                return
            }
        }
        if let authenticator, authenticator.isLockedOut(ip) {
            refusals.note(ip, "locked out after repeated authentication failures", logger: logger)
            try refuse(channel, .unauthorized, Authenticator.lockedOutMessage)
            return
        }
        // Refused connections count toward no limit: they only live to say why.
        let perAddress = configuration.limits.maxConnectionsPerAddress
        guard connectionsPerAddress.acquire(ip, limit: perAddress) else {
            refusals.note(ip, "too many connections from this address", logger: logger)
            try refuse(
                channel, .limitReached,
                "too many connections from this address (\(perAddress), --max-connections-per-address); try again later"
            )
            return
        }
        guard
            openConnections.wrappingIncrementThenLoad(ordering: .relaxed)
                <= configuration.limits.maxConnections
        else {
            openConnections.wrappingDecrement(ordering: .relaxed)
            connectionsPerAddress.release(ip)
            refusals.note(ip, "too many connections", logger: logger)
            try refuse(
                channel, .limitReached,
                "too many connections (\(configuration.limits.maxConnections), --max-connections); try again later"
            )
            return
        }
        channel.closeFuture.whenComplete { [openConnections, connectionsPerAddress] _ in
            openConnections.wrappingDecrement(ordering: .relaxed)
            connectionsPerAddress.release(ip)
        }

        // The session is found (or made) only once the client authenticated.
        let services = ConnectionServices(
            sessions: sessions, interpreter: interpreter, authenticator: authenticator,
            limits: configuration.limits, addressSessionKey: SessionKey(peer: peer), clientAddress: ip,
            clientLabel: peerText, logger: logger, congestionLimit: ServerChannelOptions.writeBufferHighWater,
            directReplies: configuration.directReplies,
            interpreterReads: configuration.directReplies && configuration.interpreterReads)
        let framedSettings = FramedConnectionHandler.Settings(
            maxFrameLength: configuration.limits.maxFrameLength, serverVersion: PoserTalkrVersion.current,
            pythonVersion: String(interpreter.pythonVersion.prefix { $0 != " " }))
        // Inside TLS only the event loop can write (NIOSSL encrypts): no direct replies.
        let makeRaw: (_ plaintext: Bool) -> [ChannelHandler] = {
            [RawConnectionHandler(services: services, plaintext: $0)]
        }
        let makeFramed: (_ plaintext: Bool) -> [ChannelHandler] = {
            [FramedConnectionHandler(services: services, settings: framedSettings, plaintext: $0)]
        }
        let plaintextAllowed = tls == nil || fromLoopback || configuration.security.allowPlaintextFromNetwork
        let makeTLS: (() -> [ChannelHandler])? = tls.map { context in
            {
                [
                    NIOSSLServerHandler(context: context),
                    HandshakeDeadline(limit: TimeAmount(configuration.limits.authenticationTimeout)),
                    // Inside TLS the first plaintext byte decides; no timeout, since the
                    // handshake itself takes time.
                    ProtocolDetector(rawAfter: nil, raw: { makeRaw(false) }, framed: { makeFramed(false) }),
                ]
            }
        }
        let plaintextRefusal: () -> [ChannelHandler] = {
            [
                ClosingHandler(
                    message:
                        "this server accepts TLS connections only from the network (see docs/SECURITY.md)",
                    code: .unauthorized, rawAfter: .zero)
            ]
        }
        try channel.pipeline.syncOperations.addHandler(
            ProtocolDetector(
                raw: plaintextAllowed ? { makeRaw(true) } : plaintextRefusal,
                framed: plaintextAllowed ? { makeFramed(true) } : plaintextRefusal,
                tls: makeTLS))
    }

    /// Tells the client why (in its protocol) and closes.
    private func refuse(_ channel: Channel, _ code: FramedErrorCode, _ message: String) throws {
        try channel.pipeline.syncOperations.addHandler(ClosingHandler(message: message, code: code))
    }
}
