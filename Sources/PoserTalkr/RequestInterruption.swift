import Atomics
import CPython
import Foundation
import PythonHost

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
/// running, and raises an exception in it asynchronously; `end` withdraws an exception that
/// arrived too late, so it can never hit the next request. Pure Python code stops within
/// milliseconds; a blocking C call (`time.sleep`) stops when it returns.
final class RequestInterruption: Sendable {
    private let runningRequest = ManagedAtomic<UInt64>(0)
    private let runningSession = ManagedAtomic<UInt64>(0)
    private let runningControl = ManagedAtomic<UInt>(0)
    private let pending = ManagedAtomic(false)
    private let threadID: UInt
    /// Addresses of the exception classes, immortal module attributes; read with the GIL.
    private let exceptionClasses: [String: UInt]

    /// Call on the interpreter thread once the runtime module is loaded.
    init(runtime: PythonObject) throws(PythonError) {
        threadID = PythonGIL.currentThreadID
        var classes: [String: UInt] = [:]
        for reason in [InterruptReason.clientRequest, .timeLimit, .shutdown] {
            let type = try runtime.attribute(reason.exceptionClassName)
            // The module keeps the class alive for the interpreter's lifetime.
            classes[reason.exceptionClassName] = UInt(bitPattern: type.pointer)
        }
        exceptionClasses = classes
    }

    /// Interpreter thread, GIL held: `serial` of `sessionID` starts running.
    func begin(serial: UInt64, sessionID: UInt64, control: RequestControl?) {
        runningSession.store(sessionID, ordering: .relaxed)
        runningControl.store(control?.token ?? 0, ordering: .relaxed)
        runningRequest.store(serial, ordering: .releasing)
    }

    /// Interpreter thread, GIL held: the running request is over.
    func end() {
        runningRequest.store(0, ordering: .releasing)
        runningSession.store(0, ordering: .relaxed)
        runningControl.store(0, ordering: .relaxed)
        if pending.exchange(false, ordering: .acquiring) {
            PythonGIL.setAsyncException(threadID: threadID, exceptionType: nil)
        }
    }

    /// Whether a request of `sessionID` (of any session when nil), or the request with
    /// `control`, is running now.
    func isRunning(sessionID: UInt64?, control: RequestControl? = nil) -> Bool {
        guard runningRequest.load(ordering: .acquiring) != 0 else { return false }
        if let control { return runningControl.load(ordering: .relaxed) == control.token }
        return sessionID == nil || runningSession.load(ordering: .relaxed) == sessionID
    }

    /// Interrupts the request running now if it belongs to `sessionID` (any session when
    /// nil) and, when given, is the one with `control`. Returns whether such a request was
    /// running; the interrupt itself lands from a helper thread, and only if that same
    /// request is still running then.
    @discardableResult
    func interrupt(sessionID: UInt64?, control: RequestControl? = nil, reason: InterruptReason) -> Bool {
        let target = runningRequest.load(ordering: .acquiring)
        guard target != 0, isRunning(sessionID: sessionID, control: control) else { return false }
        let address = exceptionClasses[reason.exceptionClassName] ?? 0
        Thread.detachNewThread { [self] in
            PythonGIL.withAcquired {
                // Holding the GIL, the interpreter thread is paused between bytecodes (or in
                // a blocking call), so what runs now cannot change under us.
                guard runningRequest.load(ordering: .acquiring) == target,
                    sessionID == nil || runningSession.load(ordering: .relaxed) == sessionID,
                    let type = PyPointer(bitPattern: address)
                else { return }
                pending.store(true, ordering: .releasing)
                PythonGIL.setAsyncException(threadID: threadID, exceptionType: type)
            }
        }
        return true
    }
}
