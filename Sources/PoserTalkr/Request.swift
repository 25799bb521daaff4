/// One unit of work for the interpreter thread: what to run, in which session, and where
/// the reply goes.
public struct Request: Sendable {
    public enum Operation: Sendable, Equatable {
        /// `=expr`: evaluate and answer `str(result)`.
        case evaluate
        /// Anything else: run as statements and answer what they printed.
        case execute
        /// `%path`: resolve through `object_from_path` and answer its description.
        case resolvePath
    }

    public let operation: Operation
    public let source: String
    public let session: Session
    public let replyTo: any ReplyEndpoint
    /// The client's own number for the request (framed mode); echoed in the reply.
    public let tag: UInt64

    public init(
        operation: Operation, source: String, session: Session, replyTo: any ReplyEndpoint,
        tag: UInt64 = 0
    ) {
        self.operation = operation
        self.source = source
        self.session = session
        self.replyTo = replyTo
        self.tag = tag
    }
}
