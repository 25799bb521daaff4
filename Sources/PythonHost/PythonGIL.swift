import CPython

/// Access to the interpreter from threads other than its own, for the few things that must
/// happen there (interrupting a running request).
public enum PythonGIL {
    /// Runs `body` on the calling thread with the GIL held, waiting until the interpreter
    /// thread lets go of it (at its next switch interval, ~5 ms, when it runs Python code).
    /// Do not call this on an event loop: it blocks.
    public static func withAcquired<T>(_ body: () throws -> T) rethrows -> T {
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        return try body()
    }

    /// Raises `exceptionType` in the Python thread `threadID` at its next bytecode boundary.
    /// `nil` withdraws one not yet raised. Call with the GIL held.
    public static func setAsyncException(threadID: UInt, exceptionType: PyPointer?) {
        _ = PyThreadState_SetAsyncExc(threadID, exceptionType)
    }

    /// The Python identifier of the calling thread (`threading.get_ident()`).
    public static var currentThreadID: UInt { UInt(PyThread_get_thread_ident()) }
}
