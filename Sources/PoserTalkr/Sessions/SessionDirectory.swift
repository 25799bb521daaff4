import NIOConcurrencyHelpers
import NIOCore

/// All sessions by key, created on first contact and kept after their connections close,
/// until they have been idle (no connection, nothing running) for the configured lifetime,
/// or until room is needed for a new one and they are the least recently used idle one.
public final class SessionDirectory: Sendable {
    /// There is no room for another session and none can be evicted.
    public struct Full: Error, CustomStringConvertible {
        public let limit: Int
        public var description: String {
            "too many sessions (\(limit), --max-sessions) and none is idle enough to evict"
        }
    }

    private let limits: UndeliveredReplyLimits
    private let maxSessions: Int
    private let onEvict: @Sendable (Session) -> Void
    private let state = NIOLockedValueBox(State())

    private struct State {
        var sessions: [SessionKey: Session] = [:]
        var nextID: UInt64 = 1
    }

    /// `onEvict` is told about every evicted session (to drop its namespace).
    public init(
        undeliveredLimits: UndeliveredReplyLimits = UndeliveredReplyLimits(), maxSessions: Int = .max,
        onEvict: @escaping @Sendable (Session) -> Void = { _ in }
    ) {
        self.limits = undeliveredLimits
        self.maxSessions = maxSessions
        self.onEvict = onEvict
    }

    /// The session for `key`, created if this is its first contact (evicting the least
    /// recently used idle session when the directory is full).
    public func session(for key: SessionKey) throws(Full) -> Session {
        var evicted: Session?
        let result: Result<Session, Full> = state.withLockedValue { state in
            if let existing = state.sessions[key] { return .success(existing) }
            if state.sessions.count >= maxSessions {
                guard let victim = state.sessions.values.filter(\.isIdle).min(by: { $0.lastUse < $1.lastUse })
                else { return .failure(Full(limit: maxSessions)) }
                state.sessions[victim.key] = nil
                evicted = victim
            }
            let session = Session(id: state.nextID, key: key, limits: limits)
            state.nextID += 1
            state.sessions[key] = session
            return .success(session)
        }
        if let evicted { onEvict(evicted) }
        return try result.get()
    }

    /// Evicts the sessions idle since before `cutoff`; returns how many.
    @discardableResult
    public func evictIdle(lastUsedBefore cutoff: NIODeadline) -> Int {
        let evicted = state.withLockedValue { state -> [Session] in
            let stale = state.sessions.values.filter { $0.isIdle && $0.lastUse < cutoff }
            for session in stale { state.sessions[session.key] = nil }
            return stale
        }
        for session in evicted { onEvict(session) }
        return evicted.count
    }

    public var count: Int { state.withLockedValue { $0.sessions.count } }
}
