import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the server could not start, in words for the person who started it.
public struct ServerStartupError: Error, CustomStringConvertible {
    public let description: String
}

/// The PoserTalkr server: a SwiftNIO listener in front of the interpreter thread.
///
/// `start()` checks the security settings, brings up Python and binds; `run()` (a
/// ServiceLifecycle service) then waits for a graceful shutdown (SIGTERM/SIGINT via
/// `ServiceGroup`) and drains: no new connections, running requests finish within the grace
/// period, replies go out, Python is finalized.
public final class PoserTalkrServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let state = NIOLockedValueBox<Running?>(nil)
    private let openConnections = ManagedAtomic(0)

    private struct Running: Sendable {
        let interpreter: InterpreterHost
        let channel: Channel
        let quiesce: ServerQuiescingHelper
        let eviction: RepeatedTask
    }

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
    }

    /// Connections open now.
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Starts Python and listens. Returns the bound address (useful with port 0).
    @discardableResult
    public func start() async throws -> SocketAddress {
        // A client script writing to a closed pipe must get an error, not kill the server.
        signal(SIGPIPE, SIG_IGN)
        StandardDescriptors.secure()
        logger.info(
            "starting",
            metadata: [
                "version": "\(PoserTalkrVersion.current)", "pid": .stringConvertible(Int(getpid())),
                "shims": "\(configuration.shimsDirectory)",
            ])
        ResourceLimits
            .raiseOpenFileLimit(
                toAtLeast: configuration.limits.maxConnections * (configuration.directReplies ? 2 : 1) + 256,
                logger: logger)
        let tls: NIOSSLContext?
        do {
            try checkExposure()
            tls = try makeTLSContext()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let interpreter: InterpreterHost
        do {
            interpreter = try await InterpreterHost.start(configuration.interpreter, logger: logger)
        } catch {
            try? await group.shutdownGracefully()
            throw ServerStartupError(description: "\(error)")
        }
        let sessions = SessionDirectory(
            undeliveredLimits: configuration.limits.keptReplies,
            maxSessions: configuration.limits.maxSessions,
            onEvict: { interpreter.forget($0) })
        let setup = ConnectionSetup(
            configuration: configuration, sessions: sessions, interpreter: interpreter,
            authenticator: configuration.security.token.map { Authenticator(token: $0) }, tls: tls,
            openConnections: openConnections, refusals: RefusalLog(), logger: logger)
        let channel: Channel
        let quiesce: ServerQuiescingHelper
        do {
            (channel, quiesce) = try await bind(setup)
        } catch {
            await interpreter.shutdown()
            try? await group.shutdownGracefully()
            throw ServerStartupError(description: bindFailure(error))
        }
        if let port = channel.localAddress?.port { interpreter.serverListening(onPort: port) }
        let eviction = scheduleEviction(of: sessions)
        state.withLockedValue {
            $0 = Running(interpreter: interpreter, channel: channel, quiesce: quiesce, eviction: eviction)
        }
        guard let address = channel.localAddress else {
            throw ServerStartupError(description: "the listening socket has no address")
        }
        logger.info(
            "listening",
            metadata: [
                "address": "\(address.displayText)",
                "python": "\(interpreter.pythonVersion.prefix { $0 != " " })",
                "security": "\(securitySummary)",
            ])
        return address
    }

    /// Redis-style protected mode: a server that runs code for whoever connects must not
    /// face the network unprotected unless told so on purpose.
    private func checkExposure() throws {
        let security = configuration.security
        guard !security.protectsNetworkClients else { return }
        let addresses = try? SocketAddress.makeAddressResolvingHost(
            configuration.host, port: configuration.port)
        if let addresses, IPRange.isLoopback(addresses) { return }
        let protection =
            security.allowlist.isEmpty
            ? "no allowlist and no token"
            : "no token and an allowlist of every address (--allow \(security.allowlist.map(\.description).joined(separator: " ")))"
        guard security.insecure else {
            throw ServerStartupError(
                description: """
                    refusing to listen on \(configuration.host), which other machines can reach, with \(protection): \
                    whoever connects could run any code on this machine. Pass --allow CIDR for the machines \
                    you trust (say --allow 192.168.1.0/24) and/or --token-file PATH (or POSERTALKR_TOKEN), or \
                    --insecure to accept everyone as the original PoserTalkr did. See docs/SECURITY.md.
                    """)
        }
        logger.critical(
            """
            INSECURE: listening on \(configuration.host) with \(protection). Anyone who can reach this port \
            can run any code on this machine as this user.
            """)
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard let files = configuration.security.tls else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
            let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ServerStartupError(
                description:
                    "cannot use the TLS certificate \(files.certificateChain) and key \(files.privateKey): \(error)"
            )
        }
    }

    private var securitySummary: String {
        let security = configuration.security
        var parts: [String] = []
        parts.append(
            security.allowlist.isEmpty
                ? "any address" : "allow \(security.allowlist.map(\.description).joined(separator: ","))")
        parts.append(security.token == nil ? "no token" : "token required")
        if security.tls != nil {
            parts.append(security.allowPlaintextFromNetwork ? "TLS optional" : "TLS from network")
        }
        if security.insecure { parts.append("INSECURE") }
        return parts.joined(separator: ", ")
    }

    /// Binds the listener. On failure the quiescing helper is released before this returns,
    /// so that it is gone before the event loops are shut down.
    private func bind(_ setup: ConnectionSetup) async throws -> (Channel, ServerQuiescingHelper) {
        let quiesce = ServerQuiescingHelper(group: group)
        let channel = try await bootstrap(setup, quiesce: quiesce)
            .bind(host: configuration.host, port: configuration.port).get()
        return (channel, quiesce)
    }

    private func bootstrap(_ setup: ConnectionSetup, quiesce: ServerQuiescingHelper) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(
                    minimum: 64, initial: 2048, maximum: ServerChannelOptions.maxReadSize)
            )
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(
                    low: ServerChannelOptions.writeBufferLowWater,
                    high: ServerChannelOptions.writeBufferHighWater)
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try setup.initialize(channel) }
            }
    }

    private func scheduleEviction(of sessions: SessionDirectory) -> RepeatedTask {
        let lifetime = TimeAmount(configuration.limits.sessionIdleLifetime)
        let period = TimeAmount.nanoseconds(
            max(
                TimeAmount.seconds(1).nanoseconds,
                min(TimeAmount.seconds(60).nanoseconds, lifetime.nanoseconds / 4)))
        let logger = self.logger
        return group.next().scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            let evicted = sessions.evictIdle(lastUsedBefore: .now() - lifetime)
            if evicted > 0 {
                logger.debug("evicted idle sessions", metadata: ["count": .stringConvertible(evicted)])
            }
        }
    }

    private func bindFailure(_ error: Error) -> String {
        let place = "\(configuration.host):\(configuration.port)"
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE:
                return "cannot listen on \(place): the address is already in use (another "
                    + "PoserTalkr or program holds the port; pick another with --port)"
            case EADDRNOTAVAIL:
                return "cannot listen on \(place): no network interface has that address"
            case EACCES:
                return "cannot listen on \(place): permission denied (ports below 1024 need privileges)"
            default:
                return "cannot listen on \(place): \(io)"
            }
        }
        return "cannot listen on \(place): \(error)"
    }

    /// Waits for graceful shutdown, then drains and stops. Call after `start()`.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Call once the process has set itself up after `start` (signal handling, timers): the
    /// event descriptors it opened since are kept from client code's `os.close` like the
    /// server's own (docs/SECURITY.md). The command line does, from its service group.
    public func protectDescriptorsOpenedSinceStart() {
        state.withLockedValue { $0 }?.interpreter.protectDescriptorsOpenedSince()
    }

    /// Shuts down in the order docs/PROTOCOL.md promises: stop accepting; the request running
    /// now finishes (for up to the grace period, then it is interrupted) while every other
    /// request, queued or still arriving, is answered as not run, in order; then each
    /// connection closes once it has written what it owes; then Python is finalized and the
    /// event loops stop. Safe to call more than once.
    public func shutdown() async {
        // The quiescing helper touches the event loops when it goes away, so it must be gone
        // (released when `drain` returns) before they stop.
        guard await drain() else { return }
        try? await group.shutdownGracefully()
        logger.info("stopped")
    }

    /// Returns false when there was nothing to drain (not started, or already shut down).
    private func drain() async -> Bool {
        guard
            let running = state.withLockedValue({ state -> Running? in
                defer { state = nil }
                return state
            })
        else { return false }
        logger.info("shutting down")
        running.eviction.cancel()
        // No new connections (the listener closes with the quiesce below).
        try? await running.channel.setOption(.autoRead, value: false).get()
        let interpreter = running.interpreter
        if await !interpreter.drain(waitingUpTo: configuration.shutdownGracePeriod) {
            logger.warning("a request was still running after the grace period; interrupting it")
            interpreter.interruptRunningRequest(reason: .shutdown)
            _ = await interpreter.drain(waitingUpTo: .seconds(2))
        }
        let closed = group.next().makePromise(of: Void.self)
        running.quiesce.initiateShutdown(promise: closed)
        _ = await wait(for: closed.futureResult, upTo: .seconds(5))
        await interpreter.shutdown(interruptRunning: true)
        return true
    }

    /// Whether `future` completed within `limit`.
    private func wait(for future: EventLoopFuture<Void>, upTo limit: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let answered = ManagedAtomic(false)
            let answer = { @Sendable (inTime: Bool) in
                if answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
                    .exchanged
                {
                    continuation.resume(returning: inTime)
                }
            }
            future.whenComplete { _ in answer(true) }
            future.eventLoop.scheduleTask(in: TimeAmount(limit)) { answer(false) }
        }
    }
}
