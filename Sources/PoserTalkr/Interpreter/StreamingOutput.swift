import NIOConcurrencyHelpers
import NIOCore

/// The output of one streaming request on its way to the client.
///
/// The interpreter thread appends what the request prints; the connection's event loop takes
/// it. A flush is scheduled at most `interval` after the first unsent write (so output
/// reaches the client within that time even if the code then computes silently for long),
/// and at once (from the interpreter thread) when `eagerBytes` accumulated.
public final class StreamingOutput: Sendable {
    public let requestID: UInt64
    private let endpoint: any ReplyEndpoint
    private let eventLoop: EventLoop
    private let interval: TimeAmount
    private let eagerBytes: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var chunks: [OutputChunk] = []
        var bytes = 0
        var flushScheduled = false
    }

    public init(
        requestID: UInt64, endpoint: any ReplyEndpoint, eventLoop: EventLoop,
        interval: TimeAmount = .milliseconds(50), eagerBytes: Int = 64 << 10
    ) {
        self.requestID = requestID
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.interval = interval
        self.eagerBytes = eagerBytes
    }

    /// Interpreter thread: the running request printed `text`.
    func append(isStderr: Bool, text: String) {
        let (scheduleTimed, flushNow) = state.withLockedValue { state -> (Bool, Bool) in
            if let last = state.chunks.indices.last, state.chunks[last].isStderr == isStderr {
                state.chunks[last].text += text
            } else {
                state.chunks.append(OutputChunk(isStderr: isStderr, text: text))
            }
            state.bytes += text.utf8.count
            let timed = !state.flushScheduled
            state.flushScheduled = true
            return (timed, state.bytes >= eagerBytes)
        }
        if flushNow {
            flush()
        } else if scheduleTimed {
            eventLoop.scheduleTask(in: interval) { self.flush() }
        }
    }

    /// Sends everything printed and not yet sent; any thread. The interpreter calls it when
    /// the request ends, before it delivers the reply. Taking the text and handing it to the
    /// endpoint happen under one lock, so no output can overtake other output or the reply.
    public func flush() {
        state.withLockedValue { state in
            defer {
                state.chunks = []
                state.bytes = 0
                state.flushScheduled = false
            }
            if !state.chunks.isEmpty { endpoint.deliverOutput(requestID: requestID, state.chunks) }
        }
    }
}
