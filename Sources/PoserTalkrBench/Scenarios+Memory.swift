import Foundation
import Histogram
import NIOCore
import NIOPosix

/// Scenario 6: memory per idle connection and per session, on fresh processes.
extension Scenarios {
    // MARK: 6. Memory

    mutating func memory() async throws {
        let count = sizes.idleConnections
        say("6. memory: \(count) idle connections, \(count) sessions (fresh processes)")
        let fresh = try startFresh()
        defer { for target in fresh.all { target.stop() } }
        let (floor, posertalkr, baseline) = (fresh.floor, fresh.posertalkr, fresh.baseline)
        var perConnection: [String: Double] = [:]
        let targets: [(String, Target, @Sendable () -> any ResponseCounter, String)] = [
            ("floor", floor, { @Sendable in ExactSizeCounter(size: 2) }, "=1"),
            ("posertalkr", posertalkr, { @Sendable in LineCounter() }, "=1"),
            ("baseline", baseline, { @Sendable in LineCounter() }, "=1"),
        ]
        for (name, target, counter, request) in targets {
            let before = target.residentKiB
            var connections: [LoadConnection] = []
            for _ in 0..<count {
                let connection = try await LoadConnection.connect(
                    group: group, port: target.port, counter: counter)
                _ = try await connection.loop(raw(request), count: 1)
                connections.append(connection)
            }
            try await Task.sleep(for: .milliseconds(300))
            perConnection[name] = Double(target.residentKiB - before) / Double(count)
            for connection in connections { await connection.close() }
        }
        if let rpyc { perConnection["rpyc"] = try rpyc.idleConnections(count: count) }
        report.add(
            "\(count) idle connections", "RSS per connection", unit: "KiB", higherIsBetter: false,
            perConnection)

        var perSession: [String: Double] = [:]
        for (name, target) in [("posertalkr", posertalkr), ("baseline", baseline)] {
            let before = target.residentKiB
            for index in 0..<count {
                let connection = try await LoadConnection.connect(
                    group: group, port: target.port, source: Self.source(2000 + index),
                    counter: { LineCounter() })
                _ = try await connection.loop(raw("=1"), count: 1)
                await connection.close()
            }
            try await Task.sleep(for: .milliseconds(300))
            perSession[name] = Double(target.residentKiB - before) / Double(count)
        }
        report.add(
            "\(count) sessions", "RSS per session", unit: "KiB", higherIsBetter: false, perSession,
            notes: ["floor": "no sessions", "rpyc": "one per connection"])
    }
}
