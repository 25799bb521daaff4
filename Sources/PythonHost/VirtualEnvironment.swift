#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the Python executable of an active virtualenv, so the embedded interpreter picks
/// up its `pyvenv.cfg` and site-packages as a `python` started in that shell would.
enum VirtualEnvironment {
    static func interpreterPath(in environment: [String: String]) -> String? {
        guard let root = environment["VIRTUAL_ENV"], !root.isEmpty else { return nil }
        for name in ["python3", "python"] {
            let candidate = root + "/bin/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
