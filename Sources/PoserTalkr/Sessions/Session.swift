import Atomics
import DequeModule
import NIOConcurrencyHelpers
import NIOCore

/// A client identity: its namespace lives on the interpreter thread under `id`; this object
/// tracks, from any thread, which connections are attached and which replies are waiting
/// for one.
///
/// Replies normally go straight to the connection that asked. When that connection closed
/// first, they come back here and go to another attached connection of the session, or wait
/// (bounded) for the session's next connection.
public final class Session: Sendable {
    public let id: UInt64
    public let key: SessionKey
    private let limits: UndeliveredReplyLimits
    private let state = NIOLockedValueBox(State())
    /// Requests submitted and not yet answered.
    private let outstanding = ManagedAtomic(0)
    /// When the session was last used (NIODeadline uptime nanoseconds).
    private let lastUsed = ManagedAtomic<UInt64>(NIODeadline.now().uptimeNanoseconds)

    private struct State {
        var endpoints: [any ReplyEndpoint] = []
        var waiting: Deque<Reply> = []
        var waitingBytes = 0
        var dropped = 0
    }

    init(id: UInt64, key: SessionKey, limits: UndeliveredReplyLimits) {
        self.id = id
        self.key = key
        self.limits = limits
    }

    /// A request of this session was submitted (any thread).
    func requestSubmitted() {
        outstanding.wrappingIncrement(ordering: .relaxed)
        touch()
    }

    /// A request of this session was answered (interpreter thread).
    func requestAnswered() {
        outstanding.wrappingDecrement(ordering: .relaxed)
        touch()
    }

    private func touch() {
        lastUsed.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// No connection and no request in flight: the session may be evicted.
    var isIdle: Bool {
        outstanding.load(ordering: .relaxed) == 0 && connectionCount == 0
    }

    var lastUse: NIODeadline {
        NIODeadline.uptimeNanoseconds(lastUsed.load(ordering: .relaxed))
    }

    /// Registers a new connection and hands it the replies that waited for one, oldest
    /// first, preceded by a notice when some had to be dropped.
    public func attach(_ endpoint: any ReplyEndpoint) -> [Reply] {
        touch()
        return state.withLockedValue { state in
            state.endpoints.append(endpoint)
            var replies: [Reply] = []
            if state.dropped > 0 {
                replies.append(
                    Reply(
                        requestID: 0,
                        outcome: .notice(
                            "\(state.dropped) earlier replies of this session were dropped while no "
                                + "connection was open (at most \(limits.replies) replies or "
                                + "\(limits.bytes) bytes are kept)")))
                state.dropped = 0
            }
            replies.append(contentsOf: state.waiting)
            state.waiting.removeAll()
            state.waitingBytes = 0
            return replies
        }
    }

    public func detach(_ endpoint: any ReplyEndpoint) {
        touch()
        state.withLockedValue { state in
            state.endpoints.removeAll { $0 === endpoint }
        }
    }

    /// Takes back replies whose connection closed before they could be written.
    public func keepUndelivered(_ replies: [Reply], from endpoint: any ReplyEndpoint) {
        let forwardTo: (any ReplyEndpoint)? = state.withLockedValue { state in
            if let other = state.endpoints.last(where: { $0 !== endpoint }) { return other }
            for reply in replies {
                state.waiting.append(reply)
                state.waitingBytes += reply.approximateByteCount
            }
            while state.waiting.count > limits.replies || state.waitingBytes > limits.bytes,
                let oldest = state.waiting.popFirst()
            {
                state.waitingBytes -= oldest.approximateByteCount
                if oldest.answersRequest { state.dropped += 1 }
            }
            return nil
        }
        forwardTo?.deliver(contentsOf: replies)
    }

    public var connectionCount: Int { state.withLockedValue { $0.endpoints.count } }
}

/// How much a session keeps for a client that is away.
public struct UndeliveredReplyLimits: Sendable {
    public var replies: Int
    public var bytes: Int

    public init(replies: Int = 1000, bytes: Int = 64 << 20) {
        self.replies = replies
        self.bytes = bytes
    }
}
