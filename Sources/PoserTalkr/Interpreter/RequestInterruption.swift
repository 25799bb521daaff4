import Atomics
import CPython
import Foundation
import NIOCore
import PythonHost

#if canImport(Glibc)
    import Glibc
#endif

/// Why a running request is stopped; each reason raises its own exception class from
/// `posertalkr_runtime` (all subclasses of KeyboardInterrupt) inside the request.
public enum InterruptReason: Sendable {
    case clientRequest
    case timeLimit
    case shutdown

    var exceptionClassName: String {
        switch self {
        case .clientRequest: return "RequestInterrupted"
        case .timeLimit: return "RequestTimedOut"
        case .shutdown: return "ServerShuttingDown"
        }
    }
}

/// Lets other threads stop the request the interpreter thread is running.
///
/// The interpreter thread marks which request runs (`begin`/`end`, GIL held). An interrupt
/// takes the GIL on a helper thread, checks that the request it targets is still the one
/// running, and raises an exception in it through a signal handler that
/// `posertalkr_runtime` installed for SIGUSR2, sent with `pthread_kill`: Python runs the
/// handler between bytecodes, so loops stop within milliseconds, and a blocking call
/// (`time.sleep`, a socket wait, a lock) returns early and raises too. Should client code
/// have replaced that handler, the exception is raised asynchronously after 100 ms instead.
/// `end` withdraws whatever arrived too late, so it can never hit the next request.
final class RequestInterruption: Sendable {
    private let runningRequest = ManagedAtomic<UInt64>(0)
    private let runningSession = ManagedAtomic<UInt64>(0)
    private let runningEndpoint = ManagedAtomic<UInt>(0)
    private let runningRequestID = ManagedAtomic<UInt64>(0)
    private let runningSince = ManagedAtomic<UInt64>(0)
    private let pending = ManagedAtomic(false)
    /// The SIGUSR2 handler did not run (client code replaced it): reinstall it after the request.
    private let handlerReplaced = ManagedAtomic(false)
    private let threadID: UInt
    private let thread: pthread_t
    /// Addresses of the runtime module and its exception classes: they live as long as the
    /// interpreter. Only dereferenced with the GIL held.
    private let runtimeModule: UInt
    private let exceptionClasses: [String: UInt]

    /// Call on the interpreter thread once the runtime module is loaded.
    init(runtime: PythonObject) throws(PythonError) {
        threadID = PythonGIL.currentThreadID
        thread = pthread_self()
        // Threads inherit their creator's signal mask, and the threads of Swift's executors
        // block nearly every signal. The nudge must get through to this thread.
        var nudge = sigset_t()
        sigemptyset(&nudge)
        sigaddset(&nudge, SIGUSR2)
        pthread_sigmask(SIG_UNBLOCK, &nudge, nil)

        runtimeModule = UInt(bitPattern: runtime.pointer)
        var classes: [String: UInt] = [:]
        for reason in [InterruptReason.clientRequest, .timeLimit, .shutdown] {
            let type = try runtime.attribute(reason.exceptionClassName)
            classes[reason.exceptionClassName] = UInt(bitPattern: type.pointer)
        }
        exceptionClasses = classes
    }

    /// Interpreter thread, GIL held: `serial` of `sessionID` starts running.
    func begin(serial: UInt64, sessionID: UInt64, target: RequestTarget) {
        runningSession.store(sessionID, ordering: .relaxed)
        runningEndpoint.store(target.endpointBits, ordering: .relaxed)
        runningRequestID.store(target.requestID, ordering: .relaxed)
        runningSince.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
        runningRequest.store(serial, ordering: .releasing)
    }

    /// Interpreter thread, GIL held: the running request is over.
    func end() {
        runningRequest.store(0, ordering: .releasing)
        runningSession.store(0, ordering: .relaxed)
        runningEndpoint.store(0, ordering: .relaxed)
        if pending.exchange(false, ordering: .acquiring) {
            PythonGIL.setAsyncException(threadID: threadID, exceptionType: nil)
            setPendingClass(nil)
        }
        if handlerReplaced.exchange(false, ordering: .acquiring) { reinstallHandler() }
    }

