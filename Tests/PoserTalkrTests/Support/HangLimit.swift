import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of every suite here: a guard against a hang, longer than the whole run.
    ///
    /// Swift Testing starts a test's clock when it schedules the test, not when the test gets
    /// a thread, and these tests block their thread (child processes, sockets) while Swift's
    /// pool has one thread per core: two on the 2-core machines CI uses. A test can thus wait
    /// for a thread for most of the run (~2 minutes), and a limit near the run's length fails
    /// tests that never hung (CI did: eight CommandLineTests "exceeded 2 minutes" in a 123 s
    /// run). Each test's own waits are bounded (a server start 60 s, an exit 30 s, a reply 20 s,
    /// a Python suite 280 s), so a hang still fails there first, saying what it waited for.
    static var hangLimit: Self { .timeLimit(.minutes(10)) }
}
