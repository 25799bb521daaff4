import Atomics
import Foundation
import Logging
import NIOCore

/// What a connection handler does on the interpreter thread's behalf, whichever protocol
/// it speaks; called on the connection's event loop.
protocol ReplyReceiver: AnyObject {
    func receive(_ replies: [Reply], from endpoint: ChannelReplyEndpoint)
    func receiveOutput(tag: UInt64, _ chunks: [OutputChunk])
}

/// The interpreter thread's handle on a connection: replies hop to the channel's event
/// loop and reach its handler there.
final class ChannelReplyEndpoint: ReplyEndpoint {
    private let receiver: NIOLoopBound<any ReplyReceiver>
    private let congested = ManagedAtomic(false)
    let client: String

    var isCongested: Bool { congested.load(ordering: .relaxed) }

    /// Event loop: the channel's outbound buffer filled (true) or drained (false).
    func setCongested(_ value: Bool) {
        congested.store(value, ordering: .relaxed)
    }

    init(receiver: any ReplyReceiver, eventLoop: EventLoop, client: String) {
        self.receiver = NIOLoopBound(receiver, eventLoop: eventLoop)
        self.client = client
    }

    func deliver(_ replies: [Reply]) {
        receiver.eventLoop.execute { [receiver, self] in
            receiver.value.receive(replies, from: self)
        }
    }

    func deliverOutput(tag: UInt64, _ chunks: [OutputChunk]) {
        // Output flushes run on the event loop already; handling them in place keeps them
        // ahead of the final reply, which may already be queued behind them.
        if receiver.eventLoop.inEventLoop {
            receiver.value.receiveOutput(tag: tag, chunks)
        } else {
            receiver.eventLoop.execute { [receiver] in receiver.value.receiveOutput(tag: tag, chunks) }
        }
    }
}

/// A connection's tie to its session, shared by the raw and framed handlers: attaching and
/// detaching, counting the requests it still owes answers to, and closing once it has
/// answered everything after the client (or the server) asked to stop.
///
/// A client that closed its side may have closed completely and cannot read the answers;
/// TCP only tells by resetting the connection. So answers written after the client's
/// close count as delivered only once its TCP stack acknowledged them; otherwise they go
/// back to the session for its next connection.
final class SessionLink {
    private(set) var session: Session
    private(set) var endpoint: ChannelReplyEndpoint?
    /// Requests sent to the interpreter and not yet answered.
    var inFlight = 0
    /// Requests sent over the connection's life, for its closing log line.
    private(set) var requestCount = 0
    private let opened = ContinuousClock.now
    /// The client sent its last byte, or the server is quiescing: no more requests.
    private(set) var closing = false
    private var attached = false
    private var unconfirmed: [Reply] = []
    private var confirmationScheduled = false

    init(session: Session) {
        self.session = session
    }

    /// Called from `handlerAdded`.
    func start(receiver: any ReplyReceiver, eventLoop: EventLoop, client: String) {
        endpoint = ChannelReplyEndpoint(receiver: receiver, eventLoop: eventLoop, client: client)
    }

    /// A request went to the interpreter; its answer is owed.
    func requestSent() {
        inFlight += 1
        requestCount += 1
    }

    /// The info line a connection leaves when it ends: who, which session, how long, how much.
    func logClosed(_ logger: Logger, mode: String) {
        let seconds = Double((ContinuousClock.now - opened) / .milliseconds(1)) / 1000
        logger.info(
            "connection closed",
            metadata: [
                "mode": "\(mode)", "session": "\(session.key)", "requests": "\(requestCount)",
                "duration": "\(String(format: "%.3f", seconds))s",
            ])
    }

    /// Attaches to the session once; returns the replies that waited for a connection.
    func attach() -> [Reply] {
        guard !attached, let endpoint else { return [] }
        attached = true
        return session.attach(endpoint)
    }

    /// Moves the connection to another session; returns that session's waiting replies.
    func switchSession(to newSession: Session) -> [Reply] {
        guard let endpoint, newSession !== session else { return [] }
        session.detach(endpoint)
        session = newSession
        attached = true
        return newSession.attach(endpoint)
    }

    func beginClosing() { closing = true }

    /// Event loop, on writability changes: tells the interpreter whether to hold back this
    /// connection's requests.
    func writabilityChanged(isWritable: Bool, interpreter: InterpreterHost) {
        guard let endpoint, endpoint.isCongested == isWritable else { return }
        endpoint.setCongested(!isWritable)
        if isWritable { interpreter.congestionCleared() }
    }

    /// The channel went inactive: detach, and hand unacknowledged answers back.
    func channelInactive() {
        closing = true
        guard let endpoint else { return }
        session.detach(endpoint)
        if !unconfirmed.isEmpty {
            session.keepUndelivered(unconfirmed, from: endpoint)
            unconfirmed = []
        }
    }

    /// Called from `handlerRemoved`: the endpoint may outlive the connection (queued
    /// requests hold it) and keeps the handler to route late replies; dropping the
    /// reference back ends the cycle.
    func stop() {
        endpoint = nil
    }

    /// Replies for a connection that is gone go back to the session.
    func returnToSession(_ replies: [Reply], from endpoint: ChannelReplyEndpoint) {
        session.keepUndelivered(replies, from: endpoint)
    }

    /// Notes replies just written; after the client's close they wait for its acknowledgement.
    func written(_ replies: [Reply], context: ChannelHandlerContext) {
        guard closing, !replies.isEmpty else { return }
        unconfirmed.append(contentsOf: replies)
        scheduleConfirmation(context: context, attempt: 0)
    }

    /// Closes the channel when closing and nothing more is owed or unacknowledged.
    func closeIfDone(context: ChannelHandlerContext, busy: Bool = false) {
        guard closing, !busy, inFlight == 0, unconfirmed.isEmpty, context.channel.isActive else { return }
        context.close(promise: nil)
    }

    /// Polls TCP_INFO until every segment sent was acknowledged (the client's socket is
    /// still there to read them) or the connection is reset (it is not).
    private func scheduleConfirmation(context: ChannelHandlerContext, attempt: Int) {
        guard !confirmationScheduled, let provider = context.channel as? SocketOptionProvider else { return }
        confirmationScheduled = true
        let delay = TimeAmount.milliseconds(Int64(min(50, 1 << min(attempt, 6))))
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            provider.getTCPInfo().assumeIsolated().whenComplete { result in
                self.confirmationScheduled = false
                guard case .success(let info) = result, context.channel.isActive else { return }
                if info.tcpi_unacked == 0 {
                    self.unconfirmed.removeAll()
                    self.closeIfDone(context: context)
                } else if attempt < 400 {
                    self.scheduleConfirmation(context: context, attempt: attempt + 1)
                } else {
                    // Twenty seconds without an acknowledgement: the client is gone.
                    context.close(promise: nil)
                }
            }
        }
    }
}
