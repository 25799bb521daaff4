import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process limits the server needs raised to do what its own limits promise.
enum ResourceLimits {
    /// Each connection is a file descriptor (two once a reply went out directly:
    /// `DirectReplySocket`); the usual soft limit (1024) is below what the default
    /// `--max-connections` needs, so raise it toward the hard limit.
    static func raiseOpenFileLimit(toAtLeast wanted: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        guard limit.rlim_cur < rlim_t(wanted) else { return }
        let target = min(rlim_t(wanted), limit.rlim_max)
        limit.rlim_cur = target
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 || target < rlim_t(wanted) {
            logger.warning(
                "the open-file limit (\(target)) is below what --max-connections needs (\(wanted)); raise it with ulimit -n"
            )
        }
    }
}
