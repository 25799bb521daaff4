import Logging

/// The debug line each request leaves: who asked, what (the start of it), how many bytes each
/// way, how long. Numbers are logged as numbers (`--log-format json` writes them unquoted).
enum RequestLog {
    static func record(_ request: Request, _ reply: Reply, microseconds: Int64, logger: Logger) {
        var metadata: Logger.Metadata = [
            "client": "\(request.replyTo.client)", "session": "\(request.session.key)",
            "op": "\(request.operation.logName)", "code": "\(request.logSnippet)",
            "in": .stringConvertible(request.inputByteCount),
            "out": .stringConvertible(reply.payloadByteCount), "us": .stringConvertible(microseconds),
        ]
        if case .failed(let failure) = reply.outcome {
            metadata["error"] = "\(failure.typeName)"
        }
        logger.debug("request", metadata: metadata)
    }

    /// The warning a request stopped by `--max-run` leaves, at any log level above debug too:
    /// a script that never ends is worth knowing about.
    static func recordTimeLimit(_ request: Request, limit: Duration, logger: Logger) {
        logger.warning(
            "request stopped by --max-run",
            metadata: [
                "client": "\(request.replyTo.client)", "session": "\(request.session.key)",
                "op": "\(request.operation.logName)", "code": "\(request.logSnippet)",
                "max_run_s": .stringConvertible(Double(limit / .milliseconds(1)) / 1000),
            ])
    }
}

extension Request.Operation {
    /// The protocol's name for the operation.
    var logName: String {
        switch self {
        case .evaluate: return "eval"
        case .execute: return "exec"
        case .resolvePath: return "path"
        case .getBytes: return "get"
        case .put: return "put"
        case .runFile: return "run"
        }
    }
}

extension Request {
    /// What the client sent: the source text, or a put's payload.
    var inputByteCount: Int {
        switch operation {
        case .put(_, .copy(let buffer)): return buffer.readableBytes
        case .put(_, .received(let storage)): return storage.bytes.count
        default: return source.utf8.count
        }
    }
}

extension Request {
    /// At most 60 characters of what ran (a put's or get's name, a file's path), control
    /// characters escaped so the log stays one line; "…" marks a cut.
    var logSnippet: String {
        let text: String
        switch operation {
        case .put(let name, _): text = name
        case .runFile(let path): text = path
        default: text = source
        }
        var snippet = ""
        var count = 0
        for character in text {
            if count == 60 { return snippet + "…" }
            switch character {
            case "\n", "\r\n": snippet += "\\n"
            case "\t": snippet += "\\t"
            case _ where character.isASCII && (character.asciiValue ?? 32) < 32: snippet += "?"
            default: snippet.append(character)
            }
            count += 1
        }
        return snippet
    }
}
