import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
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
/// `start()` brings up Python and binds; `run()` (a ServiceLifecycle service) then waits for
/// a graceful shutdown (SIGTERM/SIGINT via `ServiceGroup`) and drains: no new connections,
/// running requests finish within the grace period, replies go out, Python is finalized.
public final class PoserTalkrServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let sessions: SessionDirectory
    private let state = NIOLockedValueBox<Running?>(nil)

    private struct Running: Sendable {
        let interpreter: InterpreterHost
        let channel: Channel
        let quiesce: ServerQuiescingHelper
    }

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        self.sessions = SessionDirectory(undeliveredLimits: configuration.undeliveredLimits)
    }

    /// Starts Python and listens. Returns the bound address (useful with port 0).
    @discardableResult
    public func start() async throws -> SocketAddress {
        // A client script writing to a closed pipe must get an error, not kill the server.
        signal(SIGPIPE, SIG_IGN)
        let interpreter: InterpreterHost
        do {
            interpreter = try await InterpreterHost.start(configuration.interpreter, logger: logger)
        } catch {
            try? await group.shutdownGracefully()
            throw ServerStartupError(description: "\(error)")
        }
        let quiesce = ServerQuiescingHelper(group: group)
        let channel: Channel
        do {
            channel = try await bootstrap(interpreter: interpreter, quiesce: quiesce)
                .bind(host: configuration.host, port: configuration.port).get()
        } catch {
            await interpreter.shutdown()
            try? await group.shutdownGracefully()
            throw ServerStartupError(description: bindFailure(error))
        }
        state.withLockedValue { $0 = Running(interpreter: interpreter, channel: channel, quiesce: quiesce) }
        guard let address = channel.localAddress else {
            throw ServerStartupError(description: "the listening socket has no address")
        }
        logger.info(
            "listening",
            metadata: [
                "address": "\(address.displayText)",
                "python": "\(interpreter.pythonVersion.prefix { $0 != " " })",
            ])
        return address
    }

    private func bootstrap(interpreter: InterpreterHost, quiesce: ServerQuiescingHelper) -> ServerBootstrap {
        let sessions = self.sessions
        let logger = self.logger
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // Large transfers: read up to 1 MiB at a time, keep up to 4 MiB queued for writing.
            .childChannelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20)
            )
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .childChannelInitializer { [configuration] channel in
                channel.eventLoop.makeCompletedFuture {
                    let session = sessions.session(for: SessionKey(peer: channel.remoteAddress))
                    var connectionLogger = logger
                    connectionLogger[metadataKey: "client"] = "\(channel.remoteAddress?.displayText ?? "?")"
                    let framedSettings = FramedConnectionHandler.Settings(
                        maxFrameLength: configuration.maxFrameLength,
                        serverVersion: PoserTalkrVersion.current,
                        pythonVersion: String(interpreter.pythonVersion.prefix { $0 != " " }))
                    try channel.pipeline.syncOperations.addHandler(
                        ProtocolDetector(
                            raw: {
                                [
                                    RawPacketizer(),
                                    RawConnectionHandler(
                                        session: session, interpreter: interpreter, logger: connectionLogger),
                                ]
                            },
                            framed: {
                                [
                                    FramedConnectionHandler(
                                        session: session, sessions: sessions, interpreter: interpreter,
                                        settings: framedSettings, logger: connectionLogger)
                                ]
                            }))
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

    /// Stops accepting, lets connections finish what they asked for (up to the grace period,
    /// after which the running request is interrupted and queued ones are answered as not
    /// run), finalizes Python and stops the event loops. Safe to call more than once.
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
        let drained = group.next().makePromise(of: Void.self)
        running.quiesce.initiateShutdown(promise: drained)
        let finishedInTime = await wait(for: drained.futureResult, upTo: configuration.shutdownGracePeriod)
        if !finishedInTime {
            logger.warning("requests still running after the grace period; interrupting them")
        }
        await running.interpreter.shutdown(interruptRunning: !finishedInTime)
        _ = await wait(for: drained.futureResult, upTo: .seconds(2))
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
