import Atomics
import CPythonGlue
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PythonHost

/// What the interpreter thread's inbox carries.
enum InterpreterJob: Sendable {
    case request(Request)
    /// Memory for an incoming put: a fresh `bytes` object the connection fills.
    case allocatePut(count: Int, promise: EventLoopPromise<PythonBytesStorage>)
    /// A Python object the network side let go of.
    case release(PythonRelease)
    /// The session was evicted: drop its namespace.
    case forget(sessionID: UInt64)
    /// The port the server listens on (`serverListening`).
    case serverPort(Int)
    /// The process finished setting itself up (`protectDescriptorsOpenedSince`).
    case protectDescriptorsOpenedSince
    /// A connection that was not reading its replies drained: look at held-back sessions.
    case congestionCleared
    /// The event loop took a `SocketLease` back: stop tracking it.
    case leaseRecalled(token: UInt64)
    /// Nothing to do but look around (a stop request, for one).
    case wake
}

/// The thread that owns CPython and does all Python work for the server.
///
/// Event loops hand requests over with `submit` (lock-free; a wake-up only when the thread
/// is idle). The thread initializes Python, serves sessions round-robin, releases the GIL
/// while it waits, and finalizes Python when it is shut down.
public final class InterpreterHost: Sendable {
    public struct Configuration: Sendable {
        public var python: PythonConfiguration
        /// How long threads started by client code get to finish at shutdown before the
        /// interpreter is finalized without them.
        public var threadGracePeriod: Duration
        /// Requests running longer are interrupted (`--max-run`); nil lets them run.
        public var maxRunTime: Duration?
        /// How long the idle interpreter thread polls for work before it sleeps. Waking a
        /// sleeping thread costs tens of microseconds on a virtual machine, which is most of
        /// a request's round trip; polling costs CPU while a client is between requests.
        public var idleSpin: Duration
        /// The host app's own modules, installed before the first request.
        public var hostModules: [HostModule]
        /// The module sessions get as `poser` (and `SCENE = <module>.Scene()`).
        public var sceneModule: String

        public init(
            python: PythonConfiguration, threadGracePeriod: Duration = .seconds(2),
            maxRunTime: Duration? = nil, idleSpin: Duration = ServerConfiguration.defaultIdleSpin,
            hostModules: [HostModule] = [], sceneModule: String = "poser"
        ) {
            self.hostModules = hostModules
            self.sceneModule = sceneModule
            self.idleSpin = idleSpin
            self.python = python
            self.threadGracePeriod = threadGracePeriod
            self.maxRunTime = maxRunTime
        }
    }

    private let inbox: WorkInbox<InterpreterJob>
    private let drainRequested = ManagedAtomic(false)
    private let stopRequested = ManagedAtomic(false)
    /// Set once the loop stopped taking requests; later ones are answered as not run here.
    private let loopFinished = ManagedAtomic(false)
    /// Fired once draining began and the request running then finished.
    private let drained = CompletionSignal()
    private let finished = CompletionSignal()
    private let interruption: RequestInterruption
    /// The libpython version string, known once the interpreter started.
    public let pythonVersion: String
    /// Where the idle thread sleeps: with it, connections may lease their sockets to the
    /// thread (`SocketLease`). Nil off Linux.
    let poller: InterpreterPoller?

    private init(
        inbox: WorkInbox<InterpreterJob>, pythonVersion: String, interruption: RequestInterruption,
        poller: InterpreterPoller?
    ) {
        self.poller = poller
        self.inbox = inbox
        self.pythonVersion = pythonVersion
        self.interruption = interruption
    }

