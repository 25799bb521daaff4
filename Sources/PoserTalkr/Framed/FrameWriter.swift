import DequeModule
import NIOCore

/// Encodes a connection's outgoing frames: small frames written between two flushes become
/// one buffer and one write; a large get result goes out straight from Python's memory, and
/// what follows it waits until the socket took it.
///
/// It never touches the channel itself (writing can call the handler back synchronously):
/// the handler takes the buffers with `next` and writes them.
struct FrameWriter {
    private let allocator: ByteBufferAllocator
    /// Small frames encoded since the last buffer was taken.
    private var batch: ByteBuffer?
    /// Buffers to write in order before the batch (a large result and what came before it).
    private var queue: Deque<ByteBuffer> = []

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
    }

    /// Whether bytes wait for the channel to take them.
    var isBusy: Bool { !queue.isEmpty }

    /// Nothing is encoded and waiting to be taken.
    var isEmpty: Bool { queue.isEmpty && batch == nil }

    /// The next buffer to write. Queued buffers wait while the channel is not writable (a
    /// large result holds up the rest until the socket drains it); the batch of small
    /// frames goes once nothing is queued.
    mutating func next(channelIsWritable: Bool) -> ByteBuffer? {
        if !queue.isEmpty {
            return channelIsWritable ? queue.popFirst() : nil
        }
        defer { batch = nil }
        return batch
    }

    mutating func write(_ output: FramedOutput) {
        switch output {
        case .final(let reply):
            writeFinal(reply)
        case .output(let requestID, let chunk):
            encode { FrameEncoder.output(requestID: requestID, chunk, into: &$0) }
        case .failure(let requestID, let failure):
            encode { FrameEncoder.error(requestID: requestID, failure, output: .empty, into: &$0) }
        case .text(let requestID, let text):
            encode { FrameEncoder.okText(requestID: requestID, text, into: &$0) }
        case .pong(let requestID, let body):
            encode {
                FrameEncoder.ok(requestID: requestID, kind: .bytes, output: .empty, result: body, into: &$0)
            }
        case .notice(let text):
            encode { FrameEncoder.notice(text, into: &$0) }
        case .orphan(let reply):
            encode { FrameEncoder.notice(RawReplyEncoder.text(of: reply), orphanReply: true, into: &$0) }
        }
    }

    mutating func writeHello(json: String) {
        encode { FrameEncoder.hello(json: json, into: &$0) }
    }

    private mutating func writeFinal(_ reply: Reply) {
        let id = reply.requestID
        let output = reply.streamed ? CapturedOutput.empty : reply.output
        switch reply.outcome {
        case .value(let text):
            encode { FrameEncoder.okText(requestID: id, text, output: output, into: &$0) }
        case .completed, .incomplete:
            encode { FrameEncoder.ok(requestID: id, kind: .none, output: output, result: nil, into: &$0) }
        case .bytes(let bytes):
            encode { FrameEncoder.ok(requestID: id, kind: .bytes, output: output, result: bytes, into: &$0) }
        case .exportedBytes(let export):
            encode {
                FrameEncoder.ok(
                    requestID: id, kind: .bytes, output: output, result: nil, resultLength: export.count,
                    into: &$0)
            }
            if let small = batch { queue.append(small) }
            batch = nil
            queue.append(ExportedByteBuffer.make(export))
        case .failed(let failure):
            encode { FrameEncoder.error(requestID: id, failure, output: output, into: &$0) }
        case .notice(let text):
            encode { FrameEncoder.notice(text, into: &$0) }
        }
    }

    private mutating func encode(_ body: (inout ByteBuffer) -> Void) {
        if batch == nil { batch = allocator.buffer(capacity: 256) }
        body(&batch!)
    }

    /// The connection is gone: drop what waits.
    mutating func discard() {
        batch = nil
        queue.removeAll()
    }
}
