/// The interpreter thread's side of `SocketLease`: the leases it watches, by token, and the
/// commands it reads through them. Interpreter thread only.
final class LeasedSockets {
    let poller: InterpreterPoller
    /// Framed commands read here must not hold up the connection's PING and INTERRUPT.
    let runWatch = LeaseRunWatch()
    private var leases: [UInt64: SocketLease] = [:]
    private var busyRounds = 0
    static let busyPollEvery = 4

    init(poller: InterpreterPoller) {
        self.poller = poller
    }

    var isEmpty: Bool { leases.isEmpty }

    /// The request `lease` came with was answered (in full, directly when `sentDirectly`):
    /// the lease starts, unless it is over already or the server drains.
    func requestAnswered(offering lease: SocketLease, sentDirectly: Bool, draining: Bool) {
        guard sentDirectly, !draining else {
            lease.giveBack()
            return
        }
        if lease.activate() { leases[lease.token] = lease }
    }

    /// The event loop took a lease back.
    func forget(token: UInt64) {
        leases[token] = nil
    }

    /// Reads the commands of the leases that became ready; `take` gets each new request.
    /// `busy`: other work is queued, so look without waiting, every `busyPollEvery` rounds
    /// (the idle wait collects readiness by itself). Leased clients keep their turn in the
    /// round robin, and a round of several ready sockets costs one `epoll_wait`, not one each.
    func readReady(busy: Bool, _ take: (Request) -> Void) {
        guard !leases.isEmpty else { return }
        if busy {
            busyRounds += 1
            if busyRounds >= Self.busyPollEvery {
                busyRounds = 0
                poller.poll()
            }
        }
        for token in poller.takeReady() {
            if let lease = leases[token] { read(lease, take) }
        }
    }

    /// Reads `lease`'s next command, if there is one.
    func read(_ lease: SocketLease, _ take: (Request) -> Void) {
        switch lease.read() {
        case .command(let command):
            lease.session.requestSubmitted()
            var cancellations: CancelledRequests?
            if case .framed(_, let connectionCancellations) = lease.wire {
                cancellations = connectionCancellations
                runWatch.started(lease)
            }
            take(
                Request(
                    operation: command.operation, source: command.source, session: lease.session,
                    replyTo: lease.endpoint, requestID: command.requestID, streaming: nil,
                    cancellations: cancellations, mayContinue: false, lease: .readThrough(lease)))
        case .nothing:
            break
        case .over:
            leases[lease.token] = nil
        }
    }

    /// A request came with `lease`: until it is answered, NIO does not read the connection.
    func offered(_ lease: SocketLease) {
        if case .framed = lease.wire { runWatch.started(lease) }
    }

    /// A request that came with `lease`, or a command read through it, is answered: it no
    /// longer runs.
    func answered(_ lease: SocketLease) {
        if case .framed = lease.wire { runWatch.finished(lease) }
    }

    /// Hands every lease back to its event loop (the server drains or stops).
    func giveBackAll() {
        for lease in leases.values { lease.giveBack() }
        leases.removeAll()
    }

    /// The loop ends: nothing is watched any more.
    func stop() {
        giveBackAll()
        runWatch.stop()
    }
}
