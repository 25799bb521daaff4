import Atomics

/// A client's handle on one of its requests: cancel it before it runs, or find out whether
/// it is the one running (to interrupt it).
public final class RequestControl: Sendable {
    private let cancelled = ManagedAtomic(false)

    public init() {}

    public func cancel() { cancelled.store(true, ordering: .releasing) }

    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// A number that identifies this control while it lives.
    var token: UInt { UInt(bitPattern: ObjectIdentifier(self).hashValue) }
}
