import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A descriptor of our own for the TCP socket under a NIO channel.
///
/// NIO does not expose a channel's descriptor; `DirectReplySocket` needs one. It is found by
/// reflection (`SocketChannel.socket.descriptor`, NIOPosix's stored properties), then checked
/// against the channel's own local and remote addresses, so a NIO that stores it differently
/// gives nil (and replies take the event loop's path) rather than a wrong socket. It is then
/// duplicated: the copy stays this socket's after NIO closes its own number, which the
/// system may hand to the next accepted connection at once.
enum ChannelDescriptor {
    /// A duplicate of `channel`'s socket descriptor (close-on-exec), or nil.
    static func duplicate(of channel: Channel) -> CInt? {
        guard let socket = storedValue("socket", of: channel),
            let descriptor = storedValue("descriptor", of: socket) as? CInt, descriptor >= 0,
            let local = channel.localAddress, let remote = channel.remoteAddress,
            address(of: descriptor, getsockname) == local, address(of: descriptor, getpeername) == remote
        else { return nil }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        return copy >= 0 ? copy : nil
    }

    /// The stored property `label` of `subject` or of one of its superclasses.
    private static func storedValue(_ label: String, of subject: Any) -> Any? {
        var mirror: Mirror? = Mirror(reflecting: subject)
        while let current = mirror {
            if let child = current.children.first(where: { $0.label == label }) { return child.value }
            mirror = current.superclassMirror
        }
        return nil
    }

    private typealias AddressQuery = (CInt, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>)
        ->
        CInt

    private static func address(of descriptor: CInt, _ query: AddressQuery) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { query(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch CInt(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: &storage) { SocketAddress($0.load(as: sockaddr_in.self)) }
        case AF_INET6:
            return withUnsafeBytes(of: &storage) { SocketAddress($0.load(as: sockaddr_in6.self)) }
        default:
            return nil
        }
    }
}
