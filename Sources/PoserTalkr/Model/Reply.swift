import NIOCore

/// What a request printed while it ran.
public struct CapturedOutput: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    /// Both streams interleaved in the order they were written.
    public var combined: String

    public static let empty = CapturedOutput(stdout: "", stderr: "", combined: "")

    public var isEmpty: Bool { combined.isEmpty }
}

/// A piece of printed text and the stream it was written to.
public struct OutputChunk: Sendable, Equatable {
    public let isStderr: Bool
    public var text: String
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
        /// Boxed (`indirect`): failures are rare and their three strings would triple the size
        /// of every reply, which is copied through the mailbox and the connection's machine.
        indirect case failed(Failure)
        /// Raw mode: the script is incomplete so far and did not run (`Request.mayContinue`).
        case incomplete
        /// Not an answer to a request: a message from the server about the session, such as
        /// replies that had to be dropped.
        case notice(String)
    }

    public let requestID: UInt64
    public let outcome: Outcome
    /// Most requests print nothing, so printed output is kept behind a reference: a reply
    /// stays a few words wide on its way through the hand-offs.
    public var output: CapturedOutput { printed?.value ?? .empty }
    private let printed: PrintedOutput?
    /// The output already went to the client as it was printed.
    public let streamed: Bool
    /// The connection the request came from, so another connection of the session that
    /// receives it (after the first closed) can tell it is not one of its own.
    public let origin: ObjectIdentifier?

    public init(
        requestID: UInt64, outcome: Outcome, output: CapturedOutput = .empty, streamed: Bool = false,
        origin: ObjectIdentifier? = nil
    ) {
        self.requestID = requestID
        self.outcome = outcome
        self.printed =
            output == .empty ? nil : PrintedOutput(output)
        self.streamed = streamed
        self.origin = origin
    }

    /// Whether this answers a client's request (notices do not).
    public var answersRequest: Bool {
        if case .notice = outcome { return false }
        return true
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
        case .completed, .incomplete: body = 0
        case .failed(let failure): body = failure.traceback.utf8.count + failure.message.utf8.count
        }
        return body + output.combined.utf8.count
    }
}

/// A reply's printed output, shared by reference among the reply's copies.
private final class PrintedOutput: Sendable {
    let value: CapturedOutput

    init(_ value: CapturedOutput) { self.value = value }
}
