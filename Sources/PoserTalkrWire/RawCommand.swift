import NIOCore

/// A raw-mode packet read as the design brief says: UTF-8 text whose first character picks
/// the operation (`=` eval, `%` object_from_path, anything else exec). Trailing CR and LF
/// are dropped; inside statements, CR LF becomes LF.
public enum RawCommand {
    /// What a raw packet asks for, by its first character.
    public enum Operation: Sendable, Equatable {
        /// `=`: evaluate the rest.
        case evaluate
        /// `%`: resolve the rest as a path.
        case resolvePath
        /// Anything else: execute the packet.
        case execute
    }

    case request(Operation, String)
    /// Only whitespace: nothing to run and, as in the original, nothing to answer.
    case nothing
    /// Not UTF-8: answered with this explanation instead of being run.
    case invalid(String)

    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    public init(packet: ByteBuffer) {
        var bytes = packet.readableBytesView[...]
        // A byte-order mark from Windows tools.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Telnet and nc end a line with CR LF or LF; the forum client sends none.
        while let last = bytes.last, last == Self.lineFeed || last == Self.carriageReturn {
            bytes = bytes.dropLast()
        }
        guard let first = bytes.first else {
            self = .nothing
            return
        }
        let operation: Operation
        switch first {
        case UInt8(ascii: "="): operation = .evaluate
        case UInt8(ascii: "%"): operation = .resolvePath
        default: operation = .execute
        }
        let body = operation == .execute ? bytes : bytes.dropFirst()
        guard var text = String(validating: body, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(in: Array(packet.readableBytesView))
            self = .invalid(
                "the packet is not valid UTF-8 (bad byte at offset \(offset)); PoserTalkr reads "
                    + "commands as UTF-8 text")
            return
        }
        if operation == .execute {
            if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }) {
                self = .nothing
                return
            }
            if body.contains(Self.carriageReturn) { text = text.replacing("\r\n", with: "\n") }
        }
        self = .request(operation, text)
    }

    private static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let lead = bytes[offset]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= bytes.count,
                String(validating: bytes[offset..<offset + length], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }
}
