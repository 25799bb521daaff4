import Foundation

/// Finds the folder of PoserTalkr's Python shims.
enum ShimsLocator {
    struct NotFound: Error, CustomStringConvertible {
        let description: String
    }

    /// The file every shims folder has; its presence tells a right guess from a wrong one.
    static let marker = "posertalkr_runtime.py"

    /// `--shims`, else `$POSERTALKR_SHIMS`, else the checkout this binary was built from
    /// (what `swift run` needs), else `share/posertalkr/PythonShims` beside the binary.
    static func locate(explicit: String?, environment: [String: String]) throws -> String {
        if let explicit {
            return try validated(explicit, from: "--shims")
        }
        if let fromEnvironment = environment["POSERTALKR_SHIMS"], !fromEnvironment.isEmpty {
            return try validated(fromEnvironment, from: "POSERTALKR_SHIMS")
        }
        for candidate in defaultCandidates() where isShimsFolder(candidate) {
            return candidate
        }
        throw NotFound(
            description: "cannot find PoserTalkr's Python shims (looked in "
                + defaultCandidates().joined(separator: ", ") + "); pass --shims DIR")
    }

    private static func defaultCandidates() -> [String] {
        // Sources/PoserTalkrCLI/ShimsLocator.swift -> the package root.
        let checkout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PythonShims")
        var candidates = [checkout.path]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let binDirectory = executable.deletingLastPathComponent()
            candidates.append(
                binDirectory.deletingLastPathComponent()
                    .appendingPathComponent("share/posertalkr/PythonShims").path)
            candidates.append(binDirectory.appendingPathComponent("PythonShims").path)
        }
        return candidates
    }

    private static func validated(_ path: String, from source: String) throws -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard isShimsFolder(absolute) else {
            throw NotFound(
                description: "\(source) \(path) is not a PoserTalkr shims folder (no \(marker) in it)")
        }
        return absolute
    }

    private static func isShimsFolder(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + marker)
    }
}
