import Foundation
import Histogram
import NIOCore
import NIOPosix

/// Scenarios 1 to 3: sequential round trips, pipelined requests, concurrent clients. Each
/// also reports the server's CPU time per request (all its threads), the figure that holds
/// on a noisy machine.
extension Scenarios {
    /// The C floor answers as PoserTalkr does (`9\n`, an OK frame with "9"); the NIO floor
    /// echoes what it is sent (4 bytes for raw `=4+5`, 19 for a framed eval).
    var rawTargets: [(String, Target, @Sendable () -> any ResponseCounter)] {
        [
            ("floor", floor, { @Sendable in LineCounter() }),
            ("hand-off floor", handOffFloor, { @Sendable in LineCounter() }),
            ("nio floor", nioFloor, { @Sendable in ExactSizeCounter(size: 4) }),
            ("inline floor", inlineFloor, { @Sendable in LineCounter() }),
            ("posertalkr", posertalkr, { @Sendable in LineCounter() }),
            ("baseline", baseline, { @Sendable in LineCounter() }),
        ]
    }

    var framedTargets: [(String, Target, @Sendable () -> any ResponseCounter, [ByteBuffer])] {
        [
            (
                "floor", floor, { @Sendable in FrameCounter() },
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-round-trips")]
            ),
            (
                "hand-off floor", handOffFloor, { @Sendable in FrameCounter() },
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-round-trips")]
            ),
            ("nio floor", nioFloor, { @Sendable in ExactSizeCounter(size: 19) }, []),
            (
                "posertalkr", posertalkr, { @Sendable in FrameCounter() },
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-round-trips")]
            ),
        ]
    }

    // MARK: 1. Sequential round trip

    mutating func sequentialRoundTrip() async throws {
        say("1. sequential round trip of =4+5 on one connection")
        var raw: [String: Histogram<UInt64>] = [:]
        var rawCPU: [String: Double] = [:]
        for (name, target, counter) in rawTargets {
            (raw[name], rawCPU[name]) = try await sequential(
                target, request: self.raw(Self.evalRequest), counter: counter)
        }
        var framed: [String: Histogram<UInt64>] = [:]
        var framedCPU: [String: Double] = [:]
        for (name, target, counter, handshake) in framedTargets {
            (framed[name], framedCPU[name]) = try await sequential(
                target, request: Wire.eval("4+5"), counter: counter, handshake: handshake)
        }
        var peer: RPyCPeer.Latency?
        if let rpyc { peer = try rpyc.sequential(count: sizes.sequentialCount / 4) }
        for (label, pick) in Self.latencyFigures {
            var values = raw.mapValues { pick($0) / 1000 }
            if let peer {
                values["rpyc"] = label == "mean" ? peer.mean : label == "p50" ? peer.p50 : peer.p99
            }
            report.add("sequential raw", label, unit: "µs", higherIsBetter: false, values)
        }
        report.add("sequential raw", "server CPU per request", unit: "µs", higherIsBetter: false, rawCPU)
        for (label, pick) in Self.latencyFigures {
            report.add(
                "sequential framed", label, unit: "µs", higherIsBetter: false,
                framed.mapValues { pick($0) / 1000 },
                notes: ["baseline": "no framing", "inline floor": "raw only", "rpyc": "see raw"])
        }
        report.add(
            "sequential framed", "server CPU per request", unit: "µs", higherIsBetter: false, framedCPU,
            notes: ["baseline": "no framing", "inline floor": "raw only", "rpyc": "see raw"])
    }

    static let latencyFigures: [(String, @Sendable (Histogram<UInt64>) -> Double)] = [
        ("mean", { $0.mean }), ("p50", { Double($0.median) }), ("p99", { Double($0.valueAtPercentile(99)) }),
    ]

    /// Latencies of `sequentialCount` round trips after a warm-up, and the server's CPU per
    /// request over them (µs).
    func sequential(
        _ target: Target, request: ByteBuffer, counter: @escaping @Sendable () -> any ResponseCounter,
        handshake: [ByteBuffer] = []
    ) async throws -> (Histogram<UInt64>, Double) {
        let connection = try await LoadConnection.connect(group: group, port: target.port, counter: counter)
        defer { Task { await connection.close() } }
        if !handshake.isEmpty { try await connection.exchange(handshake, responses: handshake.count - 1) }
        _ = try await connection.loop(request, count: max(10, sizes.sequentialCount / 10))
        let cpuBefore = target.cpuNanoseconds
        let (histogram, _) = try await connection.loop(request, count: sizes.sequentialCount)
        return (histogram, Self.microseconds(target.cpuNanoseconds - cpuBefore, per: histogram.totalCount))
    }

