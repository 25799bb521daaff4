import Foundation
import Testing

/// The embedded CPython's version, and virtualenvs: one of the same version is honoured, one
/// of another version is a clear start error naming both.
@Suite struct PythonVersionTests {
    /// "3.11": the X.Y a running server embeds, and the executable it gives client code.
    static func embedded() throws -> (version: String, executable: String) {
        let server = try TestServer(removingEnvironment: ["VIRTUAL_ENV"])
        let client = try server.connect()
        let version = try client.request("='%d.%d' % __import__('sys').version_info[:2]")
        let executable = try client.request("=__import__('sys').executable")
        return (version.trimmingCharacters(in: .newlines), executable.trimmingCharacters(in: .newlines))
    }

    /// `python -m venv --without-pip` in a new temporary folder.
    static func makeVirtualenv(with python: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptk-venv-\(UUID())")
        let venv = try ChildProcess(python, ["-m", "venv", "--without-pip", folder.path])
        venv.closeInput()
        try #require(try venv.waitForExit(timeout: 60) == 0, "\(python) -m venv: \(venv.errors.text)")
        return folder
    }

    @Test func versionNamesTheEmbeddedPython() throws {
        let child = try ChildProcess(TestServer.executable.path, ["--version"])
        child.closeInput()
        #expect(try child.waitForExit(timeout: 30) == 0)
        let (version, _) = try Self.embedded()
        let printed = child.output.text
        #expect(printed.hasPrefix("0."))
        #expect(printed.contains("(embeds Python \(version)."), "\(printed)")
    }

    @Test func anActiveVirtualenvOfTheSameVersionIsHonoured() throws {
        let (version, executable) = try Self.embedded()
        let folder = try Self.makeVirtualenv(with: executable)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "WHERE = 'inside the virtualenv'\n".write(
            to: folder.appendingPathComponent("lib/python\(version)/site-packages/ptk_venv_module.py"),
            atomically: true, encoding: .utf8)
        let server = try TestServer(
            environment: ["VIRTUAL_ENV": folder.path], removingEnvironment: ["PYTHONPATH"])
        let client = try server.connect()
        #expect(try client.request("=__import__('ptk_venv_module').WHERE") == "inside the virtualenv\n")
        #expect(try client.request("=__import__('sys').prefix") == "\(folder.path)\n")
    }

    @Test func aVirtualenvOfAnotherVersionIsAClearStartError() throws {
        let (version, _) = try Self.embedded()
        let pyenv = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".pyenv/versions")
            .path
        let others = (8...13).map { "3.\($0)" }.filter { $0 != version }.flatMap { other in
            ["/usr/bin/python\(other)"]
                + ((try? FileManager.default.contentsOfDirectory(atPath: pyenv)) ?? [])
                .filter { $0.hasPrefix(other + ".") }.map { "\(pyenv)/\($0)/bin/python\(other)" }
        }
        guard let other = ChildProcess.find(others) else {
            print("[figure] no Python 3.8-3.13 other than \(version) here: the mismatch test did not run")
            return
        }
        let otherVersion = String(other.split(separator: "/").last!.dropFirst("python".count))
        let folder = try Self.makeVirtualenv(with: other)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, message) = try CommandLineTests.runToExit(
            ["--port", "0"], environment: ["VIRTUAL_ENV": folder.path])
        #expect(status != 0)
        #expect(
            message.contains(
                "posertalkr: Python could not start: the active virtualenv \(folder.path) was made by Python \(otherVersion), but this posertalkr embeds Python \(version)"
            ), "\(message)")
    }
}
