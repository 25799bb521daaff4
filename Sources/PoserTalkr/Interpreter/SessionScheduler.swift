import DequeModule
import PythonHost

/// Decides which request the interpreter runs next: each session's requests in arrival
/// order, sessions served round-robin (one request per session per turn), so a client that
/// floods the server cannot starve another.
///
/// A connection whose client does not read its replies is congested (`ReplyEndpoint`): its
/// requests are held back, so it cannot make the server produce replies without bound,
/// while the session's other connections and other sessions go on. A connection's own
/// requests always run in the order it sent them. A session whose every waiting request
/// belongs to a congested connection is parked until `congestionCleared()`.
///
/// Plain data with no Python in it, so tests drive it directly.
struct SessionScheduler {
    /// A session as the interpreter thread sees it: its waiting requests and its namespace.
    final class SessionWork {
        let session: Session
        var queue: Deque<Request> = []
        /// In the ring or parked; a session is in at most one of them.
        var scheduled = false
        /// Parked: every request waiting belongs to a congested connection.
        var parked = false
        /// The session's globals dict, made on first use (interpreter thread only).
        var namespace: PythonObject?

        init(session: Session) { self.session = session }
    }

    private var sessions: [UInt64: SessionWork] = [:]
    private var ring: Deque<SessionWork> = []
    private var parked: [SessionWork] = []

    /// Requests waiting, runnable or held back.
    var waitingCount: Int {
        ring.reduce(0) { $0 + $1.queue.count } + parked.reduce(0) { $0 + $1.queue.count }
    }

    /// Whether a session may have a request to run now (`next` may still find none).
    var hasWork: Bool { !ring.isEmpty }

    mutating func enqueue(_ request: Request) {
        let work = self.work(for: request.session)
        work.queue.append(request)
        if !work.scheduled {
            work.scheduled = true
            ring.append(work)
        } else if work.parked, !request.replyTo.isCongested {
            // Another connection of a held-back session: it may run.
            parked.removeAll { $0 === work }
            work.parked = false
            ring.append(work)
        }
    }

    /// The next request to run and its session, or nil when nothing may run now.
    mutating func next() -> (Request, SessionWork)? {
        while let work = ring.popFirst() {
            guard let index = Self.firstRunnable(in: work.queue) else {
                if work.queue.isEmpty {
                    work.scheduled = false
                } else {
                    work.parked = true
                    parked.append(work)
                }
                continue
            }
            let request = index == 0 ? work.queue.removeFirst() : work.queue.remove(at: index)
            if work.queue.isEmpty {
                work.scheduled = false
            } else {
                ring.append(work)
            }
            return (request, work)
        }
        return nil
    }

    /// The first request whose connection is not congested. A connection found congested
    /// stays skipped for the rest of the scan, even if it drains meanwhile, so that its own
    /// requests never run out of order.
    private static func firstRunnable(in queue: Deque<Request>) -> Int? {
        // Nearly always the first request may run: one atomic load.
        guard let first = queue.first, first.replyTo.isCongested else { return queue.isEmpty ? nil : 0 }
        var congested: [ObjectIdentifier] = [ObjectIdentifier(first.replyTo)]
        for index in queue.indices.dropFirst() {
            let endpoint = ObjectIdentifier(queue[index].replyTo)
            if congested.contains(endpoint) { continue }
            if !queue[index].replyTo.isCongested { return index }
            congested.append(endpoint)
        }
        return nil
    }

    /// A congested connection drained: parked sessions get another look.
    mutating func congestionCleared() {
        for work in parked { work.parked = false }
        ring.append(contentsOf: parked)
        parked.removeAll()
    }

    /// Every waiting request, runnable or held back, in the order each session received
    /// them; the scheduler is left empty (shutdown).
    mutating func takeAllWaiting() -> [Request] {
        var all: [Request] = []
        for work in ring + parked {
            all.append(contentsOf: work.queue)
            work.queue.removeAll()
            work.scheduled = false
            work.parked = false
        }
        ring.removeAll()
        parked.removeAll()
        return all
    }

    /// Drops an evicted session's state, unless it has work waiting (it is then kept until
    /// that is answered). Returns whether it was dropped.
    @discardableResult
    mutating func forget(sessionID: UInt64) -> Bool {
        guard let work = sessions[sessionID], work.queue.isEmpty, !work.scheduled else { return false }
        sessions[sessionID] = nil
        return true
    }

    private mutating func work(for session: Session) -> SessionWork {
        if let existing = sessions[session.id] { return existing }
        let work = SessionWork(session: session)
        sessions[session.id] = work
        return work
    }
}
