/// Constants of the framed protocol; docs/PROTOCOL.md is the specification.
public enum FramedProtocol {
    /// The first bytes a framed client sends: NUL, "PTKR", then the protocol version and two
    /// reserved zero bytes. Python source never starts with NUL, so raw clients never match.
    public static let magic: [UInt8] = [0x00, 0x50, 0x54, 0x4B, 0x52]
    public static let version: UInt8 = 1
    public static let preambleLength = 8
    /// op, flags, reserved (2), id (8): the bytes every frame has after its length field.
    public static let headerLength = 12

    public enum Operation: UInt8, Sendable {
        case eval = 0x01
        case exec = 0x02
        case path = 0x03
        case put = 0x04
        case get = 0x05
        case interrupt = 0x06
        case ping = 0x07
        case session = 0x08
        case auth = 0x09
        case run = 0x0A

        case hello = 0x80
        case output = 0x81
        case ok = 0x82
        case error = 0x83
        case notice = 0x84
    }

    /// Request flag: send printed output as OUTPUT frames while the request runs.
    public static let streamFlag: UInt8 = 0x01
    /// OUTPUT flag: the text was written to stderr.
    public static let stderrFlag: UInt8 = 0x01
    /// NOTICE flag: the text is the reply to a request of an earlier connection.
    public static let orphanReplyFlag: UInt8 = 0x01

    /// The kind of result an OK frame carries, in its flags.
    public enum ResultKind: UInt8, Sendable {
        case none = 0
        case text = 1
        case bytes = 2
    }
}

/// The error codes of ERROR frames (docs/PROTOCOL.md).
public enum FramedErrorCode: UInt16, Sendable {
    case pythonException = 1
    case interrupted = 2
    case cancelled = 3
    case badRequest = 4
    case unknownOperation = 5
    case tooLarge = 6
    case notABuffer = 7
    case shuttingDown = 8
    case protocolError = 9
    case unauthorized = 10
    case limitReached = 11
}

extension FramedErrorCode {
    /// The code's name in docs/PROTOCOL.md's table: the `type` of errors the server raises
    /// itself.
    public var name: String {
        switch self {
        case .pythonException: return "python-exception"
        case .interrupted: return "interrupted"
        case .cancelled: return "cancelled"
        case .badRequest: return "bad-request"
        case .unknownOperation: return "unknown-operation"
        case .tooLarge: return "too-large"
        case .notABuffer: return "not-a-buffer"
        case .shuttingDown: return "shutting-down"
        case .protocolError: return "protocol-error"
        case .unauthorized: return "unauthorized"
        case .limitReached: return "limit-reached"
        }
    }
}
