import NIOCore
import PoserTalkrWire

/// A command the interpreter thread read through a `SocketLease`, and how each protocol
/// frames the commands a lease may take: only what needs nothing of the event loop's
/// machine. Everything else is `notMine`, and the event loop reads it.
struct LeasedCommand {
    let operation: Request.Operation
    let source: String
    /// The frame's id (framed), 0 (raw).
    let requestID: UInt64

    enum Wire: Sendable {
        /// One short line per command (`RawCommandAssembler.isShortLine`), at most this long.
        case raw(commandLimit: Int)
        /// One EVAL, EXEC, PATH or PING frame without flags per command, at most this long in
        /// all (length field included); `cancellations` are the connection's.
        case framed(commandLimit: Int, cancellations: CancelledRequests)

        /// The most bytes one command the lease takes may have.
        var longestCommand: Int {
            switch self {
            case .raw(let limit), .framed(let limit, _): return limit
            }
        }

        /// How replies to these commands are written.
        var encoding: DirectReplySocket.Encoding {
            switch self {
            case .raw: return .raw
            case .framed: return .framed
            }
        }
    }

    enum Parsed {
        case command(LeasedCommand)
        /// Raw whitespace only: nothing to run or answer.
        case blank
        /// A PING: its answer, which needs no Python, goes out at once.
        case answerAtOnce(ByteBuffer)
        /// For the event loop: more or less than one command, or one it must handle.
        case notMine
    }

    /// What `bytes`, one burst peeked from the socket, are to a lease.
    static func parse(_ bytes: UnsafeRawBufferPointer, wire: Wire) -> Parsed {
        switch wire {
        case .raw:
            let packet = ByteBuffer(bytes: bytes)
            guard RawCommandAssembler.isShortLine(packet) else { return .notMine }
            switch RawCommand(packet: packet) {
            case .request(let operation, let source):
                return .command(
                    LeasedCommand(operation: Request.Operation(operation), source: source, requestID: 0))
            case .nothing:
                return .blank
            case .invalid:
                return .notMine
            }
        case .framed:
            return parseFrame(bytes)
        }
    }

    /// Exactly one whole frame (docs/PROTOCOL.md: u32 length, op, flags, two reserved bytes,
    /// u64 id, body) of EVAL, EXEC or PATH with a UTF-8 body, or of PING; no flags.
    private static func parseFrame(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        let headerEnd = 4 + FramedProtocol.headerLength
        guard bytes.count >= headerEnd else { return .notMine }
        let length = bytes.loadUnaligned(as: UInt32.self).bigEndian
        let id = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian
        guard length >= FramedProtocol.headerLength, bytes.count == 4 + Int(length), bytes[5] == 0 else {
            return .notMine
        }
        let operation: Request.Operation
        switch FramedProtocol.Operation(rawValue: bytes[4]) {
        case .eval: operation = .evaluate
        case .exec: operation = .execute
        case .path: operation = .resolvePath
        case .ping:
            var writer = FrameWriter(allocator: ByteBufferAllocator())
            writer.write(.pong(id, ByteBuffer(bytes: bytes[headerEnd...])))
            return writer.next(channelIsWritable: true).map { .answerAtOnce($0) } ?? .notMine
        default: return .notMine
        }
        guard let source = String(validating: bytes[headerEnd...], as: UTF8.self) else { return .notMine }
        return .command(LeasedCommand(operation: operation, source: source, requestID: id))
    }
}
