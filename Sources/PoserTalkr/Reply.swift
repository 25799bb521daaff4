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

/// The answer to one request.
public struct Reply: Sendable {
    public enum Outcome: Sendable {
        /// An `=` or `%` request's answer as text.
        case value(String)
        /// Statements ran to the end.
        case completed
        /// The code raised; the error carries the traceback text.
        case failed(PythonError)
        /// The server did not run the request (it is shutting down, for example).
        case rejected(String)
        /// Not an answer to a request: a message from the server about the session, such as
        /// replies that had to be dropped.
        case notice(String)
    }

    public let tag: UInt64
    public let outcome: Outcome
    public let output: CapturedOutput

    public init(tag: UInt64, outcome: Outcome, output: CapturedOutput = .empty) {
        self.tag = tag
        self.outcome = outcome
        self.output = output
    }

    /// Whether this answers a request (notices do not).
    public var answersRequest: Bool {
        if case .notice = outcome { return false }
        return true
    }

    /// A rough size, for bounding what is kept for absent connections.
    var approximateByteCount: Int {
        let body: Int
        switch outcome {
        case .value(let text), .notice(let text), .rejected(let text): body = text.utf8.count
        case .completed: body = 0
        case .failed(let error): body = error.traceback.utf8.count
        }
        return body + output.combined.utf8.count + 64
    }
}

/// Where the replies to a connection's requests go. The interpreter thread calls
/// `deliver` with the replies in request order; implementations hop to their own thread.
public protocol ReplyEndpoint: AnyObject, Sendable {
    func deliver(_ replies: [Reply])
}
