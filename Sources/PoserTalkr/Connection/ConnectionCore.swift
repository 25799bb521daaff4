/// What every connection keeps track of, whichever protocol it speaks: whether the client
/// has authenticated, how many answers it is owed, whether it may send more, and when the
/// connection may close. Plain data; the raw and framed machines embed it and turn its
/// answers into actions.
struct ConnectionCore {
    /// Why the connection takes no new requests.
    enum Closing: Equatable {
        /// The client closed its sending side (telnet at end of input, `nc -N`).
        case clientFinished
        /// The server is shutting down: new requests are answered as not run.
        case quiescing
        /// The server refused the client (failed authentication, a broken frame stream):
        /// nothing more is read or answered.
        case refused
    }

    let maxInFlight: Int
    private(set) var isAuthenticated: Bool
    private(set) var closing: Closing?
    /// Requests whose final answer the client is still owed.
    private(set) var owed = 0
    private var readGate = ReadGate()

    init(authenticationRequired: Bool, maxInFlight: Int) {
        isAuthenticated = !authenticationRequired
        self.maxInFlight = maxInFlight
    }

    /// Whether requests that arrive now are taken (true) or answered as not run (quiescing).
    var takesRequests: Bool { closing == nil || closing == .clientFinished }

    /// Whether anything that arrives is to be read at all.
    var isRefused: Bool { closing == .refused }

    mutating func authenticated() { isAuthenticated = true }

    /// A request was accepted: its answer is owed. Returns a read change (see `ReadGate`).
    mutating func owe() -> Bool? {
        owed += 1
        return owed >= maxInFlight ? readGate.set(.tooManyInFlight, true) : nil
    }

    /// An owed answer went out.
    mutating func paid() -> Bool? {
        owed -= 1
        return owed < maxInFlight ? readGate.set(.tooManyInFlight, false) : nil
    }

    /// Whether reading is paused for any reason (`ReadGate`).
    var isReadPaused: Bool { readGate.isPaused }

    mutating func setPaused(_ reason: ReadPause, _ paused: Bool) -> Bool? {
        readGate.set(reason, paused)
    }

    /// The client finished sending, the server quiesces, or the server refuses the client.
    /// A refusal wins over the others; quiescing wins over the client finishing.
    mutating func close(_ reason: Closing) {
        switch (closing, reason) {
        case (.refused, _), (.quiescing, .clientFinished): return
        default: closing = reason
        }
    }

    /// Whether the next reply needs nothing of the connection but to be written: the client
    /// is authenticated and sending, exactly one answer is owed, and paying it changes no read.
    var awaitsOneReplyOnly: Bool {
        isAuthenticated && closing == nil && owed == 1 && owed < maxInFlight && !readGate.isPaused
    }

    /// Whether the connection may close now: it takes no more requests and owes nothing
    /// (`busy`: the protocol still has work of its own, such as a put or unsent bytes).
    func mayClose(busy: Bool) -> Bool {
        guard let closing else { return false }
        return closing == .refused || (owed == 0 && !busy)
    }
}
