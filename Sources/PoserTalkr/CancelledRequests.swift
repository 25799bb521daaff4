import Atomics
import NIOConcurrencyHelpers

/// The requests of one connection that its client cancelled before they ran (INTERRUPT
/// with an id). One per connection, so that requests carry no per-request object; the
/// interpreter looks here only when something was ever cancelled (one atomic load).
public final class CancelledRequests: Sendable {
    private let anyCancelled = ManagedAtomic(false)
    private let tags = NIOLockedValueBox<Set<UInt64>>([])

    public init() {}

    public func cancel(_ tag: UInt64) {
        tags.withLockedValue { _ = $0.insert(tag) }
        anyCancelled.store(true, ordering: .releasing)
    }

    /// Whether `tag` was cancelled (interpreter thread, before running it); forgets it.
    func take(_ tag: UInt64) -> Bool {
        guard anyCancelled.load(ordering: .acquiring) else { return false }
        return forget(tag)
    }

    /// Forgets `tag` (its request is over); returns whether it was there.
    @discardableResult
    public func forget(_ tag: UInt64) -> Bool {
        guard anyCancelled.load(ordering: .acquiring) else { return false }
        return tags.withLockedValue { tags in
            let removed = tags.remove(tag) != nil
            if tags.isEmpty { anyCancelled.store(false, ordering: .releasing) }
            return removed
        }
    }
}

/// Names one request of one connection, for interrupts aimed at it.
public struct RequestTarget: Sendable, Equatable {
    public let endpoint: ObjectIdentifier
    public let tag: UInt64

    public init(endpoint: any ReplyEndpoint, tag: UInt64) {
        self.endpoint = ObjectIdentifier(endpoint)
        self.tag = tag
    }

    var endpointBits: UInt { UInt(bitPattern: endpoint) }
}
