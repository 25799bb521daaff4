import Logging
import NIOCore
import PythonHost

/// Everything the server needs to start.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; loopback by default.
    public var host: String
    /// TCP port; 0 picks a free one (the bound port is reported by `start`).
    public var port: Int
    /// The folder holding `posertalkr_runtime.py`, `object_from_path.py` and the `poser` package.
    public var shimsDirectory: String
    /// The environment Python reads (`PYTHONPATH`, `VIRTUAL_ENV`).
    public var environment: [String: String]
    /// Event-loop threads for the network side (Python has its own thread).
    public var eventLoopThreads: Int
    /// How long a graceful shutdown waits for running requests before interrupting them.
    public var shutdownGracePeriod: Duration
    public var limits: ServerLimits
    /// How long the idle interpreter thread polls for work before sleeping, at most
    /// (`--idle-spin`; `IdleSpin` adapts below it).
    public var interpreterIdleSpin: Duration = ServerConfiguration.defaultIdleSpin
    public var security: SecurityConfiguration
    /// Whether the interpreter thread sends a ready reply into a plaintext connection's
    /// socket itself when nothing else is under way on it (`--no-direct-replies` turns it
    /// off): one thread hand-off per request instead of two.
    public var directReplies = true
    /// Whether the interpreter thread reads the next command of a quiet connection (raw or
    /// framed) itself (`--no-interpreter-reads` turns it off; needs `directReplies`): a client that
    /// waits for each reply is then served with no thread hand-off at all (`SocketLease`).
    public var interpreterReads = true
    /// Modules of the host app, importable by client scripts (docs/EMBEDDING.md).
    public var hostModules: [HostModule] = []
    /// The module each session gets as `poser`, with `SCENE` bound to its `Scene()`:
    /// the stub (the `poser` package in the shims folder) unless a host app provides its own.
    public var sceneModule = "poser"

    public init(
        host: String = "127.0.0.1",
        port: Int = 55555,
        shimsDirectory: String,
        environment: [String: String],
        eventLoopThreads: Int = ServerConfiguration.defaultEventLoopThreads,
        shutdownGracePeriod: Duration = .seconds(10),
        limits: ServerLimits = ServerLimits(),
        security: SecurityConfiguration = SecurityConfiguration()
    ) {
        self.limits = limits
        self.security = security
        self.host = host
        self.port = port
        self.shimsDirectory = shimsDirectory
        self.environment = environment
        self.eventLoopThreads = eventLoopThreads
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// One network thread per core. One fewer (leaving a core to the interpreter thread) was
    /// measured on 2 cores and lost: the light client's p99 under a pipelining client went
    /// from ~4 ms to ~90 ms and the sequential round trip from 1.1x to 1.5x the floor, for
    /// no throughput gain (Benchmarks/README.md).
    public static var defaultEventLoopThreads: Int { System.coreCount }

    /// No polling on 2 cores or fewer: measured there, it bought ~10% of the sequential round
    /// trip and cost ~7% of the 8-client throughput and ~12% more CPU per request
    /// (Benchmarks/README.md). With a spare core, the adaptive poll up to 200 µs.
    public static var defaultIdleSpin: Duration { System.coreCount > 2 ? .microseconds(200) : .zero }

    var interpreter: InterpreterHost.Configuration {
        InterpreterHost.Configuration(
            python: PythonConfiguration(leadingSearchPaths: [shimsDirectory], environment: environment),
            maxRunTime: limits.maxRunTime, idleSpin: interpreterIdleSpin, hostModules: hostModules,
            sceneModule: sceneModule)

    }
}
