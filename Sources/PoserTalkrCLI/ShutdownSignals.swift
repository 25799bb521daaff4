import Foundation

/// A parent may start the server with SIGTERM and SIGINT blocked (test runners and some
/// process managers do); the threads started after this call then still take them, so a
/// stop request is never lost. Call before the server starts its threads.
enum ShutdownSignals {
    static func unblock() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}
