import NIOCore

/// A frame the server sends after HELLO (docs/PROTOCOL.md, "Replies").
enum FramedOutput {
    /// The interpreter's final answer to a request: OK or ERROR, with what it printed unless
    /// that was streamed.
    case final(Reply)
    /// Text a streaming request printed.
    case output(UInt64, OutputChunk)
    /// ERROR raised by the server itself (boxed: rare, and its strings would double the size
    /// of every output the machine queues).
    indirect case failure(UInt64, Failure)
    /// OK with a text result (authenticated, a session's name, an interrupt's outcome).
    case text(UInt64, String)
    /// OK with PING's bytes.
    case pong(UInt64, ByteBuffer)
    /// A message from the server about the session.
    case notice(String)
    /// The reply to a request of an earlier connection of the session, as raw mode shows it.
    case orphan(Reply)

    /// The reply it carries, for acknowledgement tracking after the client's close.
    var reply: Reply? {
        switch self {
        case .final(let reply), .orphan(let reply): return reply
        default: return nil
        }
    }
}
