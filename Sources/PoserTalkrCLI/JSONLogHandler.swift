import Foundation
import Logging

/// `--log-format json`: one JSON object per line on stderr, for log shippers (Vector,
/// Fluent Bit, Loki, journald's JSON parsers). Keys: `time` (UTC, ISO 8601 with
/// milliseconds), `level`, `label`, `message`, then the metadata: numbers (byte counts,
/// microseconds, seconds) as JSON numbers, everything else as strings.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let explicit = event.metadata { fields.merge(explicit) { _, new in new } }
        if let error = event.error { fields["error"] = "\(error)" }
        let level = event.level
        let message = event.message
        var text = "{\"time\":\(Self.quoted(Self.timestamp()))"
        text += ",\"level\":\(Self.quoted(level.rawValue))"
        text += ",\"label\":\(Self.quoted(label))"
        text += ",\"message\":\(Self.quoted(message.description))"
        for key in fields.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            text += ",\(Self.quoted(key)):\(Self.json(fields[key]!))"
        }
        text += "}\n"
        // One write per line, so lines from different threads never interleave.
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A number logged as one (`.stringConvertible(42)`) unquoted; anything else as a string.
    static func json(_ value: Logger.MetadataValue) -> String {
        if case .stringConvertible(let convertible) = value {
            if convertible is any BinaryInteger { return convertible.description }
            if let number = convertible as? Double, number.isFinite { return convertible.description }
        }
        return quoted(value.description)
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A JSON string literal (RFC 8259 escaping).
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
