#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Descriptors 0 to 2 as the server wants them before it opens any socket: standard input
/// on /dev/null (the server reads nothing there, and client code that opens and closes
/// `open(0)` then closes /dev/null, not a client's connection), and standard output and
/// error open (on /dev/null if the server was started with them closed), so no socket can
/// take those numbers and receive what Python prints to them.
enum StandardDescriptors {
    static func secure() {
        let null = open("/dev/null", O_RDWR)
        guard null >= 0 else { return }
        _ = dup2(null, 0)
        for fd in [Int32(1), 2] where fcntl(fd, F_GETFD) == -1 {
            _ = dup2(null, fd)
        }
        if null > 2 { close(null) }
    }
}
