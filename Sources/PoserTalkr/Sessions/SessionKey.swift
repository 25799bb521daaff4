import NIOCore

/// Who a session belongs to: a client's IP address (the original PoserTalkr rule) or a
/// name that clients pick on purpose.
public enum SessionKey: Hashable, Sendable, CustomStringConvertible {
    case address(String)
    case named(String)

    /// The session of a peer: its IP address as text, with IPv4-mapped IPv6 addresses
    /// (`::ffff:127.0.0.1`, from dual-stack listeners) folded into their IPv4 form so a
    /// client is one session whichever way it arrives. Unix-socket peers share one session.
    public init(peer: SocketAddress?) {
        guard let peer, let ip = peer.ipAddress else {
            self = .address("local")
            return
        }
        let mappedPrefix = "::ffff:"
        if ip.lowercased().hasPrefix(mappedPrefix), ip.contains(".") {
            self = .address(String(ip.dropFirst(mappedPrefix.count)))
        } else {
            self = .address(ip)
        }
    }

    public var description: String {
        switch self {
        case .address(let ip): return ip
        case .named(let name): return name
        }
    }
}
