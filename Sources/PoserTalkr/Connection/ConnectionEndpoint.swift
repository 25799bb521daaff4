import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// What the interpreter sends a connection, in the order it sent it.
enum Delivery: Sendable {
    case reply(Reply)
    /// A reply the interpreter thread already sent itself (`DirectReplySocket`).
    case sent(Reply)
    /// A reply the interpreter thread sent in part: `rest` must go out before anything else
    /// (boxed: rare, and it would double the size of every delivery).
    indirect case sentInPart(Reply, rest: ByteBuffer)
    case output(requestID: UInt64, [OutputChunk])
    /// A raw command that may continue compiled and runs now (`ReplyEndpoint.accepted`).
    case accepted(requestID: UInt64)
}

/// The connection handler's side of `ConnectionEndpoint`; called on its event loop.
protocol DeliveryReceiver: AnyObject {
    func receive(_ deliveries: [Delivery])
}

/// The interpreter thread's handle on one connection.
///
/// Replies and streamed output go into a mailbox that the connection's event loop empties.
/// The first delivery into an empty mailbox schedules one hop to the event loop; whatever
/// arrives before that hop runs rides along. So a reply leaves as soon as its request ends,
/// and only replies that are ready at the same time share a write.
///
/// With a `DirectReplySocket` granted, a reply skips the mailbox's hop: the interpreter
/// thread sends it and leaves a `.sent` note in the mailbox, which the event loop takes
/// (`takeSentReplies`) before it next touches the connection.
///
/// It also tells the interpreter when the client is not reading: the connection is
/// congested while its channel is not writable (over the high-water mark) or more than
/// `congestionLimit` bytes of replies wait in the mailbox. The interpreter then holds its
/// requests back; it hears `onCongestionCleared` when that is over.
final class ConnectionEndpoint: ReplyEndpoint {
    private let receiver: NIOLoopBound<any DeliveryReceiver>
    private let mailbox = NIOLockedValueBox(Mailbox())
    /// Bytes of replies in the mailbox (produced, not yet handed to the channel).
    private let mailboxBytes = ManagedAtomic(0)
    private let channelCongested = ManagedAtomic(false)
    private let congestionLimit: Int
    private let onCongestionCleared: @Sendable () -> Void
    let client: String
    /// Set when replies may be sent from the interpreter thread (plaintext connections).
    let direct: DirectReplySocket?

    private struct Mailbox {
        var deliveries: [Delivery] = []
        var bytes = 0
        var hopScheduled = false
        /// A reply the interpreter thread sent itself is noted among the deliveries.
        var holdsSentReplies = false
    }

    init(
        receiver: any DeliveryReceiver, eventLoop: EventLoop, client: String, congestionLimit: Int,
        direct: DirectReplySocket? = nil, onCongestionCleared: @escaping @Sendable () -> Void
    ) {
        self.direct = direct
        self.receiver = NIOLoopBound(receiver, eventLoop: eventLoop)
        self.client = client
        self.congestionLimit = congestionLimit
        self.onCongestionCleared = onCongestionCleared
    }

    var isCongested: Bool {
        channelCongested.load(ordering: .relaxed) || mailboxBytes.load(ordering: .relaxed) > congestionLimit
    }

    func deliver(_ reply: Reply) {
        deliverSendingDirectly(reply)
    }

    /// `deliver`; returns true when the reply went out from this thread in full, with no
    /// hop to the event loop (a `SocketLease` offered with its request may then start).
    @discardableResult
    func deliverSendingDirectly(_ reply: Reply) -> Bool {
        // Measured on 2 cores: sending from this thread even while other requests wait costs
        // less CPU per request than leaving those sends to the event loops.
        var sentInFull = false
        if let direct, reply.answersRequest, reply.origin == ObjectIdentifier(self),
            send(reply, through: direct, sentInFull: &sentInFull)
        {
            return sentInFull
        }
        post(.reply(reply), bytes: reply.payloadByteCount)
        return false
    }