    /// Starts the interpreter thread and returns once Python is up, or throws why it could
    /// not start (libpython unusable, shims missing).
    public static func start(_ configuration: Configuration, logger: Logger) async throws
        -> InterpreterHost
    {
        let handOff = NIOLockedValueBox<InterpreterHost?>(nil)
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, Error>) in
            let thread = Thread {
                ptg_SetThreadName("posertalkr-py")
                runThread(configuration, logger: logger, handOff: handOff, started: started)
            }
            thread.name = "posertalkr-python"
            // Deep recursion in client code must hit Python's RecursionError, not the end of
            // the stack; pages are only committed when touched.
            thread.stackSize = 64 << 20
            thread.start()
        }
        guard let host = handOff.withLockedValue({ $0 }) else {
            fatalError("interpreter started without a host")
        }
        return host
    }

    private static func runThread(
        _ configuration: Configuration, logger: Logger, handOff: NIOLockedValueBox<InterpreterHost?>,
        started: CheckedContinuation<Void, Error>
    ) {
        let interpreter: PythonInterpreter
        do {
            interpreter = try PythonInterpreter.start(configuration.python)
        } catch {
            started.resume(throwing: error)
            return
        }
        let host = serve(
            interpreter, configuration: configuration, logger: logger, handOff: handOff, started: started)
        // Every Python object of the server was released when `serve` returned.
        interpreter.finalize()
        logger.debug("Python finalized")
        host?.finished.fire()
    }

    /// Loads the runtime, reports the start, and runs the request loop until shutdown.
    /// Returns the host, or nil when the runtime failed to load (the start then failed).
    private static func serve(
        _ interpreter: PythonInterpreter, configuration: Configuration, logger: Logger,
        handOff: NIOLockedValueBox<InterpreterHost?>, started: CheckedContinuation<Void, Error>
    ) -> InterpreterHost? {
        let poller = InterpreterPoller.make()
        let inbox = WorkInbox<InterpreterJob>(wakeUp: poller ?? SemaphoreWakeSignal())
        func fail(_ what: String, _ error: PythonError) -> InterpreterHost? {
            started.resume(
                throwing: PythonStartupError(description: "\(what):\n\(error.traceback)"))
            return nil
        }
        let executor: RequestExecutor
        let interruption: RequestInterruption
        do {
            executor = try RequestExecutor(interpreter: interpreter) { inbox.push(.release($0)) }
            interruption = try RequestInterruption(runtime: executor.runtime)
        } catch {
            return fail("PoserTalkr's Python shims failed to load (is --shims right?)", error)
        }
        do {
            for module in configuration.hostModules { try module.install(in: interpreter) }
            try executor.useSceneModule(configuration.sceneModule)
        } catch {
            return fail(
                "the host modules or the scene module (\(configuration.sceneModule)) failed to load", error)
        }
        let host = InterpreterHost(
            inbox: inbox, pythonVersion: interpreter.version, interruption: interruption, poller: poller)
        handOff.withLockedValue { $0 = host }
        started.resume()
        let watchdog = configuration.maxRunTime.map { RunTimeWatchdog(limit: $0, interruption: interruption) }
        defer { watchdog?.stop() }

        let loop = InterpreterLoop(
            interpreter: interpreter, executor: executor, inbox: inbox, interruption: interruption,
            idleSpin: configuration.idleSpin, maxRunTime: configuration.maxRunTime, poller: poller,
            logger: logger)
        loop.run(
            shouldDrain: { host.drainRequested.load(ordering: .relaxed) },
            drained: { host.drained.fire() },
            shouldStop: { host.stopRequested.load(ordering: .relaxed) })
        host.loopFinished.store(true, ordering: .sequentiallyConsistent)
        host.drained.fire()
        executor.prepareShutdown(threadGracePeriod: configuration.threadGracePeriod, logger: logger)
        return host
    }

    /// Queues a request; any thread. Replies go to `request.replyTo`.
    public func submit(_ request: Request) {
        request.session.requestSubmitted()
        inbox.push(.request(request))
        if loopFinished.load(ordering: .sequentiallyConsistent) { answerLate() }
    }

    /// Too late for the loop: answers whatever is left so no connection waits forever.
    private func answerLate() {
        for job in inbox.takeAll() {
            switch job {
            case .request(let late):
                late.session.requestAnswered()
                late.replyTo.deliver(Reply(requestID: late.requestID, outcome: .failed(.notRun)))
                if case .offeredWith(let lease) = late.lease { lease.giveBack() }
            case .allocatePut(_, let promise):
                promise.fail(Failure.notRun)
            default:
                break
            }
        }
    }

    /// Asks for a fresh `bytes` object of `count` bytes for an incoming put; it is made on
    /// the interpreter thread (between requests) and handed back on `eventLoop`.
    func allocatePutStorage(count: Int, on eventLoop: EventLoop) -> EventLoopFuture<PythonBytesStorage> {
        let promise = eventLoop.makePromise(of: PythonBytesStorage.self)
        inbox.push(.allocatePut(count: count, promise: promise))
        if loopFinished.load(ordering: .sequentiallyConsistent) { answerLate() }
        return promise.futureResult
    }

    /// The server listens on `port`: sockets with that local port are the server's, and
    /// client code's `os.close` leaves them alone (`posertalkr_descriptors`).
    func serverListening(onPort port: Int) {
        inbox.push(.serverPort(port))
    }

    /// Event descriptors the process opened since Python started (signalfds of its signal
    /// handling, say) are the server's too: client code's `os.close` leaves them alone.
    func protectDescriptorsOpenedSince() {
        inbox.push(.protectDescriptorsOpenedSince)
    }

    /// A connection took its `SocketLease` back.
    func leaseRecalled(_ lease: SocketLease) {
        inbox.push(.leaseRecalled(token: lease.token))
    }
    /// A congested connection drained; its held-back requests may run again.
    func congestionCleared() {
        inbox.push(.congestionCleared)
    }

    /// Drops an evicted session's namespace (once its queue is empty).
    public func forget(_ session: Session) {
        inbox.push(.forget(sessionID: session.id))
    }

    /// Whether a request of `sessionID` (or `target`) is running now.
    public func isRunning(sessionID: UInt64?, target: RequestTarget? = nil) -> Bool {
        interruption.isRunning(sessionID: sessionID, target: target)
    }

    /// Stops the request running now if it belongs to `sessionID` (any when nil) and, when
    /// given, is `target`: it fails with an exception naming `reason`, and its
    /// session carries on. Returns whether such a request was running.
    @discardableResult
    public func interruptRunningRequest(
        sessionID: UInt64? = nil, target: RequestTarget? = nil, reason: InterruptReason
    ) -> Bool {
        interruption.interrupt(sessionID: sessionID, target: target, reason: reason)
    }

    /// The first step of a shutdown: the request running now finishes, and every request
    /// waiting or still arriving is answered as not run, in order. Returns true once the
    /// running request finished, false if it still ran after `limit`.
    public func drain(waitingUpTo limit: Duration) async -> Bool {
        drainRequested.store(true, ordering: .relaxed)
        inbox.push(.wake)
        return await drained.wait(upTo: limit)
    }

    /// Stops the loop (answering anything left as not run), finalizes Python and returns
    /// when the thread is done. With `interruptRunning`, a request still running is
    /// interrupted first.
    public func shutdown(interruptRunning: Bool = false) async {
        if interruptRunning { interruption.interrupt(sessionID: nil, reason: .shutdown) }
        drainRequested.store(true, ordering: .relaxed)
        stopRequested.store(true, ordering: .relaxed)
        inbox.push(.wake)
        await finished.wait()
    }
}
