import ArgumentParser
import PoserTalkr

/// The bounds that keep clients from exhausting the server.
struct LimitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Largest framed-protocol frame (a put's payload counts): 512M.", valueName: "size")
    )
    var maxFrame: ByteCount?

    @Option(help: ArgumentHelp("Largest raw packet (one read burst): 16M.", valueName: "size"))
    var maxPacket: ByteCount?

    @Option(help: "Open connections at most (more are told so and closed): 4096.")
    var maxConnections: Int?

    @Option(help: "Open connections from one address at most (more are told so and closed): 256.")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Sessions kept at most (the least recently used idle one makes room): 10000.")
    var maxSessions: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds an idle session (no connection, nothing running) is kept: 86400.", valueName: "seconds"))
    var sessionTtl: Double?

    @Option(help: "Replies kept per session while it has no connection: 1000.")
    var maxKeptReplies: Int?

    @Option(help: "Requests one connection may have waiting before the server stops reading from it: 65536.")
    var maxInFlight: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds a client has to finish its TLS handshake and to authenticate: 10.", valueName: "seconds")
    )
    var authTimeout: Double?

    @Option(
        help: ArgumentHelp(
            "Interrupt requests that run longer than this many seconds (default: never).",
            valueName: "seconds"))
    var maxRun: Double?

    func validate() throws {
        for (name, value) in [
            ("--max-connections", maxConnections),
            ("--max-connections-per-address", maxConnectionsPerAddress),
            ("--max-sessions", maxSessions),
            ("--max-kept-replies", maxKeptReplies), ("--max-in-flight", maxInFlight),
        ] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        for (name, value) in [
            ("--session-ttl", sessionTtl), ("--max-run", maxRun), ("--auth-timeout", authTimeout),
        ] {
            if let value, !(value > 0) {
                throw ValidationError("\(name) must be a positive number of seconds")
            }
        }
    }

    var limits: ServerLimits {
        var limits = ServerLimits()
        if let maxFrame { limits.maxFrameLength = maxFrame.bytes }
        if let maxPacket { limits.maxPacketLength = maxPacket.bytes }
        if let maxConnections { limits.maxConnections = maxConnections }
        if let maxConnectionsPerAddress { limits.maxConnectionsPerAddress = maxConnectionsPerAddress }
        if let maxSessions { limits.maxSessions = maxSessions }
        if let sessionTtl { limits.sessionIdleLifetime = .milliseconds(Int64(sessionTtl * 1000)) }
        if let maxKeptReplies { limits.keptReplies.replies = maxKeptReplies }
        if let maxInFlight { limits.maxInFlightPerConnection = maxInFlight }
        if let maxRun { limits.maxRunTime = .milliseconds(Int64(maxRun * 1000)) }
        if let authTimeout { limits.authenticationTimeout = .milliseconds(Int64(authTimeout * 1000)) }
        return limits
    }
}
