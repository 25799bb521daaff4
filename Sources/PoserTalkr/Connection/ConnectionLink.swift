import Foundation
import Logging
import NIOCore

/// A connection's ties to the rest of the server, shared by the raw and framed handlers:
/// its endpoint (where the interpreter sends replies), its session (attached only once the
/// client authenticated, so unauthenticated traffic never creates or evicts sessions),
/// requests going out, replies it could not deliver going back, authentication checks, and
/// its log lines. Event loop only.
final class ConnectionLink {
    let services: ConnectionServices
    private(set) var endpoint: ConnectionEndpoint?
    private(set) var session: Session?
    private let acknowledgements = AcknowledgementWatch()
    private let opened = ContinuousClock.now
    private var requestCount = 0
    /// Requests the interpreter thread read itself, and the replies it sent, through leases
    /// that ended (`SocketLease`).
    private var leasedRequests = 0
    private var leasedRepliesSent = 0

    init(services: ConnectionServices) {
        self.services = services
    }

    var logger: Logger { services.logger }

    /// Called from `handlerAdded`: the endpoint replies will reach `receiver` through. With
    /// `directReplies` (plaintext connections of a server that allows it), the interpreter
    /// thread may send replies into the channel's socket itself (`DirectReplySocket`, whose
    /// descriptor is made for the reply to its second request).
    func start(
        receiver: any DeliveryReceiver, channel: Channel, mode: String,
        directReplies: DirectReplySocket.Encoding?
    ) {
        let interpreter = services.interpreter
        let direct = directReplies.map { DirectReplySocket(encoding: $0) }
        endpoint = ConnectionEndpoint(
            receiver: receiver, eventLoop: channel.eventLoop, client: services.clientLabel,
            congestionLimit: services.congestionLimit, direct: direct,
            onCongestionCleared: { interpreter.congestionCleared() })
        logger.info("connection opened", metadata: ["mode": "\(mode)"])
    }

    /// Event loop, before the handler acts: takes the socket back from the interpreter
    /// thread and hands `absorb` the replies it sent meanwhile (with what the mailbox holds
    /// before them). Nothing for connections without direct replies.
    func catchUp(_ absorb: ([Delivery]) -> Void) {
        guard let endpoint, let direct = endpoint.direct else { return }
        direct.revoke()
        endpoint.takeSentReplies(absorb)
    }

