import Foundation

/// RPyC's classic server, the peer a user might pick instead, driven through RPyC's own
/// client (Benchmarks/peers/rpyc_driver.py) in the Python of its throwaway virtualenv.
struct RPyCPeer {
    let server: Target
    let python: String
    let driver: String

    struct Latency {
        let mean: Double
        let p50: Double
        let p99: Double
        let requestsPerSecond: Double
    }

    func sequential(count: Int) throws -> Latency {
        try latency(
            run(["--scenario", "sequential", "--count", "\(count)", "--warmup", "\(max(10, count / 10))"]))
    }

    func concurrent(clients: Int, seconds: Double) throws -> Latency {
        try latency(run(["--scenario", "concurrent", "--clients", "\(clients)", "--seconds", "\(seconds)"]))
    }

    func bridge(script: String, sweep: Int, meshActor: String) throws -> (
        script: Double, mesh: Double, sweep: Double
    ) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptk-bench-script-\(UUID()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run([
            "--scenario", "bridge", "--script-file", file.path, "--sweep", "\(sweep)", "--mesh-actor",
            meshActor,
        ])
        return (number(result, "script_ms"), number(result, "mesh_pull_ms"), number(result, "sweep_ms"))
    }

    /// KiB of RSS per connection with `count` idle connections held by the driver.
    func idleConnections(count: Int) throws -> Double {
        let before = server.residentKiB
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            driver, "--port", "\(server.port)", "--scenario", "idle", "--count", "\(count)", "--hold", "3",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("ready") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let held = server.residentKiB
        process.waitUntilExit()
        return Double(held - before) / Double(count)
    }

    private func run(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [driver, "--port", "\(server.port)"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw BenchError("the RPyC driver failed (\(arguments.joined(separator: " ")))") }
        return object
    }

    private func latency(_ object: [String: Any]) -> Latency {
        Latency(
            mean: number(object, "mean_us"), p50: number(object, "p50_us"), p99: number(object, "p99_us"),
            requestsPerSecond: number(object, "requests_per_second"))
    }

    private func number(_ object: [String: Any], _ key: String) -> Double {
        (object[key] as? NSNumber)?.doubleValue ?? 0
    }
}
