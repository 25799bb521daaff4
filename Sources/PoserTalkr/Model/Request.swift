import NIOCore
import PoserTalkrWire

/// One unit of work for the interpreter thread: what to run, in which session, and where
/// the reply goes. A class, so that handing it from queue to queue moves one reference.
public final class Request: Sendable {
    public enum Operation: Sendable {
        /// `=expr`: evaluate and answer `str(result)`.
        case evaluate
        /// Anything else: run as statements and answer what they printed.
        case execute
        /// `%path`: resolve through `object_from_path` and answer its description.
        case resolvePath
        /// Evaluate and answer the raw bytes of the result (buffer protocol).
        case getBytes
        /// Bind `data` to `name` in the session as a `bytes` object. Boxed (`indirect`), so
        /// that every other operation's submission stays small.
        indirect case put(name: String, data: PutData)
        /// Run the source as Poser runs a script file: `__file__` is `path`, `__name__` is
        /// `"__main__"`, tracebacks name the file and quote its lines.
        case runFile(path: String)
    }

    /// A put's payload: small ones are copied into Python; large ones were received
    /// straight into the `bytes` object that gets bound.
    public enum PutData: Sendable {
        case copy(ByteBuffer)
        case received(PythonBytesStorage)
    }

    public let operation: Operation
    public let source: String
    public let session: Session
    public let replyTo: any ReplyEndpoint
    /// The client's number for the request (the framed protocol's request id; 0 in raw
    /// mode); its reply carries it back.
    public let requestID: UInt64
    /// Set for requests whose output should stream to the client as it is printed.
    public let streaming: StreamingOutput?
    /// The connection's cancelled requests (interrupts aimed at one that has not run).
    public let cancellations: CancelledRequests?
    /// Raw mode: the client may still be sending the rest of this script. If the compiler
    /// finds the source incomplete (an open bracket, a block with no body yet), nothing runs
    /// and the answer is `.incomplete`, so the connection can wait for more.
    public let mayContinue: Bool
    /// How the request stands to a `SocketLease`, if at all.
    let lease: LeaseRole?

    enum LeaseRole: Sendable {
        /// The lease starts once this request's reply went out directly.
        case offeredWith(SocketLease)
        /// The interpreter thread read this command through the lease; the reply goes back
        /// through it.
        case readThrough(SocketLease)
    }

    public convenience init(
        operation: Operation, source: String = "", session: Session, replyTo: any ReplyEndpoint,
        requestID: UInt64 = 0, streaming: StreamingOutput? = nil, cancellations: CancelledRequests? = nil,
        mayContinue: Bool = false
    ) {
        self.init(
            operation: operation, source: source, session: session, replyTo: replyTo, requestID: requestID,
            streaming: streaming, cancellations: cancellations, mayContinue: mayContinue, lease: nil)
    }

    init(
        operation: Operation, source: String, session: Session, replyTo: any ReplyEndpoint,
        requestID: UInt64, streaming: StreamingOutput?, cancellations: CancelledRequests?, mayContinue: Bool,
        lease: LeaseRole?
    ) {
        self.lease = lease
        self.operation = operation
        self.source = source
        self.session = session
        self.replyTo = replyTo
        self.requestID = requestID
        self.streaming = streaming
        self.cancellations = cancellations
        self.mayContinue = mayContinue
    }
}

extension Request.Operation {
    /// The operation a raw packet asked for.
    init(_ raw: RawCommand.Operation) {
        switch raw {
        case .evaluate: self = .evaluate
        case .execute: self = .execute
        case .resolvePath: self = .resolvePath
        }
    }
}
