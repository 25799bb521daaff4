/// How the embedded interpreter is set up before it starts.
public struct PythonConfiguration: Sendable {
    /// Folders put in front of `sys.path`, in order (PoserTalkr's shims go here).
    public var leadingSearchPaths: [String]
    /// The environment the interpreter reads `PYTHONPATH`, `VIRTUAL_ENV` and friends from.
    public var environment: [String: String]
    /// `sys.argv` as client scripts see it.
    public var argv: [String]

    public init(
        leadingSearchPaths: [String] = [],
        environment: [String: String],
        argv: [String] = ["posertalkr"]
    ) {
        self.leadingSearchPaths = leadingSearchPaths
        self.environment = environment
        self.argv = argv
    }
}