    static func microseconds(_ nanoseconds: UInt64, per count: UInt64) -> Double {
        count == 0 ? 0 : Double(nanoseconds) / Double(count) / 1000
    }

    // MARK: 2. Pipelined framed evals

    mutating func pipelined() async throws {
        say("2. pipelined framed evals on one connection")
        var rates: [String: Double] = [:]
        var cpu: [String: Double] = [:]
        for (name, target, counter, handshake) in framedTargets {
            let connection = try await LoadConnection.connect(
                group: group, port: target.port, counter: counter)
            if !handshake.isEmpty { try await connection.exchange(handshake, responses: handshake.count - 1) }
            let request = Wire.eval("4+5")
            _ = try await connection.loop(
                request, count: sizes.pipelinedCount / 10, window: sizes.pipelineWindow)
            let cpuBefore = target.cpuNanoseconds
            let (histogram, elapsed) = try await connection.loop(
                request, count: sizes.pipelinedCount, window: sizes.pipelineWindow)
            cpu[name] = Self.microseconds(target.cpuNanoseconds - cpuBefore, per: histogram.totalCount)
            rates[name] = Double(histogram.totalCount) / elapsed.seconds
            await connection.close()
        }
        let notes = ["baseline": "no framing", "inline floor": "raw only", "rpyc": "not pipelined"]
        report.add("pipelined framed", "throughput", unit: "req/s", higherIsBetter: true, rates, notes: notes)
        report.add(
            "pipelined framed", "server CPU per request", unit: "µs", higherIsBetter: false, cpu, notes: notes
        )
    }

    // MARK: 3. Concurrent clients

    mutating func concurrentClients() async throws {
        say("3. concurrent clients, each doing sequential round trips (raw =4+5)")
        for clients in sizes.concurrency {
            var throughput: [String: Double] = [:]
            var p99: [String: Double] = [:]
            var cpu: [String: Double] = [:]
            var notes: [String: String] = [:]
            for (name, target, counter) in rawTargets {
                (throughput[name], p99[name], cpu[name]) = try await concurrent(
                    clients: clients, target: target, counter: counter)
            }
            if let rpyc {
                if clients <= 64 {
                    let result = try rpyc.concurrent(clients: clients, seconds: sizes.measureSeconds)
                    throughput["rpyc"] = result.requestsPerSecond
                    p99["rpyc"] = result.p99
                } else {
                    notes["rpyc"] = "not run (one Python thread per client)"
                }
            }
            let scenario = "\(clients) clients"
            report.add(scenario, "throughput", unit: "req/s", higherIsBetter: true, throughput, notes: notes)
            report.add(scenario, "p99", unit: "µs", higherIsBetter: false, p99, notes: notes)
            report.add(
                scenario, "server CPU per request", unit: "µs", higherIsBetter: false, cpu, notes: notes)
        }
    }

    /// `clients` connections from distinct loopback addresses (so, for PoserTalkr and the
    /// baseline, distinct sessions), each looping until the deadline: requests per second,
    /// p99 (µs) and the server's CPU per request (µs).
    func concurrent(clients: Int, target: Target, counter: @escaping @Sendable () -> any ResponseCounter)
        async throws -> (Double, Double, Double)
    {
        var connections: [LoadConnection] = []
        for index in 0..<clients {
            connections.append(
                try await LoadConnection.connect(
                    group: group, port: target.port, source: Self.source(index), counter: counter))
        }
        defer { for connection in connections { Task { await connection.close() } } }
        let request = raw(Self.evalRequest)
        for connection in connections { _ = try await connection.loop(request, count: 3) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(sizes.measureSeconds * 1e9))
        let started = NIODeadline.now()
        let cpuBefore = target.cpuNanoseconds
        let results = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { tasks in
            for connection in connections {
                tasks.addTask { try await connection.loop(request, until: deadline).0 }
            }
            var all: [Histogram<UInt64>] = []
            for try await histogram in tasks { all.append(histogram) }
            return all
        }
        let cpu = target.cpuNanoseconds - cpuBefore
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        var merged = Histogram<UInt64>(highestTrackableValue: 120_000_000_000)
        for histogram in results { merged.add(histogram) }
        return (
            Double(merged.totalCount) / elapsed, Double(merged.valueAtPercentile(99)) / 1000,
            Self.microseconds(cpu, per: merged.totalCount)
        )
    }

    /// 127.0.1.1, 127.0.1.2, ...: a distinct loopback source address per client.
    static func source(_ index: Int) -> String {
        "127.0.\(1 + index / 250).\(1 + index % 250)"
    }
}
