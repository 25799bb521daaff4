import Foundation
import Histogram
import NIOCore
import NIOPosix

/// Scenario 4: a light client's latency while another floods the server.
extension Scenarios {
    // MARK: 4. Fairness

    mutating func fairness() async throws {
        say(
            "4. fairness: one client pipelines \(sizes.fairnessHeavyCount) requests, another does single ones "
                + "(\(sizes.fairnessRuns) runs each; the median counts)")
        var lightP99: [String: Double] = [:]
        var heavyRates: [String: Double] = [:]
        var cpu: [String: Double] = [:]
        var spread: [String: String] = [:]
        // The light client gets an event loop of its own, so that the flood the heavy client
        // receives does not delay its measurements on this side.
        let lightGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { Task { try? await lightGroup.shutdownGracefully() } }
        for (name, target, _, handshake) in framedTargets {
            var runs: [(light: Double, heavy: Double, cpu: Double)] = []
            for run in 0..<sizes.fairnessRuns {
                runs.append(
                    try await fairnessRun(target, handshake: handshake, run: run, lightGroup: lightGroup))
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            lightP99[name] = median(runs.map(\.light))
            heavyRates[name] = median(runs.map(\.heavy))
            cpu[name] = median(runs.map(\.cpu))
            let lights = runs.map(\.light).sorted()
            spread[name] = "\(Report.format(lights.first!))–\(Report.format(lights.last!))"
        }
        say(
            "  light client's p99 over the runs (µs): "
                + spread.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        let notes = ["baseline": "no framing", "inline floor": "raw only", "rpyc": "not pipelined"]
        report.add(
            "fairness", "light client's p99", unit: "µs", higherIsBetter: false, lightP99, notes: notes)
        report.add(
            "fairness", "heavy client's rate", unit: "req/s", higherIsBetter: true, heavyRates, notes: notes)
        report.add("fairness", "server CPU per request", unit: "µs", higherIsBetter: false, cpu, notes: notes)
    }

    /// One run: the light client's p99 (µs), the heavy client's rate, the server's CPU per
    /// request (µs).
    func fairnessRun(
        _ target: Target, handshake: [ByteBuffer], run: Int, lightGroup: EventLoopGroup
    ) async throws -> (light: Double, heavy: Double, cpu: Double) {
        let framed = !handshake.isEmpty
        let counter: @Sendable () -> any ResponseCounter =
            framed ? { @Sendable in FrameCounter() } : { @Sendable in ExactSizeCounter(size: 19) }
        let heavy = try await LoadConnection.connect(group: group, port: target.port, counter: counter)
        let light = try await LoadConnection.connect(group: lightGroup, port: target.port, counter: counter)
        if framed {
            try await heavy.exchange(
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-heavy-\(run)")], responses: 1)
            try await light.exchange(
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-light-\(run)")], responses: 1)
        }
        let request = Wire.eval("4+5")
        let heavyCount = sizes.fairnessHeavyCount
        let cpuBefore = target.cpuNanoseconds
        let heavyRun = Task { try await heavy.loop(request, count: heavyCount, window: heavyCount) }
        // Let the flood get going before the light client starts measuring.
        try await Task.sleep(for: .milliseconds(50))
        var lightLatencies = Histogram<UInt64>(highestTrackableValue: 120_000_000_000)
        while !Task.isCancelled {
            let (histogram, _) = try await light.loop(request, count: 20)
            lightLatencies.add(histogram)
            if await isDone(heavyRun) { break }
        }
        let (heavyHistogram, heavyElapsed) = try await heavyRun.value
        let requests = heavyHistogram.totalCount + lightLatencies.totalCount
        let cpu = Self.microseconds(target.cpuNanoseconds - cpuBefore, per: requests)
        await heavy.close()
        await light.close()
        return (
            Double(lightLatencies.valueAtPercentile(99)) / 1000,
            Double(heavyHistogram.totalCount) / heavyElapsed.seconds, cpu
        )
    }

    func isDone<T>(_ task: Task<T, Error>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try? await task.value
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(1))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
