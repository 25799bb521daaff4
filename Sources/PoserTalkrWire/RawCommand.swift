import NIOCore

/// A raw-mode packet read as the design brief says: UTF-8 text whose first character picks
/// the operation (`=` eval, `%` object_from_path, anything else exec).
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

    public init(packet: ByteBuffer) {
        let bytes = packet.readableBytesView
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            let offset = RawCommand.firstInvalidUTF8Offset(in: Array(bytes))
            self = .invalid(
                "the packet is not valid UTF-8 (bad byte at offset \(offset)); PoserTalkr reads "
                    + "commands as UTF-8 text")
            return
        }
        var text = Substring(decoded)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        // Telnet and nc end a line with CR LF or LF; the forum client sends none.
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" {
            text = text.dropLast()
        }
        switch text.first {
        case "=":
            self = .request(.evaluate, String(text.dropFirst()))
        case "%":
            self = .request(.resolvePath, String(text.dropFirst()))
        case nil:
            self = .nothing
        default:
            if text.allSatisfy(\.isWhitespace) {
                self = .nothing
            } else {
                self = .request(.execute, text.replacingCRLF())
            }
        }
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

extension Substring {
    /// CR LF line ends as LF, so scripts typed in Windows tools compile.
    fileprivate func replacingCRLF() -> String {
        // Swift treats "\r\n" as one Character, so split on it and join with "\n".
        split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
    }
}
