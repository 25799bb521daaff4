import Dispatch
import NIOConcurrencyHelpers

/// Gives a framed connection's socket back to its event loop once a request that came with
/// its `SocketLease`, or a command the interpreter thread read through it, has run (or
/// waited its turn) for `limit`: only the event loop reads PING and INTERRUPT, which are
/// answered while a request runs (docs/PROTOCOL.md). The requests of a quiet client mostly
/// end well within it, and are never handed over.
///
/// A timer checks every half `limit` while such commands exist and for a second after the
/// last, then sleeps until the next one starts; the interpreter thread only notes when
/// commands start and end.
final class LeaseRunWatch: @unchecked Sendable {
    static let limit: Duration = .milliseconds(10)
    private static let tick: Duration = limit / 2
    /// Ticks with nothing running before the timer sleeps.
    private static let quietTicksBeforeSleep = 200

    private let lock = NIOLock()
    private let timer: DispatchSourceTimer
    // Guarded by `lock`.
    private var running: [UInt64: (lease: SocketLease, since: UInt64)] = [:]
    private var ticking = false
    private var quietTicks = 0
    private var stopped = false

    init() {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "posertalkr.lease-watch"))
        let interval = DispatchTimeInterval.nanoseconds(Int(Self.tick / .nanoseconds(1)))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(1))
        timer.setEventHandler { [weak self] in self?.check() }
    }

    /// Interpreter thread: a command read through `lease` was taken.
    func started(_ lease: SocketLease) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            running[lease.token] = (lease, now)
            guard !ticking, !stopped else { return }
            ticking = true
            quietTicks = 0
            timer.resume()
        }
    }

    /// Interpreter thread: that command was answered.
    func finished(_ lease: SocketLease) {
        lock.withLock { _ = running.removeValue(forKey: lease.token) }
    }

    /// Stops the timer for good.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            running.removeAll()
            // A suspended source must be resumed before it is cancelled.
            if !ticking { timer.resume() }
            timer.cancel()
        }
    }

    private func check() {
        let now = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(Self.limit / .nanoseconds(1))
        let overdue: [SocketLease] = lock.withLock {
            guard !stopped else { return [] }
            guard !running.isEmpty else {
                quietTicks += 1
                if quietTicks >= Self.quietTicksBeforeSleep {
                    ticking = false
                    timer.suspend()
                }
                return []
            }
            quietTicks = 0
            let due = running.filter { now &- $0.value.since >= limit }
            for token in due.keys { running[token] = nil }
            return due.values.map(\.lease)
        }
        // Outside the lock: a lease calls back into the event loop.
        for lease in overdue { lease.giveBack() }
    }
}
