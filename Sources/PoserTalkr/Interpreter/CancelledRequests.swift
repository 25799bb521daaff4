import Atomics
import NIOConcurrencyHelpers

/// The requests of one connection that its client cancelled before they ran (INTERRUPT
/// with an id). One per connection, so that requests carry no per-request object; the
/// interpreter looks here only when something was ever cancelled (one atomic load).
public final class CancelledRequests: Sendable {
    private let anyCancelled = ManagedAtomic(false)
    private let requestIDs = NIOLockedValueBox<Set<UInt64>>([])

    public init() {}

    public func cancel(_ requestID: UInt64) {
        requestIDs.withLockedValue { _ = $0.insert(requestID) }
        anyCancelled.store(true, ordering: .releasing)
    }

    /// Whether `requestID` was cancelled (interpreter thread, before running it); forgets it.
    func take(_ requestID: UInt64) -> Bool {
        guard anyCancelled.load(ordering: .acquiring) else { return false }
        return forget(requestID)
    }

    /// Forgets `requestID` (its request is over); returns whether it was there.
    @discardableResult
    public func forget(_ requestID: UInt64) -> Bool {
        guard anyCancelled.load(ordering: .acquiring) else { return false }
        return requestIDs.withLockedValue { requestIDs in
            let removed = requestIDs.remove(requestID) != nil
            if requestIDs.isEmpty { anyCancelled.store(false, ordering: .releasing) }
            return removed
        }
    }
}

/// Names one request of one connection, for interrupts aimed at it.
public struct RequestTarget: Sendable, Equatable {
    public let endpoint: ObjectIdentifier
    public let requestID: UInt64

    public init(endpoint: any ReplyEndpoint, requestID: UInt64) {
        self.endpoint = ObjectIdentifier(endpoint)
        self.requestID = requestID
    }

    var endpointBits: UInt { UInt(bitPattern: endpoint) }
}