    /// Puts the runtime's SIGUSR2 handler back (interpreter thread: Python installs signal
    /// handlers only from the thread that started it), so one session's change does not take
    /// the interruption of blocking calls away from every other.
    private func reinstallHandler() {
        guard let module = PyPointer(bitPattern: runtimeModule),
            let install = PyObject_GetAttrString(module, "install_interrupt_handler")
        else {
            PyErr_Clear()
            return
        }
        defer { Py_DecRef(install) }
        if let result = PyObject_CallObject(install, nil) { Py_DecRef(result) } else { PyErr_Clear() }
    }

    /// Whether a request of `sessionID` (of any session when nil), or `target`, is running now.
    func isRunning(sessionID: UInt64?, target: RequestTarget? = nil) -> Bool {
        guard runningRequest.load(ordering: .acquiring) != 0 else { return false }
        if let target {
            return runningEndpoint.load(ordering: .relaxed) == target.endpointBits
                && runningRequestID.load(ordering: .relaxed) == target.requestID
        }
        return sessionID == nil || runningSession.load(ordering: .relaxed) == sessionID
    }

    /// The serial of the running request if it has run longer than `limit`.
    func requestRunning(longerThan limit: Duration) -> UInt64? {
        let serial = runningRequest.load(ordering: .acquiring)
        guard serial != 0 else { return nil }
        let started = runningSince.load(ordering: .relaxed)
        let elapsed = NIODeadline.now().uptimeNanoseconds &- started
        return Int64(bitPattern: elapsed) > limit.nanoseconds ? serial : nil
    }

    /// Interrupts the request running now if it belongs to `sessionID` (any session when
    /// nil), and, when given, is `target` or the one numbered `serial`.
    /// Returns whether such a request was running; the interrupt itself lands from a helper
    /// thread, and only if that same request is still running then.
    @discardableResult
    func interrupt(
        sessionID: UInt64?, target: RequestTarget? = nil, serial: UInt64? = nil, reason: InterruptReason
    ) -> Bool {
        let running = runningRequest.load(ordering: .acquiring)
        guard running != 0, serial == nil || serial == running,
            isRunning(sessionID: sessionID, target: target)
        else { return false }
        let address = exceptionClasses[reason.exceptionClassName] ?? 0
        Thread.detachNewThread { [self] in
            // First the signal: its handler raises the exception between bytecodes and
            // also inside blocking calls, which return early.
            let signalled = PythonGIL.withAcquired { () -> Bool in
                // Holding the GIL, the interpreter thread is paused between bytecodes (or in
                // a blocking call), so what runs now cannot change under us.
                guard runningRequest.load(ordering: .acquiring) == running,
                    let type = PyPointer(bitPattern: address)
                else { return false }
                pending.store(true, ordering: .releasing)
                setPendingClass(type)
                pthread_kill(thread, SIGUSR2)
                return true
            }
            guard signalled else { return }
            // Client code can replace or block the handler. If it has not run after a
            // while, raise the exception asynchronously instead. Never both: the second
            // would land in the middle of describing the first.
            usleep(100_000)
            PythonGIL.withAcquired {
                guard runningRequest.load(ordering: .acquiring) == running, pendingClassIsSet(),
                    let type = PyPointer(bitPattern: address)
                else { return }
                setPendingClass(nil)
                handlerReplaced.store(true, ordering: .releasing)
                PythonGIL.setAsyncException(threadID: threadID, exceptionType: type)
            }
        }
        return true
    }

    /// Whether the SIGUSR2 handler still has an exception to raise (it clears it when it
    /// runs). GIL held.
    private func pendingClassIsSet() -> Bool {
        guard let module = PyPointer(bitPattern: runtimeModule),
            let value = PyObject_GetAttrString(module, "pending_interrupt")
        else {
            PyErr_Clear()
            return false
        }
        defer { Py_DecRef(value) }
        return value != PythonObject.none.pointer
    }

    /// `posertalkr_runtime.pending_interrupt`, which its SIGUSR2 handler raises. GIL held.
    private func setPendingClass(_ type: PyPointer?) {
        guard let module = PyPointer(bitPattern: runtimeModule) else { return }
        if PyObject_SetAttrString(module, "pending_interrupt", type ?? PythonObject.none.pointer) != 0 {
            PyErr_Clear()
        }
    }
}
