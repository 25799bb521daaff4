import DequeModule
import Logging
import PythonHost

/// The interpreter thread's work loop: per-session FIFO queues served round-robin, one
/// request per session per turn, so a client that floods the server cannot starve another.
///
/// A session whose next request would answer a connection that is not reading its replies
/// is held back (other sessions go on) until that connection drains, so a client that never
/// reads cannot make the server produce replies without bound.
final class InterpreterLoop {
    /// A session as the interpreter thread sees it: its namespace and its queue.
    private final class SessionWork {
        let session: Session
        var globals: PythonObject?
        var queue: Deque<Request> = []
        var scheduled = false

        init(session: Session) { self.session = session }
    }

    static let shutdownFailure = Failure.server(
        .shuttingDown, "the server is shutting down; this request was not run")
    static let cancelledFailure = Failure.server(.cancelled, "the request was cancelled before it ran")

    private let interpreter: PythonInterpreter
    private let executor: RequestExecutor
    private let inbox: WorkInbox<InterpreterJob>
    private let interruption: RequestInterruption
    private let outbox = ReplyOutbox()
    private let logger: Logger
    /// Debug logging is on: time each request and log it (`RequestLog`).
    private let logsRequests: Bool

    /// How long the idle thread polls for new work before it sleeps (`--idle-spin`).
    private let idleSpin: Duration
    private var sessions: [UInt64: SessionWork] = [:]
    private var ring: Deque<SessionWork> = []
    /// Sessions held back because their next request's connection is congested.
    private var heldBack: [SessionWork] = []
    private var serial: UInt64 = 0

    init(
        interpreter: PythonInterpreter, executor: RequestExecutor, inbox: WorkInbox<InterpreterJob>,
        interruption: RequestInterruption, idleSpin: Duration, logger: Logger
    ) {
        self.idleSpin = idleSpin
        self.interpreter = interpreter
        self.executor = executor
        self.inbox = inbox
        self.interruption = interruption
        self.logger = logger
        self.logsRequests = logger.logLevel <= .debug
    }

    /// Serves requests until `shouldStop` answers true. The request running when that
    /// happens finishes; `rejectQueued` then answers the ones still waiting.
    func run(shouldStop: () -> Bool) {
        while !shouldStop() {
            take(inbox.takeAll())
            if let work = ring.popFirst() {
                runNext(of: work)
                if outbox.isDue { outbox.flush() }
                continue
            }
            outbox.flush()
            if shouldStop() { break }
            // Idle: let go of the GIL so Python threads started by clients keep running.
            interpreter.withGILReleased { inbox.waitForWork(spinningFor: idleSpin) }

        }
    }

    private func take(_ jobs: [InterpreterJob]) {
        for job in jobs {
            switch job {
            case .release(let release):
                PythonBufferExport.perform(release)
            case .request(let request):
                enqueue(request)
            case .forget(let sessionID):
                forget(sessionID)
            case .congestionCleared:
                releaseHeldBack()
            case .wake:
                break
            }
        }
    }

    private func forget(_ sessionID: UInt64) {
        guard let work = sessions[sessionID], work.queue.isEmpty, !work.scheduled else { return }
        sessions[sessionID] = nil
        logger.debug("session evicted", metadata: ["session": "\(work.session.key)"])
    }

    private func enqueue(_ request: Request) {
        let id = request.session.id
        let work: SessionWork
        if let existing = sessions[id] {
            work = existing
        } else {
            work = SessionWork(session: request.session)
            sessions[id] = work
        }
        work.queue.append(request)
        if !work.scheduled {
            work.scheduled = true
            ring.append(work)
        }
    }

    private func releaseHeldBack() {
        let waiting = heldBack
        heldBack = []
        for work in waiting {
            if work.queue.first?.replyTo.isCongested == true {
                heldBack.append(work)
            } else {
                ring.append(work)
            }
        }
    }

    private func runNext(of work: SessionWork) {
        if let next = work.queue.first, next.replyTo.isCongested {
            // Stays `scheduled`: it is parked, and comes back when the connection drains.
            heldBack.append(work)
            return
        }
        guard let request = work.queue.popFirst() else {
            work.scheduled = false
            return
        }
        let reply: Reply
        if request.cancellations?.take(request.tag) == true {
            reply = Reply(tag: request.tag, outcome: .failed(Self.cancelledFailure))
        } else {
            do {
                let globals = try namespace(of: work)
                serial += 1
                interruption.begin(
                    serial: serial, sessionID: work.session.id,
                    target: RequestTarget(endpoint: request.replyTo, tag: request.tag))
                let started = logsRequests ? ContinuousClock.now : nil
                reply = executor.run(request, in: globals)
                interruption.end()
                if let started {
                    let elapsed = (ContinuousClock.now - started) / .nanoseconds(1000)
                    RequestLog.record(request, reply, microseconds: Int64(elapsed), logger: logger)
                }
            } catch {
                logger.error(
                    "could not create the namespace of \(work.session.key)",
                    metadata: ["error": "\(error.typeName): \(error.message)"])
                reply = Reply(tag: request.tag, outcome: .failed(Failure(error)))
            }
        }
        request.session.requestAnswered()
        outbox.add(reply, for: request.replyTo)
        if work.queue.isEmpty {
            work.scheduled = false
        } else {
            ring.append(work)
        }
    }

    private func namespace(of work: SessionWork) throws(PythonError) -> PythonObject {
        if let globals = work.globals { return globals }
        let globals = try executor.makeNamespace(for: work.session)
        work.globals = globals
        logger.debug("new session namespace", metadata: ["session": "\(work.session.key)"])
        return globals
    }

    /// Answers every request not yet run as not run (after `run` returned).
    func rejectQueued() {
        take(inbox.takeAll())
        ring.append(contentsOf: heldBack)
        heldBack = []
        while let work = ring.popFirst() {
            for request in work.queue {
                request.session.requestAnswered()
                outbox.add(
                    Reply(tag: request.tag, outcome: .failed(Self.shutdownFailure)), for: request.replyTo)
            }
            work.queue.removeAll()
            work.scheduled = false
        }
        outbox.flush()
    }
}