    /// Sends `reply` from this thread if the event loop granted it and nothing waits in the
    /// mailbox ahead of it; the note of it goes into the mailbox under the socket's lock.
    private func send(_ reply: Reply, through direct: DirectReplySocket, sentInFull: inout Bool) -> Bool {
        var full = false
        defer { sentInFull = full }
        return direct.send(
            reply,
            if: { mailbox.withLockedValue { $0.deliveries.isEmpty && !$0.hopScheduled } },
            settle: { outcome in
                switch outcome {
                case .sent:
                    full = true
                    // No hop: the event loop needs the note only before it next acts.
                    mailbox.withLockedValue {
                        $0.deliveries.append(.sent(reply))
                        $0.holdsSentReplies = true
                    }
                case .sentInPart(let rest):
                    post(.sentInPart(reply, rest: rest), bytes: rest.readableBytes)
                case .notSent:
                    break
                }
            })
    }

    func deliverOutput(requestID: UInt64, _ chunks: [OutputChunk]) {
        post(.output(requestID: requestID, chunks), bytes: chunks.reduce(0) { $0 + $1.text.utf8.count })
    }

    func accepted(requestID: UInt64) {
        post(.accepted(requestID: requestID), bytes: 0)
    }

    private func post(_ delivery: Delivery, bytes: Int) {
        mailboxBytes.wrappingIncrement(by: bytes, ordering: .relaxed)
        let scheduleHop = mailbox.withLockedValue { mailbox -> Bool in
            mailbox.deliveries.append(delivery)
            if case .sentInPart = delivery { mailbox.holdsSentReplies = true }
            mailbox.bytes += bytes
            defer { mailbox.hopScheduled = true }
            return !mailbox.hopScheduled
        }
        if scheduleHop {
            receiver.eventLoop.execute { self.empty() }
        }
    }

    /// Event loop: hands everything in the mailbox to the handler.
    private func empty() {
        let (deliveries, bytes) = takeMailbox()
        // Empty when the handler took the mailbox itself since the hop was scheduled.
        if !deliveries.isEmpty { receiver.value.receive(deliveries) }
        released(bytes)
    }

    /// Event loop, before the handler acts (after revoking `direct`): if the mailbox notes
    /// replies the interpreter thread sent itself, hands its contents to `absorb` at once, as
    /// the machine must hear of them (and their rest must go out) first. Otherwise it leaves
    /// the mailbox to its hop.
    func takeSentReplies(_ absorb: ([Delivery]) -> Void) {
        guard mailbox.withLockedValue({ $0.holdsSentReplies }) else { return }
        let (deliveries, bytes) = takeMailbox()
        absorb(deliveries)
        released(bytes)
    }

    private func takeMailbox() -> (deliveries: [Delivery], bytes: Int) {
        mailbox.withLockedValue { mailbox in
            defer {
                mailbox.deliveries = []
                mailbox.bytes = 0
                mailbox.hopScheduled = false
                mailbox.holdsSentReplies = false
            }
            return (mailbox.deliveries, mailbox.bytes)
        }
    }

    /// Replies of `bytes` went to the handler. Only now, after it wrote them (and the channel
    /// may have turned unwritable), may the congestion they caused be over.
    private func released(_ bytes: Int) {
        guard bytes > 0 else { return }
        let before = mailboxBytes.loadThenWrappingDecrement(by: bytes, ordering: .relaxed)
        if before > congestionLimit, before - bytes <= congestionLimit,
            !channelCongested.load(ordering: .relaxed)
        {
            onCongestionCleared()
        }
    }

    /// Event loop: the channel's writability changed.
    func channelWritabilityChanged(isWritable: Bool) {
        guard channelCongested.exchange(!isWritable, ordering: .relaxed) == isWritable else { return }
        if isWritable, mailboxBytes.load(ordering: .relaxed) <= congestionLimit { onCongestionCleared() }
    }
}
