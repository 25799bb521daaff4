import ArgumentParser
import Logging

/// `--log-level` values, mapped onto swift-log's levels.
enum LogLevelOption: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        Logger.Level(rawValue: rawValue) ?? .info
    }
}
