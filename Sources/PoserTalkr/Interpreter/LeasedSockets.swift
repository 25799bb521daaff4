/// The interpreter thread's side of `SocketLease`: the leases it watches, by token, and the
/// commands it reads through them. Interpreter thread only.
final class LeasedSockets {
    let poller: InterpreterPoller
    private var leases: [UInt64: SocketLease] = [:]

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
    /// `busy`: other work is queued, so look without waiting first (the idle wait collects
    /// readiness by itself).
    func readReady(busy: Bool, _ take: (Request) -> Void) {
        guard !leases.isEmpty else { return }
        if busy { poller.poll() }
        for token in poller.takeReady() {
            if let lease = leases[token] { read(lease, take) }
        }
    }

    /// Reads `lease`'s next command, if there is one.
    func read(_ lease: SocketLease, _ take: (Request) -> Void) {
        switch lease.read() {
        case .command(let operation, let source):
            lease.session.requestSubmitted()
            take(
                Request(
                    operation: operation, source: source, session: lease.session, replyTo: lease.endpoint,
                    requestID: 0, streaming: nil, cancellations: nil, mayContinue: false,
                    lease: .readThrough(lease)))
        case .nothing:
            break
        case .over:
            leases[lease.token] = nil
        }
    }

    /// Hands every lease back to its event loop (the server drains or stops).
    func giveBackAll() {
        for lease in leases.values { lease.giveBack() }
        leases.removeAll()
    }
}
