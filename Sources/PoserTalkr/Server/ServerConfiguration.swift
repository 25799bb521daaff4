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
    /// How long the idle interpreter thread polls for work before sleeping (`--idle-spin`).
    public var interpreterIdleSpin: Duration = .microseconds(200)
    public var security: SecurityConfiguration
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

    /// One network thread per core, less one for the interpreter thread, at least one: more
    /// threads than cores only add switches between them (measured in Benchmarks/README.md).
    public static var defaultEventLoopThreads: Int { max(1, System.coreCount - 1) }

    var interpreter: InterpreterHost.Configuration {
        InterpreterHost.Configuration(
            python: PythonConfiguration(leadingSearchPaths: [shimsDirectory], environment: environment),
            maxRunTime: limits.maxRunTime, idleSpin: interpreterIdleSpin, hostModules: hostModules,
            sceneModule: sceneModule)

    }
}
