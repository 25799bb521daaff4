import CPython

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the Python executable of an active virtualenv, so the embedded interpreter picks
/// up its `pyvenv.cfg` and site-packages as a `python` started in that shell would.
enum VirtualEnvironment {
    static func interpreterPath(in environment: [String: String]) -> String? {
        guard let root = root(in: environment) else { return nil }
        for name in ["python3", "python"] {
            let candidate = root + "/bin/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Why the active virtualenv cannot serve this interpreter (it was made by another
    /// Python X.Y, so its packages and compiled extensions do not fit), or nil when it can.
    static func versionProblem(in environment: [String: String]) -> String? {
        guard let root = root(in: environment), let made = version(ofVirtualenvAt: root) else { return nil }
        let embedded = "\(PY_MAJOR_VERSION).\(PY_MINOR_VERSION)"
        guard made != embedded else { return nil }
        return """
            the active virtualenv \(root) was made by Python \(made), but this posertalkr embeds \
            Python \(embedded): make the virtualenv with python\(embedded), or build posertalkr \
            for it (POSERTALKR_PYTHON=\(made) scripts/install), or deactivate it
            """
    }

    private static func root(in environment: [String: String]) -> String? {
        guard let root = environment["VIRTUAL_ENV"], !root.isEmpty else { return nil }
        return root
    }

    /// "3.11" from `pyvenv.cfg` (`version = 3.11.2` from venv, `version_info = 3.11.2.final.0`
    /// from virtualenv), or nil when the file or the line is missing.
    static func version(ofVirtualenvAt root: String) -> String? {
        guard let file = fopen(root + "/pyvenv.cfg", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let parts = String(cString: line).split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: " \t")
            guard key == "version" || key == "version_info" else { continue }
            let numbers = parts[1].trimmingCharacters(in: " \t\r\n").split(separator: ".")
            if numbers.count >= 2 { return "\(numbers[0]).\(numbers[1])" }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> Substring {
        var result = self
        while let first = result.first, characters.contains(first) { result.removeFirst() }
        while let last = result.last, characters.contains(last) { result.removeLast() }
        return result
    }
}
