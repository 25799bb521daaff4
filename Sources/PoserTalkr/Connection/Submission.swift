/// A request a connection machine decided to send to the interpreter; the handler turns it
/// into a `Request` (adding the session, the endpoint and, when it streams, the output).
struct Submission {
    let requestID: UInt64
    let operation: Request.Operation
    let source: String
    /// Framed STREAM flag: printed output goes out while the request runs.
    var streams = false
    /// Raw mode: the script may still be arriving (`Request.mayContinue`).
    var mayContinue = false
}
