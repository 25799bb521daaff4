import Logging

/// The debug line each request leaves: who asked, what, how many bytes each way, how long.
enum RequestLog {
    static func record(_ request: Request, _ reply: Reply, microseconds: Int64, logger: Logger) {
        var metadata: Logger.Metadata = [
            "client": "\(request.replyTo.client)", "session": "\(request.session.key)",
            "op": "\(request.operation.logName)", "in": "\(request.inputByteCount)",
            "out": "\(reply.payloadByteCount)", "us": "\(microseconds)",
        ]
        if case .failed(let failure) = reply.outcome {
            metadata["error"] = "\(failure.typeName)"
        }
        logger.debug("request", metadata: metadata)
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
