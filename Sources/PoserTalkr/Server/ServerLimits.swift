/// The bounds that keep one client (or many) from exhausting the server. Each is a flag of
/// `posertalkr`; the defaults suit a studio LAN.
public struct ServerLimits: Sendable {
    /// The largest framed-protocol frame (a put's payload counts). `--max-frame`
    public var maxFrameLength: Int = 512 << 20
    /// The largest raw packet (read burst); bigger ones are refused. `--max-packet`
    public var maxPacketLength: Int = 16 << 20
    /// Open connections; more are closed at once with a message. `--max-connections`
    public var maxConnections: Int = 4096
    /// Open connections from one IP address; more are closed at once with a message, so
    /// one address cannot take every slot. `--max-connections-per-address`
    public var maxConnectionsPerAddress: Int = 256
    /// Before a client authenticated, frames (framed) and its first line (raw) of more bytes
    /// than this are refused at once: only a short AUTH and PING are valid then.
    public var maxBytesBeforeAuthentication: Int = 1024
    /// Sessions kept; when full, the least recently used idle one is evicted. `--max-sessions`
    public var maxSessions: Int = 10_000
    /// A session with no connection, no work and no use for this long is evicted.
    /// `--session-ttl`
    public var sessionIdleLifetime: Duration = .seconds(24 * 3600)
    /// Replies kept for a session while it has no connection. `--max-kept-replies`
    public var keptReplies: UndeliveredReplyLimits = UndeliveredReplyLimits()
    /// Requests one connection may have waiting; at the limit the server stops reading from
    /// it until some are answered. `--max-in-flight`
    public var maxInFlightPerConnection: Int = 65_536
    /// Requests running longer are interrupted; nil (the default) lets them run, since
    /// Poser scripts can legitimately take long. `--max-run`
    public var maxRunTime: Duration?
    /// How long a connection has to finish its TLS handshake, and to authenticate when a
    /// token is required. `--auth-timeout`
    public var authenticationTimeout: Duration = .seconds(10)
    /// Raw mode: how long a command of more than one line (or a long one) waits for more
    /// bytes before it runs, so a script that arrives in several pieces runs whole.
    /// One-line commands never wait.
    public var rawSettleDelay: Duration = .milliseconds(10)

    public init() {}
}
