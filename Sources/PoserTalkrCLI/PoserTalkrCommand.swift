import ArgumentParser
import Foundation
import Logging
import PoserTalkr
import ServiceLifecycle

@main
struct PoserTalkrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posertalkr",
        abstract: "A TCP command server that runs Python for its clients in an embedded CPython.",
        discussion: """
            Each client IP gets its own Python namespace, kept across reconnects. Send `=expr` to \
            evaluate, `%path` to look an object up, anything else to execute (raw mode), or use the \
            framed protocol (PythonShims/posertalkr_client.py). See README.md and docs/.

            Listens on loopback by default; other addresses need --allow or a token (docs/SECURITY.md). \
            Stop with Ctrl-C or SIGTERM: running requests finish, replies go out, Python shuts down.
            """,
        version: PoserTalkrVersion.description)

    @Option(help: "Address to listen on (IPv4 or IPv6).")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on; 0 picks a free one.")
    var port = 55555

    @Option(
        help: ArgumentHelp(
            "Folder with PoserTalkr's Python shims (poser/, object_from_path.py, posertalkr_runtime.py).",
            discussion: "Defaults to $POSERTALKR_SHIMS, then the PythonShims folder of this checkout.",
            valueName: "dir"))
    var shims: String?

    @Option(help: "Seconds a shutdown waits for running requests before interrupting them.")
    var shutdownGrace: Double = 10

    @Option(
        help: ArgumentHelp(
            "Microseconds the idle interpreter polls for the next request before sleeping, at most (0: sleep at once).",
            discussion: "Default: 0 with 2 cores or fewer (polling takes a core the clients and event loops "
                + "need), 200 with more. The poll adapts: it shrinks while requests do not come within it.",
            valueName: "us"))
    var idleSpin: Int?

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Let the interpreter thread send a ready reply into a plaintext socket itself (default: on).",
            discussion: "Only when the reply is all the connection is waiting for; saves waking the event "
                + "loop for each reply. --no-direct-replies sends every reply through the event loop."))
    var directReplies = true

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Let the interpreter thread read a quiet connection's next command itself (default: on).",
            discussion:
                "For a client that sends one command (a raw line, or a small EVAL, EXEC, PATH or PING "
                + "frame) and waits for its reply: the command is read, run and answered on one thread. Anything "
                + "else goes back to the event loop, and so does a framed connection whose command runs over "
                + "10 ms (its PING and INTERRUPT are read there). Linux only; needs direct replies."))
    var interpreterReads = true

    @Option(
        help: ArgumentHelp(
            "Network event-loop threads (default: one per core).",
            valueName: "count"))
    var eventLoops: Int?

    @Option(
        help: ArgumentHelp(
            "How much to log on stderr.",
            discussion:
                "info: start, listen address and security, each connection's end, shutdown; debug adds a line per request."
        ))
    var logLevel: LogLevelOption = .info

    @Option(help: "Log lines as plain text, or as one JSON object per line for log shippers.")
    var logFormat: LogFormatOption = .text

    @OptionGroup(title: "Security (docs/SECURITY.md)")
    var security: SecurityOptions

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, got \(port)")
        }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace cannot be negative") }
        if let eventLoops, !(1...256).contains(eventLoops) {
            throw ValidationError("--event-loops must be 1 to 256")
        }
        if let idleSpin, !(0...100_000).contains(idleSpin) {
            throw ValidationError("--idle-spin must be 0 to 100000")
        }
    }

    func run() async throws {
        ShutdownSignals.unblock()
        logFormat.bootstrap(level: logLevel.level)
        let logger = Logger(label: "posertalkr")

        let environment = ProcessInfo.processInfo.environment

        let shimsDirectory: String
        do {
            shimsDirectory = try ShimsLocator.locate(explicit: shims, environment: environment)
        } catch {
            fail("\(error)")
        }

        let securityConfiguration: SecurityConfiguration
        do {
            let (configuration, warnings) = try security.configuration(environment: environment)
            securityConfiguration = configuration
            for warning in warnings { logger.warning("\(warning)") }
        } catch {
            fail("\(error)")
        }

        var configuration = ServerConfiguration(
            host: host, port: port, shimsDirectory: shimsDirectory, environment: environment,
            shutdownGracePeriod: .milliseconds(Int(shutdownGrace * 1000)), limits: limits.limits,
            security: securityConfiguration)
        if let idleSpin { configuration.interpreterIdleSpin = .microseconds(idleSpin) }
        if let eventLoops { configuration.eventLoopThreads = eventLoops }
        configuration.directReplies = directReplies
        configuration.interpreterReads = interpreterReads
        let server = PoserTalkrServer(configuration: configuration, logger: logger)
        let address: String
        do {
            address = try await server.start().displayText
        } catch {
            fail("\(error)")
        }
        let announcement = ListeningAnnouncement(
            server: server,
            line: "PoserTalkr listening on \(address) (shims: \(shimsDirectory)); Ctrl-C stops it")

        var lifecycle = ServiceGroupConfiguration(
            services: [
                .init(service: server), .init(service: announcement, successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        lifecycle.maximumGracefulShutdownDuration = .milliseconds(Int(shutdownGrace * 1000) + 10_000)
        try await ServiceGroup(configuration: lifecycle).run()
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("posertalkr: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
