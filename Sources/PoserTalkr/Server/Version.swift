import CPython

/// The server's version, and the CPython it was built against.
public enum PoserTalkrVersion {
    public static let current = "0.1.0"

    /// "3.13.0": the libpython this binary runs (Py_GetVersion needs no running interpreter).
    public static var embeddedPython: String {
        String(String(cString: Py_GetVersion()).prefix { $0 != " " })
    }

    /// What `posertalkr --version` prints.
    public static var description: String { "\(current) (embeds Python \(embeddedPython))" }
}
