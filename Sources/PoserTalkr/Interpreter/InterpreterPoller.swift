import CSocketWait
import PythonHost

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the idle interpreter thread sleeps when it may also read sockets itself
/// (`SocketLease`): one epoll wait for the inbox's wake-up (an eventfd) and for the leased
/// sockets, so new work of either kind wakes it with one system call. Linux only: `make()`
/// gives nil elsewhere, and the server then leases no socket.
///
/// `signal` is for any thread; `add` and `remove` too (epoll is thread-safe). `wait`,
/// `poll` and `takeReady` belong to the interpreter thread alone.
final class InterpreterPoller: WakeSignal, @unchecked Sendable {
    private let poller: CInt
    private let event: CInt
    /// Tokens that became ready and were not taken yet. Interpreter thread only.
    private var ready: [UInt64] = []
    private var scratch = [UInt64](repeating: 0, count: 64)
    /// The eventfd's token; leases count from 1.
    private static let wakeToken: UInt64 = 0

    static func make() -> InterpreterPoller? {
        let poller = ptk_poller_create()
        guard poller >= 0 else { return nil }
        let event = ptk_event_create()
        guard event >= 0, ptk_poller_add(poller, event, wakeToken) == 0 else {
            if event >= 0 { close(event) }
            close(poller)
            return nil
        }
        return InterpreterPoller(poller: poller, event: event)
    }

    private init(poller: CInt, event: CInt) {
        self.poller = poller
        self.event = event
    }

    deinit {
        close(event)
        close(poller)
    }

    // MARK: WakeSignal

    func wait() { collect(timeoutMilliseconds: -1) }

    func signal() { ptk_event_signal(event) }

    // MARK: Sockets

    /// Watches `descriptor` (edge-triggered: new bytes and the peer's end) under `token`.
    func add(_ descriptor: CInt, token: UInt64) -> Bool {
        ptk_poller_add(poller, descriptor, token) == 0
    }

    /// Stops watching `descriptor`; call it before the descriptor is closed.
    func remove(_ descriptor: CInt) {
        _ = ptk_poller_remove(poller, descriptor)
    }

    /// Looks without waiting (between requests, so leased sockets are heard while others'
    /// requests keep the thread busy).
    func poll() { collect(timeoutMilliseconds: 0) }

    /// The tokens of sockets that became ready since the last call.
    func takeReady() -> [UInt64] {
        defer { ready.removeAll(keepingCapacity: true) }
        return ready
    }

    private func collect(timeoutMilliseconds: CInt) {
        let count = scratch.withUnsafeMutableBufferPointer {
            ptk_poller_wait(poller, $0.baseAddress, CInt($0.count), timeoutMilliseconds)
        }
        guard count > 0 else { return }
        for token in scratch[0..<Int(count)] {
            if token == Self.wakeToken {
                ptk_event_drain(event)
            } else {
                ready.append(token)
            }
        }
    }
}
