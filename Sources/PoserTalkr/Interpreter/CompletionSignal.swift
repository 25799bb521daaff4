import Dispatch
import NIOConcurrencyHelpers

/// A one-time event that async code can wait for (with or without a time limit) and any
/// thread can fire.
final class CompletionSignal: Sendable {
    private let state = NIOLockedValueBox(State())

    private struct State {
        var fired = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    }

    func fire() {
        let waiters = state.withLockedValue { state in
            state.fired = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    func wait() async {
        _ = await wait(upTo: nil)
    }

    /// Waits until the signal fires (true) or `limit` passed (false).
    func wait(upTo limit: Duration?) async -> Bool {
        await withCheckedContinuation { continuation in
            let ticket = state.withLockedValue { state -> Int? in
                guard !state.fired else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let ticket else {
                continuation.resume(returning: true)
                return
            }
            guard let limit else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(limit.nanoseconds))) {
                let waiter = self.state.withLockedValue { $0.waiters.removeValue(forKey: ticket) }
                waiter?.resume(returning: false)
            }
        }
    }
}
