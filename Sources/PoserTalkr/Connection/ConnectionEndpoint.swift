import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// What the interpreter sends a connection, in the order it sent it.
enum Delivery: Sendable {
    case reply(Reply)
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

    private struct Mailbox {
        var deliveries: [Delivery] = []
        var bytes = 0
        var hopScheduled = false
    }

    init(
        receiver: any DeliveryReceiver, eventLoop: EventLoop, client: String, congestionLimit: Int,
        onCongestionCleared: @escaping @Sendable () -> Void
    ) {
        self.receiver = NIOLoopBound(receiver, eventLoop: eventLoop)
        self.client = client
        self.congestionLimit = congestionLimit
        self.onCongestionCleared = onCongestionCleared
    }

    var isCongested: Bool {
        channelCongested.load(ordering: .relaxed) || mailboxBytes.load(ordering: .relaxed) > congestionLimit
    }

    func deliver(_ reply: Reply) {
        post(.reply(reply), bytes: reply.payloadByteCount)
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
        let (deliveries, bytes) = mailbox.withLockedValue { mailbox in
            defer {
                mailbox.deliveries = []
                mailbox.bytes = 0
                mailbox.hopScheduled = false
            }
            return (mailbox.deliveries, mailbox.bytes)
        }
        let before = mailboxBytes.loadThenWrappingDecrement(by: bytes, ordering: .relaxed)
        receiver.value.receive(deliveries)
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
