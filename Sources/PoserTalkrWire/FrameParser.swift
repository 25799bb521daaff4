import NIOCore

/// The fixed part of a frame.
public struct FrameHeader: Equatable {
    public let op: UInt8
    public let flags: UInt8
    public let id: UInt64
    /// Bytes of body after the 12-byte header.
    public let bodyLength: Int
}

/// What the parser makes of the bytes it is fed.
public enum FrameEvent {
    /// The preamble was read: the client speaks this protocol version.
    case started
    /// A complete frame of any operation but put.
    case frame(FrameHeader, body: ByteBuffer)
    /// A complete put small enough to be held whole.
    case put(FrameHeader, name: String, payload: ByteBuffer)
    /// The start of a large put: its payload follows in `putChunk`s, then `putEnd`.
    case putStart(FrameHeader, name: String, payloadLength: Int)
    case putChunk(ByteBuffer)
    case putEnd
    /// A frame the parser skipped (its body is not read); the request gets this error.
    case rejected(FrameHeader, FramedErrorCode, String)
}

/// Errors that end the connection: after them, frame boundaries are lost.
public enum FramingError: Error, Equatable, CustomStringConvertible {
    case badPreamble
    case unsupportedVersion(UInt8)
    case frameTooShort(length: UInt32)
    case frameTooLarge(length: Int, limit: Int)

    public var description: String {
        switch self {
        case .badPreamble:
            return "the connection started with a NUL byte but not with the framed preamble \\0PTKR"
        case .unsupportedVersion(let version):
            return
                "protocol version \(version) is not supported (this server speaks \(FramedProtocol.version))"
        case .frameTooShort(let length):
            return "a frame's length field says \(length), less than the 12 bytes every frame has"
        case .frameTooLarge(let length, let limit):
            return
                "a frame's length field says \(length), more than this server accepts (\(limit), --max-frame)"
        }
    }
}

/// Cuts a framed byte stream into frames: the preamble, then `u32 length | u8 op | u8 flags |
/// u16 reserved | u64 id | body`. A pure state machine, so the fuzz target can drive it
/// without sockets.
///
/// Bodies are collected whole, except a put's payload of `streamThreshold` bytes or more,
/// which is passed on in the pieces it arrives in so it never has to be held twice.
public struct FrameParser {
    private enum State {
        case preamble
        case header
        case body(FrameHeader)
        case putName(FrameHeader)
        case payload(remaining: Int)
        case skip(remaining: Int)
    }

    /// The largest length field accepted; the connection lowers it until the client
    /// authenticated.
    public var maxFrameLength: Int
    public let streamThreshold: Int
    static let maxNameLength = 1024
    private var state = State.preamble
    private var pending: ByteBuffer?

    public init(maxFrameLength: Int, streamThreshold: Int = 64 << 10) {
        self.maxFrameLength = maxFrameLength
        self.streamThreshold = streamThreshold
    }

    /// Whether the parser stopped in the middle of a frame (the stream was truncated).
    public var isInsideFrame: Bool {
        switch state {
        case .header: return (pending?.readableBytes ?? 0) > 0
        case .preamble: return false
        default: return true
        }
    }

    /// Consumes `bytes` and returns the events they complete. Throws on framing errors,
    /// after which the parser must not be used again.
    public mutating func feed(_ bytes: ByteBuffer) throws(FramingError) -> [FrameEvent] {
        var input: ByteBuffer
        if var pending, pending.readableBytes > 0 {
            var bytes = bytes
            pending.writeBuffer(&bytes)
            input = pending
        } else {
            input = bytes
        }
        pending = nil
        var events: [FrameEvent] = []
        while try step(&input, into: &events) {}
        if input.readableBytes > 0 {
            // Keep the unconsumed tail, compacted, for the next feed.
            pending = input
        }
        return events
    }

