import NIOCore

/// An IPv4 or IPv6 network in CIDR notation (`192.168.1.0/24`, `fd00::/8`, `10.0.0.5`),
/// for `--allow`.
public struct IPRange: Sendable, Equatable, CustomStringConvertible {
    private let network: [UInt8]
    public let prefixLength: Int

    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is not an address range (write it as CIDR: 192.168.1.0/24, 10.0.0.5, fd00::/8)"
        }
    }

    public init(_ text: String) throws(Invalid) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = IPRange.bytes(of: String(parts[0])) else { throw Invalid(text: text) }
        let maximum = bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else {
                throw Invalid(text: text)
            }
            length = parsed
        }
        network = IPRange.masked(bytes, to: length)
        prefixLength = length
    }

    /// 127.0.0.1 or ::1 (also as an IPv4-mapped IPv6 address): a client on the server's own
    /// machine, always allowed by `--allow`. (Other 127/8 addresses are not: tests use them
    /// as distinct clients.)
    public static func isThisMachine(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress?.lowercased() else { return false }
        return ip == "127.0.0.1" || ip == "::1" || ip == "::ffff:127.0.0.1"
    }

    /// `0.0.0.0/0` or `::/0`: every address of its family.
    public var coversEveryAddress: Bool { prefixLength == 0 }

    /// Whether `address` (an IP socket address) is inside the range. IPv4-mapped IPv6
    /// addresses (from dual-stack listeners) count as their IPv4 address.
    public func contains(_ address: SocketAddress) -> Bool {
        guard let text = address.ipAddress, var bytes = IPRange.bytes(of: text) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF,
            bytes[11] == 0xFF
        {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return IPRange.masked(bytes, to: prefixLength) == network
    }

    public var description: String {
        let address: String
        if network.count == 4 {
            address = network.map(String.init).joined(separator: ".")
        } else {
            address = stride(from: 0, to: 16, by: 2).map {
                String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16)
            }.joined(separator: ":")
        }
        return "\(address)/\(prefixLength)"
    }

    static func bytes(of address: String) -> [UInt8]? {
        guard let parsed = try? SocketAddress(ipAddress: address, port: 0) else { return nil }
        switch parsed {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        default:
            return nil
        }
    }

    private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsLeft = length - index * 8
            if bitsLeft >= 8 { return byte }
            if bitsLeft <= 0 { return 0 }
            return byte & UInt8(truncatingIfNeeded: 0xFF << (8 - bitsLeft))
        }
    }

    /// Whether the address is a loopback one (127.0.0.0/8, ::1, or IPv4-mapped 127.x).
    public static func isLoopback(_ address: SocketAddress) -> Bool {
        loopbackRanges.contains { $0.contains(address) }
    }

    private static let loopbackRanges = [try! IPRange("127.0.0.0/8"), try! IPRange("::1/128")]
}
