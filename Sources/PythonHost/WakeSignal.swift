import Dispatch

/// How the idle consumer of a `WorkInbox` sleeps and how a producer wakes it.
///
/// `wait` may also return for reasons of its own (an `InterpreterPoller` returns when a
/// socket it watches becomes readable); the consumer then looks at the inbox and goes on.
public protocol WakeSignal: Sendable {
    /// Blocks the consumer until `signal` (or the signal's own event).
    func wait()
    /// Wakes the consumer; any thread.
    func signal()
}

/// A semaphore: `wait` returns only after a `signal`.
public final class SemaphoreWakeSignal: WakeSignal {
    private let semaphore = DispatchSemaphore(value: 0)

    public init() {}

    public func wait() { semaphore.wait() }

    public func signal() { semaphore.signal() }
}
