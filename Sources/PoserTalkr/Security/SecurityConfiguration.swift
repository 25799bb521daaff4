/// Who may connect and how (docs/SECURITY.md).
public struct SecurityConfiguration: Sendable {
    /// Client addresses allowed to connect; empty allows every address that can reach the
    /// listener. `--allow`
    public var allowlist: [IPRange] = []
    /// The shared secret clients must prove they know; nil means no authentication.
    /// `--token-file`, `POSERTALKR_TOKEN`
    public var token: String?
    /// A PEM certificate chain and private key: TLS for connections that start with a TLS
    /// handshake. `--tls-cert`, `--tls-key`
    public var tls: (certificateChain: String, privateKey: String)?
    /// With TLS on, plaintext connections are accepted from loopback only, unless this is set.
    /// `--allow-plaintext`
    public var allowPlaintextFromNetwork = false
    /// Listen on a non-loopback address with no allowlist and no token. `--insecure`
    public var insecure = false

    public init() {}

    /// Whether anything keeps a stranger who reaches the port out. An allowlist with a range
    /// of every address (`0.0.0.0/0`, `::/0`) keeps nobody out.
    var protectsNetworkClients: Bool {
        token != nil || (!allowlist.isEmpty && !allowlist.contains(where: \.coversEveryAddress))
    }
}
