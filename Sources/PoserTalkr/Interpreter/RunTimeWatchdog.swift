import Atomics
import Dispatch

/// Interrupts requests that run longer than `--max-run`, checking ten times a second.
final class RunTimeWatchdog {
    private let timer: DispatchSourceTimer

    init(limit: Duration, interruption: RequestInterruption) {
        let queue = DispatchQueue(label: "posertalkr.max-run")
        timer = DispatchSource.makeTimerSource(queue: queue)
        let lastInterrupted = ManagedAtomic<UInt64>(0)
        timer.setEventHandler {
            guard let serial = interruption.requestRunning(longerThan: limit),
                lastInterrupted.exchange(serial, ordering: .relaxed) != serial
            else { return }
            interruption.interrupt(sessionID: nil, serial: serial, reason: .timeLimit)
        }
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.resume()
    }

    func stop() { timer.cancel() }
}
