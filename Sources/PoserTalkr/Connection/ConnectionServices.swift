import Logging

/// What every connection handler of a server shares: where sessions live, the interpreter,
/// the authenticator, the limits; plus who this connection's client is.
struct ConnectionServices {
    let sessions: SessionDirectory
    let interpreter: InterpreterHost
    let authenticator: Authenticator?
    let limits: ServerLimits
    /// The session a client of this address has unless it picks another (framed SESSION).
    let addressSessionKey: SessionKey
    /// The client's IP address, for lockouts.
    let clientAddress: String
    /// `ip:port`, for logs.
    let clientLabel: String
    let logger: Logger
    /// Replies waiting for this many bytes make a connection congested: its requests are
    /// held back until the client reads (the channel's high-water mark).
    let congestionLimit: Int
    /// Whether the interpreter thread may send replies into plaintext sockets itself
    /// (`--direct-replies`, `DirectReplySocket`).
    let directReplies: Bool
    /// Whether the interpreter thread may read quiet connections' commands itself (raw or framed)
    /// (`--interpreter-reads`, `SocketLease`; needs direct replies).
    let interpreterReads: Bool
}
