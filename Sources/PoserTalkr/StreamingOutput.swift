import NIOConcurrencyHelpers
import NIOCore

/// The output of one streaming request on its way to the client.
///
/// The interpreter thread appends what the request prints; the connection's event loop takes
/// it. A flush is scheduled at most `interval` after the first unsent write (so output
/// reaches the client within that time even if the code then computes silently for long),
/// and at once when `eagerBytes` accumulated.
public final class StreamingOutput: Sendable {
    public let tag: UInt64
    private let endpoint: any ReplyEndpoint
    private let eventLoop: EventLoop
    private let interval: TimeAmount
    private let eagerBytes: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var chunks: [OutputChunk] = []
        var bytes = 0
        var flushScheduled = false
        var eagerFlushScheduled = false
    }

    public init(
        tag: UInt64, endpoint: any ReplyEndpoint, eventLoop: EventLoop,
        interval: TimeAmount = .milliseconds(50), eagerBytes: Int = 64 << 10
    ) {
        self.tag = tag
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.interval = interval
        self.eagerBytes = eagerBytes
    }

    /// Interpreter thread: the running request printed `text`.
    func append(isStderr: Bool, text: String) {
        let (scheduleTimed, scheduleNow) = state.withLockedValue { state -> (Bool, Bool) in
            if let last = state.chunks.indices.last, state.chunks[last].isStderr == isStderr {
                state.chunks[last].text += text
            } else {
                state.chunks.append(OutputChunk(isStderr: isStderr, text: text))
            }
            state.bytes += text.utf8.count
            let timed = !state.flushScheduled
            state.flushScheduled = true
            let now = state.bytes >= eagerBytes && !state.eagerFlushScheduled
            if now { state.eagerFlushScheduled = true }
            return (timed, now)
        }
        if scheduleNow {
            eventLoop.execute { self.flush() }
        } else if scheduleTimed {
            eventLoop.scheduleTask(in: interval) { self.flush() }
        }
    }

    /// Everything printed and not yet sent, leaving none.
    public func takeAll() -> [OutputChunk] {
        state.withLockedValue { state in
            defer {
                state.chunks = []
                state.bytes = 0
                state.flushScheduled = false
                state.eagerFlushScheduled = false
            }
            return state.chunks
        }
    }

    private func flush() {
        let chunks = takeAll()
        if !chunks.isEmpty { endpoint.deliverOutput(tag: tag, chunks) }
    }
}
