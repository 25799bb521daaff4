import Foundation
import Testing

/// Runs the Python-side tests (Tests/PythonClientTests) and the bridge sample against a
/// real server, under Python 2.7 and 3.11.
@Suite(.hangLimit)
struct PythonSuiteTests {
    static let python311 = ChildProcess.find(["/usr/bin/python3.11", "/usr/bin/python3"])
    static let python27 = ClientCompatibilityTests.python2
    static let testsFolder = TestServer.repositoryRoot.appendingPathComponent("Tests/PythonClientTests")

    /// Runs `arguments` with `python` in the tests folder against `server`; fails the test
    /// with the output when it exits non-zero, and echoes the figures it printed.
    static func run(
        _ python: String?, _ arguments: [String], against server: TestServer,
        extraEnvironment: [String: String] = [:]
    ) throws {
        let python = try #require(python, "this Python is needed (.ci/run checks for it)")
        var environment = [
            "POSERTALKR_TEST_HOST": server.host, "POSERTALKR_TEST_PORT": "\(server.port)",
            "POSERTALKR_TEST_PID": "\(server.process.processIdentifier)",
            "PYTHONPATH": testsFolder.path, "PYTHONDONTWRITEBYTECODE": "1",
            // For tests that start (and stop) a server of their own.
            "POSERTALKR_TEST_SERVER": TestServer.executable.path,

        ]
        environment.merge(extraEnvironment) { _, new in new }
        let child = try ChildProcess(
            python, arguments, environment: environment, workingDirectory: testsFolder)
        child.closeInput()
        let status = try child.waitForExit(timeout: 280)
        let output = child.output.text + child.errors.text
        for line in output.split(separator: "\n") where line.hasPrefix("[figure]") {
            print("\(URL(fileURLWithPath: python).lastPathComponent): \(line)")
        }
        #expect(status == 0, "\(python) \(arguments.joined(separator: " ")) failed:\n\(output)")
    }

    @Test func theClientModuleUnderPython27() throws {
        try Self.run(Self.python27, ["-m", "unittest", "-v", "test_client"], against: TestServer())
    }

    @Test func theClientModuleUnderPython311() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_client"], against: TestServer())
    }

    @Test(arguments: ["2.7", "3.11"])
    func theInteractiveConsoleThroughAPseudoTerminal(version: String) throws {
        try Self.run(
            version == "2.7" ? Self.python27 : Self.python311, ["-m", "unittest", "-v", "test_console"],
            against: TestServer())
    }

    @Test func theClientInstallsWithPip() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_packaging"], against: TestServer())
    }

    @Test func theFramedProtocol() throws {

        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_framed_protocol"], against: TestServer())
    }

    /// The scene package (PythonShims/poser): every member of the documented PoserPython API
    /// present with a compatible signature (Tests/PoserAPI/inventory), and its behaviour; no
    /// server needed. Under Python 2.7 too, as Poser 11 users run it locally.
    @Test(arguments: ["2.7", "3.11"])
    func theScenePackageAndItsAPIInventory(version: String) throws {
        let python = try #require(version == "2.7" ? Self.python27 : Self.python311)
        let child = try ChildProcess(
            python, ["-m", "unittest", "discover", "-s", "Tests/PoserAPI", "-p", "test_*.py"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], workingDirectory: TestServer.repositoryRoot)
        child.closeInput()
        let status = try child.waitForExit(timeout: 280)
        let output = child.output.text + child.errors.text
        for line in output.split(separator: "\n") where line.hasPrefix("[figure]") {
            print("python\(version): \(line)")
        }
        #expect(status == 0, "Tests/PoserAPI under Python \(version) failed:\n\(output)")
    }

    @Test func theProtocolDocsPromises() throws {
        try Self.run(
            Self.python311, ["-m", "unittest", "-v", "test_protocol_promises"], against: TestServer())
    }

    /// Attacks without the token and mistakes of trusted code, each on a server of its own.
    @Test func theSecurityPromises() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_hardening"], against: TestServer())
    }

    /// Every fenced code block of the documentation runs (transcripts, commands, snippets,
    /// byte-level examples, output samples) or is listed in test_docs.NOT_RUN with its reason.
    @Test func theDocsExamples() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_docs"], against: TestServer())
    }

    /// PoserPython scripts written as Poser users write them (walk a figure by internal
    /// names, pose and save/load a pose, toggle shader inputs, library files, an OBJ export,
    /// a script run as a file with scripted dialogs, a morph built with numpy) run through
    /// the server against the scene package. The numpy test makes its virtualenv itself
    /// (once, in .build/scene-venv-X.Y, from the Python this server embeds) and starts a server
    /// of its own with VIRTUAL_ENV set (support.OwnServer): `extraEnvironment` reaches only
    /// the Python process, and this server starts before the virtualenv can exist.
    @Test func realisticPoserScriptsThroughTheServer() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_poser_scripts"], against: TestServer())
    }

    @Test func a256MiBPutAndGet() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_large_payloads"], against: TestServer())
    }

    @Test(arguments: ["2.7", "3.11"])
    func theCinema4DBridgeSampleRunsToCompletion(version: String) throws {
        let server = try TestServer()
        let sample = TestServer.repositoryRoot.appendingPathComponent("samples/c4d_bridge.py").path
        try Self.run(
            version == "2.7" ? Self.python27 : Self.python311, [sample, "--port", "\(server.port)"],
            against: server)
        let client = try server.connect()
        let value = try client.request("=SCENE.CurrentFigure().Actor('Hip').Parameter('c4d_inflate').Value()")
        #expect(value == "0.75\n")
    }

    /// The Jupyter kernel driven by jupyter_client's KernelManager and nbclient (the sample
    /// notebook), with ipykernel and friends from PyPI in .build/jupyter-venv; skipped, saying
    /// so, when PyPI cannot be reached.
    @Test func theJupyterKernelWithTheRealJupyterClients() throws {
        try Self.run(Self.python311, ["-m", "unittest", "-v", "test_jupyter_kernel"], against: TestServer())
    }
}