    /// One step of the state machine; false when it needs more bytes.
    private mutating func step(_ input: inout ByteBuffer, into events: inout [FrameEvent])
        throws(FramingError)
        -> Bool
    {
        switch state {
        case .preamble:
            guard input.readableBytes >= FramedProtocol.preambleLength,
                let preamble = input.readBytes(length: FramedProtocol.preambleLength)
            else {
                // Check what is there already, so garbage fails at once.
                let available = Array(input.readableBytesView.prefix(FramedProtocol.magic.count))
                if available != Array(FramedProtocol.magic.prefix(available.count)) { throw .badPreamble }
                return false
            }
            guard Array(preamble.prefix(5)) == FramedProtocol.magic else { throw .badPreamble }
            guard preamble[5] == FramedProtocol.version else { throw .unsupportedVersion(preamble[5]) }
            events.append(.started)
            state = .header
            return true

        case .header:
            // The length field alone tells a broken stream: judge it as soon as it is here.
            guard let length = input.getInteger(at: input.readerIndex, as: UInt32.self) else { return false }
            guard length >= FramedProtocol.headerLength else { throw .frameTooShort(length: length) }
            guard Int(length) <= maxFrameLength else {
                throw .frameTooLarge(length: Int(length), limit: maxFrameLength)
            }
            guard input.readableBytes >= 4 + FramedProtocol.headerLength else { return false }
            input.moveReaderIndex(forwardBy: 4)
            let op = input.readInteger(as: UInt8.self)!
            let flags = input.readInteger(as: UInt8.self)!
            input.moveReaderIndex(forwardBy: 2)
            let id = input.readInteger(as: UInt64.self)!
            let header = FrameHeader(
                op: op, flags: flags, id: id, bodyLength: Int(length) - FramedProtocol.headerLength)
            if FramedProtocol.Operation(rawValue: op).map(Self.isRequest) != true {
                events.append(
                    .rejected(
                        header, .unknownOperation,
                        "operation 0x\(String(op, radix: 16)) is not a request this server knows"))
                state = .skip(remaining: header.bodyLength)
            } else if op == FramedProtocol.Operation.put.rawValue {
                state = .putName(header)
            } else {
                state = .body(header)
            }
            return true

        case .body(let header):
            guard let body = input.readSlice(length: header.bodyLength) else { return false }
            events.append(.frame(header, body: body))
            state = .header
            return true

        case .putName(let header):
            guard header.bodyLength >= 2 else {
                events.append(.rejected(header, .badRequest, "a put needs a name length (2 bytes)"))
                state = .skip(remaining: header.bodyLength)
                return true
            }
            guard let nameLength = input.getInteger(at: input.readerIndex, as: UInt16.self) else {
                return false
            }
            guard Int(nameLength) <= Self.maxNameLength else {
                events.append(
                    .rejected(
                        header, .badRequest,
                        "a put's name has \(nameLength) bytes; at most \(Self.maxNameLength) are allowed"))
                state = .skip(remaining: header.bodyLength)
                return true
            }
            guard Int(nameLength) <= header.bodyLength - 2 else {
                events.append(
                    .rejected(header, .badRequest, "a put's name length \(nameLength) does not fit its frame")
                )
                state = .skip(remaining: header.bodyLength)
                return true
            }
            guard input.readableBytes >= 2 + Int(nameLength) else { return false }
            input.moveReaderIndex(forwardBy: 2)
            let nameBytes = input.readSlice(length: Int(nameLength))!
            let payloadLength = header.bodyLength - 2 - Int(nameLength)
            guard let name = String(validating: nameBytes.readableBytesView, as: UTF8.self) else {
                events.append(.rejected(header, .badRequest, "a put's name is not UTF-8"))
                state = .skip(remaining: payloadLength)
                return true
            }
            if payloadLength >= streamThreshold {
                events.append(.putStart(header, name: name, payloadLength: payloadLength))
                state = .payload(remaining: payloadLength)
            } else {
                guard input.readableBytes >= payloadLength else {
                    // Wait for the whole small payload: rewind to re-read the name then.
                    input.moveReaderIndex(to: input.readerIndex - 2 - Int(nameLength))
                    return false
                }
                events.append(.put(header, name: name, payload: input.readSlice(length: payloadLength)!))
                state = .header
            }
            return true

        case .payload(let remaining):
            if remaining == 0 {
                events.append(.putEnd)
                state = .header
                return true
            }
            guard input.readableBytes > 0 else { return false }
            let chunk = input.readSlice(length: min(remaining, input.readableBytes))!
            events.append(.putChunk(chunk))
            state = .payload(remaining: remaining - chunk.readableBytes)
            return true

        case .skip(let remaining):
            if remaining == 0 {
                state = .header
                return true
            }
            guard input.readableBytes > 0 else { return false }
            let skipped = min(remaining, input.readableBytes)
            input.moveReaderIndex(forwardBy: skipped)
            state = .skip(remaining: remaining - skipped)
            return true
        }
    }

    private static func isRequest(_ op: FramedProtocol.Operation) -> Bool {
        op.rawValue < 0x80
    }
}
