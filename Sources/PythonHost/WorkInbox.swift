import Atomics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands work from many producer threads to one consumer thread in batches.
///
/// Producers push onto a lock-free stack (one compare-and-swap each, no lock). The consumer
/// takes everything pending with a single atomic exchange and gets it back in arrival
/// order. A producer wakes the consumer only when the consumer has said it is going to
/// sleep, so a busy (or polling) consumer costs producers no system call at all, however
/// many items arrive.
public final class WorkInbox<Item: Sendable>: Sendable {
    private let top = ManagedAtomic<Node?>(nil)
    /// Set by the consumer right before it blocks; the producer that clears it signals.
    private let consumerSleeping = ManagedAtomic(false)
    private let wakeUp: any WakeSignal

    /// `wakeUp`: how the idle consumer sleeps (a semaphore unless it also waits for
    /// something else, such as sockets).
    public init(wakeUp: any WakeSignal = SemaphoreWakeSignal()) {
        self.wakeUp = wakeUp
    }

    /// Adds `item`; safe from any thread.
    public func push(_ item: Item) {
        let node = Node(item)
        var head = top.load(ordering: .relaxed)
        while true {
            node.next = head
            let (exchanged, current) = top.compareExchange(
                expected: head, desired: node, successOrdering: .sequentiallyConsistent,
                failureOrdering: .relaxed)
            if exchanged { break }
            head = current
        }
        wakeConsumerIfSleeping()
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

    /// Whether nothing is pending (a peek, for polling).
    public var isEmpty: Bool { top.load(ordering: .sequentiallyConsistent) == nil }

    /// Blocks until something is pushed, or until the `WakeSignal` returns for a reason of
    /// its own. Consumer only.
    ///
    /// First it may poll for a while (`IdleSpin`, yielding the CPU between looks): when work
    /// comes back quickly, as in a client's request-reply ping-pong, it is noticed without a
    /// wake-up from sleep, which costs tens of microseconds on a virtual machine.
    public func waitForWork(spinning spin: inout IdleSpin) {
        if spin.budget > .zero {
            let started = ContinuousClock.now
            var last = started
            var found = false
            while true {
                if !isEmpty {
                    found = true
                    break
                }
                let now = ContinuousClock.now
                // A look that took this long means the thread lost its core to another
                // that needed it: polling only takes CPU from others now.
                if now - last > IdleSpin.preemptedAfter || now - started >= spin.budget { break }
                last = now
                sched_yield()
            }
            spin.record(foundWork: found, preempted: ContinuousClock.now - last > IdleSpin.preemptedAfter)
            if found { return }
        }
        // Announce the sleep, then look once more: a producer either sees the flag (and
        // signals) or pushed before it, and then this look sees its item.
        consumerSleeping.store(true, ordering: .sequentiallyConsistent)
        if !isEmpty {
            if consumerSleeping.exchange(false, ordering: .sequentiallyConsistent) { return }
            // A producer cleared the flag first and is signalling: take its signal.
        }
        wakeUp.wait()
        // Awake, whatever woke it: producers need not signal until the next sleep. (A signal
        // already under way only makes that next sleep return at once.)
        consumerSleeping.store(false, ordering: .sequentiallyConsistent)
    }

    private func wakeConsumerIfSleeping() {
        if consumerSleeping.load(ordering: .sequentiallyConsistent),
            consumerSleeping.exchange(false, ordering: .sequentiallyConsistent)
        {
            wakeUp.signal()
        }
    }

    /// One link of the stack. `next` is written by its producer before the CAS that
    /// publishes the node and read by the consumer after its acquiring exchange, so the
    /// unsynchronised field is never accessed concurrently.
    private final class Node: AtomicReference, @unchecked Sendable {
        let item: Item
        var next: Node?

        init(_ item: Item) { self.item = item }
    }
}

/// How long the idle consumer of a `WorkInbox` polls before it sleeps, adapting as it goes:
/// polling pays when work comes back within the budget (a client's request-reply loop) and
/// costs a core otherwise. The budget doubles (up to `maximum`) each time work arrived while
/// polling, and halves each time it did not or the poll was preempted (another thread needed
/// the core: on a small machine, the clients or the event loop). Zero `maximum`: never poll.
public struct IdleSpin: Sendable {
    static let preemptedAfter = Duration.microseconds(50)
    static let minimum = Duration.microseconds(10)

    public let maximum: Duration
    public private(set) var budget: Duration

    public init(maximum: Duration) {
        self.maximum = maximum
        budget = maximum
    }

    mutating func record(foundWork: Bool, preempted: Bool) {
        if foundWork, !preempted {
            budget = min(maximum, max(Self.minimum, budget * 2))
        } else {
            budget = budget / 2 < Self.minimum ? .zero : budget / 2
        }
        // Even after backing off, try again now and then: `record` only runs when polling,
        // so a zero budget comes back through `idle` below.
    }

    /// A wait that did not poll (budget zero) ended: let polling have a small try again.
    public mutating func idle() {
        if budget == .zero, maximum > .zero { budget = Self.minimum }
    }
}
