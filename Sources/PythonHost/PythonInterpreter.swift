import CPython
import CPythonGlue

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the interpreter could not start.
public struct PythonStartupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// The embedded CPython interpreter, owned by the thread that started it.
///
/// `start` initializes CPython on the calling thread, which becomes Python's main thread and
/// must make every later call on this value. That thread holds the GIL except inside
/// `withGILReleased`, which is where it waits for work so that threads started by client
/// code keep running.
public final class PythonInterpreter {
    private var finalized = false

    /// `"3.11.2 (main, …)"`: the version of the libpython this process runs.
    public var version: String { String(cString: Py_GetVersion()) }

    private init() {}

    /// Initializes CPython on the current thread with Python's own signal handlers off, so
    /// SIGINT and SIGTERM stay with the host process.
    public static func start(_ configuration: PythonConfiguration) throws(PythonStartupError)
        -> PythonInterpreter
    {
        if let problem = VirtualEnvironment.versionProblem(in: configuration.environment) {
            throw PythonStartupError(description: "Python could not start: \(problem)")
        }
        var config = PyConfig()
        PyConfig_InitPythonConfig(&config)
        defer { PyConfig_Clear(&config) }
        let status = withUnsafeMutablePointer(to: &config) { config -> PyStatus in
            config.pointee.install_signal_handlers = 0
            config.pointee.parse_argv = 0
            if let executable = VirtualEnvironment.interpreterPath(in: configuration.environment) {
                let status = PyConfig_SetBytesString(config, &config.pointee.executable, executable)
                if PyStatus_Exception(status) != 0 { return status }
            }
            var arguments = configuration.argv.map { strdup($0) }
            defer { for argument in arguments { free(argument) } }
            let status = arguments.withUnsafeMutableBufferPointer {
                PyConfig_SetBytesArgv(config, $0.count, $0.baseAddress)
            }
            if PyStatus_Exception(status) != 0 { return status }
            return Py_InitializeFromConfig(config)
        }
        if PyStatus_Exception(status) != 0 {
            let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
            let function = status.func.map { String(cString: $0) + ": " } ?? ""
            throw PythonStartupError(description: "Python could not start: \(function)\(message)")
        }
        let interpreter = PythonInterpreter()
        do {
            try interpreter.prependSearchPaths(configuration.leadingSearchPaths)
            try interpreter.fillInExecutable()
        } catch {
            interpreter.finalize()
            throw PythonStartupError(description: "Python started but sys.path could not be set: \(error)")
        }
        return interpreter
    }

    private func prependSearchPaths(_ paths: [String]) throws(PythonError) {
        guard !paths.isEmpty, let sysPath = PySys_GetObject("path") else { return }
        for path in paths.reversed() {
            let entry = try PythonObject.string(path)
            if withExtendedLifetime(entry, { PyList_Insert(sysPath, 0, entry.pointer) }) != 0 {
                throw PythonError.fetch()
            }
        }
    }

    /// An embedded interpreter has no `sys.executable` of its own. Client code that starts
    /// Python subprocesses (`subprocess`, `multiprocessing`) needs one, so point it at the
    /// matching `pythonX.Y` of the installation when that exists.
    private func fillInExecutable() throws(PythonError) {
        guard let current = PySys_GetObject("executable"),
            try PythonObject(borrowing: current).stringValue().isEmpty,
            let basePrefix = PySys_GetObject("base_prefix")
        else { return }
        let prefix = try PythonObject(borrowing: basePrefix).stringValue()
        let candidate = "\(prefix)/bin/python\(PY_MAJOR_VERSION).\(PY_MINOR_VERSION)"
        guard access(candidate, X_OK) == 0 else { return }
        let value = try PythonObject.string(candidate)
        if withExtendedLifetime(value, { PySys_SetObject("executable", value.pointer) }) != 0 {
            throw PythonError.fetch()
        }
    }

    /// Runs `body` with the GIL released, for waiting. Python objects must not be touched
    /// inside `body`.
    public func withGILReleased<T>(_ body: () throws -> T) rethrows -> T {
        let state = PyEval_SaveThread()
        defer { PyEval_RestoreThread(state) }
        return try body()
    }

    /// Shuts CPython down (waits for non-daemon Python threads, as Python itself does).
    /// Only the starting thread may call this; further calls do nothing.
    public func finalize() {
        guard !finalized else { return }
        finalized = true
        PythonError.interpreterFinalizing()
        _ = Py_FinalizeEx()
    }

    // MARK: - Conveniences for the interpreter thread

    /// `import name`.
    public func importModule(_ name: String) throws(PythonError) -> PythonObject {
        try .checked(PyImport_ImportModule(name))
    }

    /// The `builtins` module.
    public func builtins() throws(PythonError) -> PythonObject {
        try importModule("builtins")
    }
}
