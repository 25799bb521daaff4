import ArgumentParser
import Logging

/// `--log-format`: swift-log's plain lines for people, JSON lines for log shippers.
enum LogFormatOption: String, CaseIterable, ExpressibleByArgument {
    case text, json

    /// Installs the process-wide log handler; call once, before the first logger is made.
    func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch self {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