    /// Event loop, when the handler is done: the interpreter thread may send the next reply
    /// itself if `onlyReplyOwed` (the machine would do nothing with it but write it) and
    /// NIO holds no unsent bytes. `unsubmitted`: requests of this `run` not yet handed to the
    /// interpreter (the owed one may be among them).
    /// Returns whether the grant holds.
    @discardableResult
    func offerDirectReply(onlyReplyOwed: Bool, unsubmitted: Int, channel: Channel) -> Bool {
        guard onlyReplyOwed, let direct = endpoint?.direct,
            (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0
        else { return false }
        var lookedUp = false
        // The owed request is the connection's latest: its number counts those not yet sent.
        let granted = direct.grant(forRequest: requestCount + unsubmitted) {
            lookedUp = true
            return ChannelDescriptor.duplicate(of: channel)
        }
        if lookedUp, !granted {
            logger.debug(
                "replies take the event loop's path: the channel's socket could not be found or duplicated")
        }
        return granted
    }

    // MARK: Leases

    /// Set while the interpreter thread reads this connection's commands (`SocketLease`);
    /// NIO does not read meanwhile.
    private(set) var lease: SocketLease?

    /// Offers the interpreter thread the connection's next commands with the request about
    /// to be submitted (whose reply was just granted to go out directly), and stops NIO
    /// reading; nil when the server cannot lease sockets. `rerun` runs on the event loop once
    /// the interpreter gives the lease back.
    func offerLease(
        wire: LeasedCommand.Wire, context: ChannelHandlerContext, rerun: @escaping () -> Void
    ) -> SocketLease? {
        guard lease == nil, services.interpreterReads, let endpoint, let session,
            let poller = services.interpreter.poller, let descriptor = endpoint.direct?.openDescriptor
        else { return nil }
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound(rerun, eventLoop: eventLoop)
        let offered = SocketLease(
            session: session, endpoint: endpoint, descriptor: descriptor, poller: poller,
            eventLoop: eventLoop, wire: wire, returned: { eventLoop.execute { bound.value() } })
        try? context.channel.syncOptions?.setOption(.autoRead, value: false)
        lease = offered
        return offered
    }

    /// Takes the lease back, if one is held, and counts what went through it; the handler
    /// still owes what `Recall` says, then `readAgain` unless its machine pauses reading.
    func takeBackLease() -> (lease: SocketLease, recall: SocketLease.Recall)? {
        guard let taken = lease else { return nil }
        lease = nil
        let recall = taken.recall()
        requestCount += recall.requests
        leasedRequests += recall.requests
        leasedRepliesSent += recall.repliesSent
        services.interpreter.leaseRecalled(taken)
        return (taken, recall)
    }

    /// NIO reads the socket again after a lease.
    func readAgain(context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(.autoRead, value: true)
        context.read()
    }

    // MARK: Sessions

    /// Attaches to the address's session (creating it on first contact); returns the
    /// replies that waited for a connection.
    func attachAddressSession() throws(SessionDirectory.Full) -> [Reply] {
        let session = try services.sessions.session(for: services.addressSessionKey)
        return attach(session)
    }

    /// Moves to session `name` (empty: the address's own). Its name and the replies that
    /// waited for it, or why not.
    func switchSession(named name: String) -> Result<(name: String, kept: [Reply]), Failure> {
        let key = name.isEmpty ? services.addressSessionKey : .named(name)
        do {
            let target = try services.sessions.session(for: key)
            let kept = target === session ? [] : attach(target)
            logger.debug("session switched", metadata: ["session": "\(target.key)"])
            return .success((target.key.description, kept))
        } catch {
            return .failure(.server(.limitReached, "\(error)"))
        }
    }

    private func attach(_ newSession: Session) -> [Reply] {
        guard let endpoint else { return [] }
        session?.detach(endpoint)
        session = newSession
        return newSession.attach(endpoint)
    }

    // MARK: Requests

    /// Sends a request to the interpreter in the connection's session.
    /// `lease`: offered with this request (`SocketLease`).
    func submit(
        _ submission: Submission, streamingOn eventLoop: EventLoop, cancellations: CancelledRequests? = nil,
        lease: SocketLease? = nil
    ) {
        guard let endpoint, let session else { return }
        requestCount += 1
        let streaming =
            submission.streams
            ? StreamingOutput(requestID: submission.requestID, endpoint: endpoint, eventLoop: eventLoop) : nil
        services.interpreter.submit(
            Request(
                operation: submission.operation, source: submission.source, session: session,
                replyTo: endpoint, requestID: submission.requestID, streaming: streaming,
                cancellations: cancellations, mayContinue: submission.mayContinue,
                lease: lease.map { .offeredWith($0) }))
    }

    /// Replies for a connection that is gone go back to the session.
    func giveBack(_ deliveries: [Delivery]) {
        guard let endpoint else { return }
        var replies: [Reply] = []
        for case .reply(let reply) in deliveries where reply.answersRequest { replies.append(reply) }
        guard !replies.isEmpty else { return }
        session?.keepUndelivered(replies, from: endpoint)
    }

    /// Replies written after the client's close: delivered once acknowledged.
    func writtenAfterClientFinished(
        _ replies: [Reply], context: ChannelHandlerContext, settled: @escaping () -> Void
    ) {
        acknowledgements.written(replies, context: context, settled: settled)
    }

    var isAcknowledged: Bool { acknowledgements.isSettled }

    // MARK: Authentication

    /// Checks a client's proof of the token with `verify`; nil when it is right, else why
    /// it is refused. Failures count toward the address's lockout, and a locked-out address
    /// is refused without a check.
    func authenticate(mode: String, _ verify: (Authenticator) -> Bool) -> String? {
        guard let authenticator = services.authenticator else { return nil }
        if authenticator.isLockedOut(services.clientAddress) {
            logger.warning("authentication refused: address locked out", metadata: ["mode": "\(mode)"])
            return Authenticator.lockedOutMessage
        }
        if verify(authenticator) {
            logger.info("client authenticated", metadata: ["mode": "\(mode)"])
            return nil
        }
        if authenticator.recordFailure(from: services.clientAddress) {
            logger.warning("too many authentication failures; address locked out for a while")
        }
        logger.warning("authentication failed", metadata: ["mode": "\(mode)"])
        return "authentication failed"
    }

    /// Runs `timedOut` on the event loop if the client has not authenticated in time.
    func scheduleAuthenticationTimeout(context: ChannelHandlerContext, _ timedOut: @escaping () -> Void) {
        context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(services.limits.authenticationTimeout))
        {
            if context.channel.isActive { timedOut() }
        }
    }

    // MARK: End

    /// The channel went inactive: detach, and hand unacknowledged answers back.
    func channelInactive(mode: String) {
        // Before the socket's duplicate closes. A command still running answers into the
        // session, as any reply to a closed connection.
        _ = takeBackLease()
        endpoint?.direct?.close()
        endpoint?.channelWritabilityChanged(isWritable: true)
        if let endpoint, let session {
            session.detach(endpoint)
            let unconfirmed = acknowledgements.takeUnconfirmed()
            if !unconfirmed.isEmpty { session.keepUndelivered(unconfirmed, from: endpoint) }
        }
        let seconds = Double((ContinuousClock.now - opened) / .milliseconds(1)) / 1000
        logger.info(
            "connection closed",
            metadata: [
                "mode": "\(mode)", "session": "\(session?.key.description ?? "-")",
                "requests": .stringConvertible(requestCount),
                "direct_replies": .stringConvertible(
                    (endpoint?.direct?.repliesSent ?? 0) + leasedRepliesSent),
                "interpreter_reads": .stringConvertible(leasedRequests),
                "seconds": .stringConvertible((seconds * 1000).rounded() / 1000),
            ])
    }

    /// Called from `handlerRemoved`: the endpoint may outlive the connection (queued
    /// requests hold it) and keeps the handler to route late replies; dropping the
    /// reference back ends the cycle.
    func stop() {
        _ = takeBackLease()
        endpoint?.direct?.close()
        endpoint = nil
    }
}
