import NIOCore
import PoserTalkrWire
import PythonHost

/// What a request printed while it ran.
public struct CapturedOutput: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    /// Both streams interleaved in the order they were written.
    public var combined: String

    public static let empty = CapturedOutput(stdout: "", stderr: "", combined: "")

    public var isEmpty: Bool { combined.isEmpty }
}

/// Why a request did not succeed. The codes are the framed protocol's (docs/PROTOCOL.md).
public struct Failure: Sendable, Error {
    public typealias Code = FramedErrorCode

    public let code: Code
    /// The exception type name (`ZeroDivisionError`), or a short name for server errors.
    public let typeName: String
    public let message: String
    /// Python's traceback text; empty for errors the server raised itself.
    public let traceback: String

    public init(code: Code, typeName: String, message: String, traceback: String = "") {
        self.code = code
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
    }

    /// A Python exception; interrupts raised by the server get their own code.
    public init(_ error: PythonError, code: Code? = nil) {
        let interrupt = ["RequestInterrupted", "RequestTimedOut", "ServerShuttingDown"].contains(
            error.typeName)
        self.init(
            code: code ?? (interrupt ? .interrupted : .pythonException), typeName: error.typeName,
            message: error.message, traceback: Self.withoutServerFrames(error.traceback))
    }

    /// The traceback without the frames of PoserTalkr's own runtime (the interrupt signal
    /// handler shows up there), which say nothing about the client's code.
    static func withoutServerFrames(_ traceback: String) -> String {
        guard traceback.contains("posertalkr_runtime.py\"") else { return traceback }
        var kept: [Substring] = []
        var skipping = false
        for line in traceback.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  File ") {
                skipping = line.contains("posertalkr_runtime.py\"")
            } else if !line.hasPrefix("    ") && !(skipping && line.allSatisfy(\.isWhitespace)) {
                skipping = false
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    public static func server(_ code: Code, _ message: String) -> Failure {
        Failure(code: code, typeName: "\(code)", message: message)
    }

    /// How raw mode shows it: the traceback, or `posertalkr: message`.
    public var text: String {
        traceback.isEmpty ? "posertalkr: \(message)\n" : traceback
    }
}

/// The answer to one request.
public struct Reply: Sendable {
    public enum Outcome: Sendable {
        /// An eval or path request's answer as text.
        case value(String)
        /// A get request's answer, copied out of Python.
        case bytes(ByteBuffer)
        /// A get request's answer still in Python's memory, sent from there.
        case exportedBytes(PythonBufferExport)
        /// Statements ran to the end (exec, put).
        case completed
        /// Memory for an incoming put (internal, never sent to a client).
        case allocated(PythonBytesStorage)
        case failed(Failure)
        /// Not an answer to a request: a message from the server about the session, such as
        /// replies that had to be dropped.
        case notice(String)
    }

    public let tag: UInt64
    public let outcome: Outcome
    public let output: CapturedOutput
    /// The output already went to the client as it was printed.
    public let streamed: Bool
    /// The connection the request came from, so another connection of the session that
    /// receives it (after the first closed) can tell it is not one of its own.
    public let origin: ObjectIdentifier?

    public init(
        tag: UInt64, outcome: Outcome, output: CapturedOutput = .empty, streamed: Bool = false,
        origin: ObjectIdentifier? = nil
    ) {
        self.tag = tag
        self.outcome = outcome
        self.output = output
        self.streamed = streamed
        self.origin = origin
    }

    /// Whether this answers a client's request (notices and allocations do not).
    public var answersRequest: Bool {
        switch outcome {
        case .notice, .allocated: return false
        default: return true
        }
    }

    /// A rough size, for bounding what is kept for absent connections.
    var approximateByteCount: Int { payloadByteCount + 64 }

    /// The bytes of what the reply carries: value, captured output, error text.
    var payloadByteCount: Int {
        let body: Int
        switch outcome {
        case .value(let text), .notice(let text): body = text.utf8.count
        case .bytes(let buffer): body = buffer.readableBytes
        case .exportedBytes(let export): body = export.count
        case .completed, .allocated: body = 0
        case .failed(let failure): body = failure.traceback.utf8.count + failure.message.utf8.count
        }
        return body + output.combined.utf8.count
    }
}

/// Where the replies to a connection's requests go. The interpreter thread calls these
/// with replies in request order; implementations hop to their own thread.
public protocol ReplyEndpoint: AnyObject, Sendable {
    func deliver(_ replies: [Reply])
    /// Output of a streaming request, as it is printed.
    func deliverOutput(tag: UInt64, _ chunks: [OutputChunk])
    /// The client is not reading its replies: the interpreter holds back this connection's
    /// next request (serving other sessions) until it is no longer congested.
    var isCongested: Bool { get }
    /// Who asked, for logs: the client's address for network connections.
    var client: String { get }
}

extension ReplyEndpoint {
    public func deliverOutput(tag: UInt64, _ chunks: [OutputChunk]) {}
    public var isCongested: Bool { false }
    public var client: String { "host" }
}

/// A piece of printed text and the stream it was written to.
public struct OutputChunk: Sendable {
    public let isStderr: Bool
    public var text: String
}
