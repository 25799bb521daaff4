import Logging
import PythonHost

/// The interpreter thread's work loop: takes jobs from the inbox, runs requests in the
/// order `SessionScheduler` picks, and hands each reply to its connection as soon as the
/// request ends.
///
/// Shutdown has two steps. `drain` (from `InterpreterHost.beginDraining`): the request
/// running now finishes, and every request waiting or still arriving is answered as not run,
/// in order, without running. `stop`: the loop returns so Python can be finalized.
final class InterpreterLoop {
    private let interpreter: PythonInterpreter
    private let executor: RequestExecutor
    private let inbox: WorkInbox<InterpreterJob>
    private let interruption: RequestInterruption
    private let logger: Logger
    /// Debug logging is on: time each request and log it (`RequestLog`).
    private let logsRequests: Bool
    /// How long the idle thread polls for new work before it sleeps (`--idle-spin` at most).
    private var spin: IdleSpin
    /// `--max-run`: a request it stops leaves a warning.
    private let maxRunTime: Duration?
    private var scheduler = SessionScheduler()
    /// Sockets whose commands this thread reads itself (`SocketLease`); nil off Linux.
    private let leases: LeasedSockets?
    private var draining = false
    private var serial: UInt64 = 0

    init(
        interpreter: PythonInterpreter, executor: RequestExecutor, inbox: WorkInbox<InterpreterJob>,
        interruption: RequestInterruption, idleSpin: Duration, maxRunTime: Duration?,
        poller: InterpreterPoller?, logger: Logger
    ) {
        self.leases = poller.map { LeasedSockets(poller: $0) }
        self.spin = IdleSpin(maximum: idleSpin)
        self.maxRunTime = maxRunTime
        self.interpreter = interpreter
        self.executor = executor
        self.inbox = inbox
        self.interruption = interruption
        self.logger = logger
        self.logsRequests = logger.logLevel <= .debug
    }

    /// Serves requests until `shouldStop` answers true. Once `shouldDrain` answers true, the
    /// loop runs nothing more: it answers every request as not run and fires `drained`.
    func run(shouldDrain: () -> Bool, drained: () -> Void, shouldStop: () -> Bool) {
        while !shouldStop() {
            if !draining, shouldDrain() {
                draining = true
                leases?.giveBackAll()
                answerNotRun(scheduler.takeAllWaiting())
                drained()
            }
            take(inbox.takeAll())
            if !draining, let leases {
                leases.readReady(busy: scheduler.hasWork) { scheduler.enqueue($0) }
            }
            if !draining, let (request, work) = scheduler.next() {
                run(request, of: work)
                continue
            }
            if shouldStop() || (!draining && shouldDrain()) { continue }
            // Idle: let go of the GIL so Python threads started by clients keep running.
            interpreter.withGILReleased {
                // A leased socket's bytes do not show in the inbox: sleep in the poller at once.
                if draining || !(leases?.isEmpty ?? true) {
                    var never = IdleSpin(maximum: .zero)
                    inbox.waitForWork(spinning: &never)
                } else {
                    let polled = spin.budget > .zero
                    inbox.waitForWork(spinning: &spin)
                    if !polled { spin.idle() }
                }
            }
        }
        take(inbox.takeAll())
        leases?.stop()
        answerNotRun(scheduler.takeAllWaiting())
    }

    private func take(_ jobs: [InterpreterJob]) {
        for job in jobs {
            switch job {
            case .release(let release):
                PythonBufferExport.perform(release)
            case .request(let request):
                if draining {
                    answerNotRun([request])
                } else {
                    if case .offeredWith(let lease) = request.lease { leases?.offered(lease) }
                    scheduler.enqueue(request)
                }
            case .allocatePut(let count, let promise):
                do {
                    promise.succeed(try executor.makePutStorage(count: count))
                } catch {
                    promise.fail(Failure(error))
                }
            case .forget(let sessionID):
                if scheduler.forget(sessionID: sessionID) {
                    logger.debug("session evicted", metadata: ["session_id": "\(sessionID)"])
                }
            case .serverPort(let port):
                executor.setServerPort(port)
            case .protectDescriptorsOpenedSince:
                executor.protectDescriptorsOpenedSince()
            case .congestionCleared:
                scheduler.congestionCleared()
            case .leaseRecalled(let token):
                leases?.forget(token: token)
            case .wake:
                break
            }
        }
    }

    private func run(_ request: Request, of work: SessionScheduler.SessionWork) {
        let reply: Reply
        if request.cancellations?.take(request.requestID) == true {
            reply = Reply(requestID: request.requestID, outcome: .failed(.cancelled))
        } else {
            do {
                let globals = try namespace(of: work)
                serial += 1
                interruption.begin(
                    serial: serial, sessionID: work.session.id,
                    target: RequestTarget(endpoint: request.replyTo, requestID: request.requestID))
                let started = logsRequests ? ContinuousClock.now : nil
                reply = executor.run(request, in: globals)
                interruption.end()
                if let started {
                    let elapsed = (ContinuousClock.now - started) / .nanoseconds(1000)
                    RequestLog.record(request, reply, microseconds: Int64(elapsed), logger: logger)
                }
                if case .failed(let failure) = reply.outcome,
                    failure.typeName == InterruptReason.timeLimit.exceptionClassName,
                    let limit = maxRunTime
                {
                    RequestLog.recordTimeLimit(request, limit: limit, logger: logger)
                }
            } catch {
                logger.error(
                    "could not create the namespace of \(work.session.key)",
                    metadata: ["error": "\(error.typeName): \(error.message)"])
                reply = Reply(requestID: request.requestID, outcome: .failed(Failure(error)))
            }
        }
        request.session.requestAnswered()
        answer(request, with: reply)
    }

    /// Sends `reply` where `request` wants it: through its lease, or to its endpoint (and a
    /// lease offered with it starts if the reply went out directly).
    private func answer(_ request: Request, with reply: Reply) {
        switch request.lease {
        case nil:
            request.replyTo.deliver(reply)
        case .offeredWith(let lease):
            leases?.answered(lease)
            let direct = lease.endpoint.deliverSendingDirectly(reply)
            leases?.requestAnswered(offering: lease, sentDirectly: direct, draining: draining)
        case .readThrough(let lease):
            leases?.answered(lease)
            switch lease.reply(reply) {
            case .notLeased:
                request.replyTo.deliver(reply)
            case .sent(let readAgain):
                if readAgain, !draining { leases?.read(lease) { scheduler.enqueue($0) } }
            }
        }
    }

    private func namespace(of work: SessionScheduler.SessionWork) throws(PythonError) -> PythonObject {
        if let globals = work.namespace { return globals }
        let globals = try executor.makeNamespace(for: work.session)
        work.namespace = globals
        logger.debug("new session namespace", metadata: ["session": "\(work.session.key)"])
        return globals
    }

    private func answerNotRun(_ requests: [Request]) {
        for request in requests {
            request.session.requestAnswered()
            answer(request, with: Reply(requestID: request.requestID, outcome: .failed(.notRun)))
        }
    }
}
