import NIOConcurrencyHelpers

/// All sessions by key, created on first contact and kept after their connections close.
public final class SessionDirectory: Sendable {
    private let limits: UndeliveredReplyLimits
    private let state = NIOLockedValueBox(State())

    private struct State {
        var sessions: [SessionKey: Session] = [:]
        var nextID: UInt64 = 1
    }

    public init(undeliveredLimits: UndeliveredReplyLimits = UndeliveredReplyLimits()) {
        self.limits = undeliveredLimits
    }

    /// The session for `key`, created if this is its first contact.
    public func session(for key: SessionKey) -> Session {
        state.withLockedValue { state in
            if let existing = state.sessions[key] { return existing }
            let session = Session(id: state.nextID, key: key, limits: limits)
            state.nextID += 1
            state.sessions[key] = session
            return session
        }
    }

    public var count: Int { state.withLockedValue { $0.sessions.count } }
}
