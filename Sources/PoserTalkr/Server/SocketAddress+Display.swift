import NIOCore

extension SocketAddress {
    /// `127.0.0.1:55555` or `[::1]:55555`.
    public var displayText: String {
        guard let ip = ipAddress, let port else { return "\(self)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
