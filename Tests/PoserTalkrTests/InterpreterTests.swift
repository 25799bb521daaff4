import Foundation
import Testing

/// The embedded interpreter itself: the GIL while idle, the user's packages.
@Suite(.hangLimit)
struct InterpreterTests {
    @Test func threadsStartedByClientCodeKeepRunningWhileTheServerIsIdle() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send(
            """
            import threading, time
            ticks = [0]
            stop = threading.Event()
            def tick():
                while not stop.is_set():
                    ticks[0] += 1
                    time.sleep(0.01)
            worker = threading.Thread(target=tick, daemon=True)
            worker.start()

            """)
        _ = try client.drain(for: 0.1)
        let before = try #require(
            Int(client.request("=ticks[0]").trimmingCharacters(in: .whitespacesAndNewlines)))
        // No request runs for a while: the interpreter thread waits with the GIL released.
        Thread.sleep(forTimeInterval: 0.6)
        let after = try #require(
            Int(client.request("=ticks[0]").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(after - before >= 20, "the thread ticked \(after - before) times in 0.6 s")
        try client.send("stop.set()")
    }

    @Test func modulesOnPYTHONPATHAreImportable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptk-pythonpath-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "VALUE = 'found on PYTHONPATH'\n".write(
            to: folder.appendingPathComponent("ptk_user_module.py"), atomically: true, encoding: .utf8)
        let server = try TestServer(environment: ["PYTHONPATH": folder.path])
        let client = try server.connect()
        let reply = try client.request("import ptk_user_module\nprint(ptk_user_module.VALUE)\n")
        #expect(reply == "found on PYTHONPATH\n")
    }

    @Test func clientCodeSeesAUsablePythonExecutable() throws {
        let server = try TestServer(removingEnvironment: ["VIRTUAL_ENV"])
        let client = try server.connect()
        let reply = try client.request(
            "import subprocess, sys\nprint(subprocess.run([sys.executable, '-c', 'print(6*7)'], capture_output=True, text=True).stdout.strip())\n"
        )
        #expect(reply == "42\n")
    }
}
