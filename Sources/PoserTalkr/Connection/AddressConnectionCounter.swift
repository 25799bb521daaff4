import NIOConcurrencyHelpers

/// Open connections per client address, so one address cannot take every slot.
final class AddressConnectionCounter: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    /// Counts a new connection from `address` unless it already has `limit`; whether it did.
    func acquire(_ address: String, limit: Int) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[address, default: 0]
            guard current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    func release(_ address: String) {
        counts.withLockedValue { counts in
            let remaining = counts[address, default: 1] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }
}
