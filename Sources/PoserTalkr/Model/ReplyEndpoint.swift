/// Where the replies to a connection's requests go. The interpreter thread calls these
/// with replies in request order; implementations hop to their own thread.
public protocol ReplyEndpoint: AnyObject, Sendable {
    /// The answer to one request (or a notice), as soon as it is ready.
    func deliver(_ reply: Reply)
    /// Output of a streaming request, as it is printed.
    func deliverOutput(requestID: UInt64, _ chunks: [OutputChunk])
    /// A raw command that may continue (`Request.mayContinue`) compiled: it is complete and
    /// about to run, so bytes the client sent after it are commands of their own.
    func accepted(requestID: UInt64)
    /// The client is not reading its replies: the interpreter holds back this connection's
    /// requests (serving its session's other connections and other sessions) until it is no
    /// longer congested.
    var isCongested: Bool { get }
    /// Who asked, for logs: the client's address for network connections.
    var client: String { get }
}

extension ReplyEndpoint {
    public func deliverOutput(requestID: UInt64, _ chunks: [OutputChunk]) {}
    public func accepted(requestID: UInt64) {}
    public var isCongested: Bool { false }
    public var client: String { "host" }

    /// Several replies, in order.
    public func deliver(contentsOf replies: some Sequence<Reply>) {
        for reply in replies { deliver(reply) }
    }
}
