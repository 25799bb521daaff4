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

/// The set of reasons a connection is paused. Plain data: `set` answers whether reading
/// must now stop (false) or start again (true), or nil when nothing changes.
struct ReadGate {
    private var reasons: Set<ReadPause> = []

    var isPaused: Bool { !reasons.isEmpty }

    mutating func set(_ reason: ReadPause, _ paused: Bool) -> Bool? {
        let wasPaused = isPaused
        if paused { reasons.insert(reason) } else { reasons.remove(reason) }
        return wasPaused == isPaused ? nil : !isPaused
    }
}
