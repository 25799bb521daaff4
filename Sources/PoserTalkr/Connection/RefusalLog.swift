import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Logs refused connections without letting a flood of them flood the log: the first
/// refusal of an address per minute is logged at warning level, later ones at debug.
final class RefusalLog: Sendable {
    private let recent = NIOLockedValueBox<[String: NIODeadline]>([:])

    func note(_ address: String, _ reason: String, logger: Logger) {
        let now = NIODeadline.now()
        let first = recent.withLockedValue { recent in
            if recent.count > 10_000 { recent = recent.filter { now - $0.value < .minutes(1) } }
            if let last = recent[address], now - last < .minutes(1) { return false }
            recent[address] = now
            return true
        }
        logger.log(level: first ? .warning : .debug, "connection refused", metadata: ["reason": "\(reason)"])
    }
}
