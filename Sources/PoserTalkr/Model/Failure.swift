import PoserTalkrWire
import PythonHost

/// Why a request did not succeed. The codes are the framed protocol's (docs/PROTOCOL.md).
public struct Failure: Sendable, Error {
    public typealias Code = FramedErrorCode

    public let code: Code
    /// The exception type name (`ZeroDivisionError`), or for errors the server raises itself
    /// the code's name (`shutting-down`).
    public let typeName: String
    /// `str(exception)`, or the server's explanation.
    public let message: String
    /// Python's traceback text; empty for errors the server raised itself.
    public let traceback: String

    public init(code: Code, typeName: String, message: String, traceback: String = "") {
        self.code = code
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
    }

    /// A Python exception; interrupts raised by the server get their own code.
    public init(_ error: PythonError, code: Code? = nil) {
        let interrupt = ["RequestInterrupted", "RequestTimedOut", "ServerShuttingDown"].contains(
            error.typeName)
        self.init(
            code: code ?? (interrupt ? .interrupted : .pythonException), typeName: error.typeName,
            message: error.message, traceback: Self.withoutServerFrames(error.traceback))
    }

    /// The traceback without the frames of PoserTalkr's own runtime (the interrupt signal
    /// handler shows up there), which say nothing about the client's code.
    static func withoutServerFrames(_ traceback: String) -> String {
        guard traceback.contains("posertalkr_runtime.py\"") else { return traceback }
        var kept: [Substring] = []
        var skipping = false
        for line in traceback.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  File ") {
                skipping = line.contains("posertalkr_runtime.py\"")
            } else if !line.hasPrefix("    ") && !(skipping && line.allSatisfy(\.isWhitespace)) {
                skipping = false
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// An error the server raises itself: its type is the code's name.
    public static func server(_ code: Code, _ message: String) -> Failure {
        Failure(code: code, typeName: code.name, message: message)
    }

    static let notRun = Failure.server(.shuttingDown, "the server is shutting down; this request was not run")
    static let cancelled = Failure.server(.cancelled, "the request was cancelled before it ran")

    /// How raw mode shows it: the traceback, or `posertalkr: message`.
    public var text: String {
        traceback.isEmpty ? "posertalkr: \(message)\n" : traceback
    }
}
