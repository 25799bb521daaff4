import NIOCore

/// Why a connection stopped reading from its socket; it reads again when no reason is left.
/// Not reading lets TCP push back on the client instead of the server buffering without
/// bound.
enum ReadPause: Hashable {
    /// The client does not read its replies fast enough (the outbound buffer is full).
    case backpressure
    /// The client has as many requests waiting as it may (`--max-in-flight`).
    case tooManyInFlight
    /// A session switch or a put's memory must arrive before more frames are handled.
    case waiting
}

/// The set of reasons a connection is paused, switching `autoRead` when it empties or fills.
struct ReadGate {
    private var reasons: Set<ReadPause> = []

    var isPaused: Bool { !reasons.isEmpty }

    mutating func set(_ reason: ReadPause, _ paused: Bool, context: ChannelHandlerContext) {
        let wasPaused = isPaused
        if paused { reasons.insert(reason) } else { reasons.remove(reason) }
        guard wasPaused != isPaused else { return }
        try? context.channel.syncOptions?.setOption(.autoRead, value: !isPaused)
        if !isPaused { context.read() }
    }
}
