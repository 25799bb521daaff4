import Atomics
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands work from many producer threads to one consumer thread in batches.
///
/// Producers push onto a lock-free stack (one compare-and-swap each, no lock). The consumer
/// takes everything pending with a single atomic exchange and gets it back in arrival
/// order. A producer wakes the consumer only when it pushes onto an empty inbox, so a busy
/// consumer is woken at most once per batch, however many items arrive meanwhile.
public final class WorkInbox<Item: Sendable>: Sendable {
    private let top = ManagedAtomic<Node?>(nil)
    private let wakeUp = DispatchSemaphore(value: 0)

    public init() {}

    /// Adds `item`; safe from any thread.
    public func push(_ item: Item) {
        let node = Node(item)
        var head = top.load(ordering: .relaxed)
        while true {
            node.next = head
            let (exchanged, current) = top.compareExchange(
                expected: head, desired: node, successOrdering: .releasing, failureOrdering: .relaxed)
            if exchanged { break }
            head = current
        }
        // Only the push that found the inbox empty can find the consumer asleep.
        if head == nil { wakeUp.signal() }
    }

    /// Everything pushed so far, oldest first, leaving the inbox empty. Meant for the
    /// consumer; two concurrent callers are still safe (each gets a disjoint part), which a
    /// shutdown path may rely on.
    public func takeAll() -> [Item] {
        guard var node = top.exchange(nil, ordering: .acquiring) else { return [] }
        var items: [Item] = []
        while true {
            items.append(node.item)
            // Unlink as we go: a long chain released at once would recurse in deinit.
            guard let next = node.next else { break }
            node.next = nil
            node = next
        }
        items.reverse()
        return items
    }

    /// Blocks until something may have been pushed, or the deadline passes. It can return
    /// with the inbox still empty (a wake-up left over from an earlier batch); callers loop.
    public func waitForWork(until deadline: DispatchTime = .distantFuture) {
        _ = wakeUp.wait(timeout: deadline)
    }

    /// Whether nothing is pending (a peek, for polling).
    public var isEmpty: Bool { top.load(ordering: .relaxed) == nil }

    /// Polls for up to `spin` (yielding the CPU between looks) before blocking. When work
    /// comes back quickly, as in a client's request-reply ping-pong, the consumer then
    /// notices it without being woken from sleep, which costs tens of microseconds on a
    /// virtual machine.
    public func waitForWork(spinningFor spin: Duration) {
        if spin > .zero {
            let deadline = ContinuousClock.now + spin
            while isEmpty, ContinuousClock.now < deadline {
                sched_yield()
            }
            if !isEmpty { return }
        }
        waitForWork()
    }

    /// Wakes the consumer without pushing, for example to make it notice a stop request.
    public func wakeConsumer() {
        wakeUp.signal()
    }

    /// One link of the stack. `next` is written by its producer before the releasing CAS
    /// that publishes the node and read by the consumer after its acquiring exchange, so the
    /// unsynchronised field is never accessed concurrently.
    private final class Node: AtomicReference, @unchecked Sendable {
        let item: Item
        var next: Node?

        init(_ item: Item) { self.item = item }
    }
}
