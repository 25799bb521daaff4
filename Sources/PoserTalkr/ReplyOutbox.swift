/// Collects replies on the interpreter thread and hands them over in batches: one hop to a
/// connection's event loop per batch rather than one per reply.
///
/// A batch goes out when the interpreter runs out of work, when it holds `maxBatch`
/// replies, or when its oldest reply has waited `maxDelay`, so a long request in a pipeline
/// does not hold back the answers before it.
final class ReplyOutbox {
    private var batches: [(endpoint: any ReplyEndpoint, replies: [Reply])] = []
    private var count = 0
    private var oldest: ContinuousClock.Instant?
    private let maxBatch: Int
    private let maxDelay: Duration

    init(maxBatch: Int = 128, maxDelay: Duration = .microseconds(250)) {
        self.maxBatch = maxBatch
        self.maxDelay = maxDelay
    }

    func add(_ reply: Reply, for endpoint: any ReplyEndpoint) {
        if oldest == nil { oldest = .now }
        count += 1
        // Consecutive replies usually share a connection: check the newest batch first.
        if let last = batches.indices.last, batches[last].endpoint === endpoint {
            batches[last].replies.append(reply)
        } else if let index = batches.firstIndex(where: { $0.endpoint === endpoint }) {
            batches[index].replies.append(reply)
        } else {
            batches.append((endpoint, [reply]))
        }
    }

    var isDue: Bool {
        guard let oldest else { return false }
        return count >= maxBatch || ContinuousClock.now - oldest >= maxDelay
    }

    func flush() {
        guard count > 0 else { return }
        let ready = batches
        batches.removeAll(keepingCapacity: true)
        count = 0
        oldest = nil
        for batch in ready { batch.endpoint.deliver(batch.replies) }
    }
}
