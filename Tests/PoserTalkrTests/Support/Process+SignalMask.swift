import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Process {
    /// `run()` with no signal blocked in the child. The test runner blocks SIGINT, SIGTERM,
    /// SIGUSR2 and more on its threads, and a spawned child inherits that mask: a Jupyter
    /// kernel would then never see its interrupt, nor a server its SIGTERM. Users' shells
    /// start programs with an empty mask; so do the tests.
    func runWithEmptySignalMask() throws {
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try run()
    }
}
