import Foundation
import Histogram
import NIOCore
import NIOPosix

/// The benchmark scenarios (Benchmarks/README.md), each measured against every target that
/// can do it in the same run.
struct Scenarios {
    struct Sizes {
        var sequentialCount: Int
        var pipelinedCount: Int
        var pipelineWindow: Int
        var measureSeconds: Double
        var concurrency: [Int]
        var fairnessHeavyCount: Int
        var transferMiB: [Int]
        var idleConnections: Int
        var sweepCount: Int
        /// The actor whose mesh the bridge scenario pulls, and its vertex count for the table.
        var meshActor = "Ground Grid"
        var meshVertices = "501,264"

        static let full = Sizes(
            sequentialCount: 20_000, pipelinedCount: 300_000, pipelineWindow: 2_000, measureSeconds: 3,
            concurrency: [1, 8, 64, 512], fairnessHeavyCount: 100_000, transferMiB: [1, 64, 256],
            idleConnections: 1_000, sweepCount: 1_000)
        static let smoke = Sizes(
            sequentialCount: 200, pipelinedCount: 2_000, pipelineWindow: 200, measureSeconds: 0.3,
            concurrency: [1, 8], fairnessHeavyCount: 2_000, transferMiB: [1], idleConnections: 20,
            sweepCount: 20, meshActor: "ball", meshVertices: "144")
    }

    let group: EventLoopGroup
    let sizes: Sizes
    let floor: Target
    let posertalkr: Target
    let baseline: Target
    let rpyc: RPyCPeer?
    /// New floor, PoserTalkr and baseline processes, for measurements that earlier
    /// scenarios' leftovers (freed but still resident memory) would distort.
    let startFresh: @Sendable () throws -> (floor: Target, posertalkr: Target, baseline: Target)
    var report: Report

    static let evalRequest = "=4+5"

    // MARK: 1. Sequential round trip

    mutating func sequentialRoundTrip() async throws {
        say("1. sequential round trip of =4+5 on one connection")
        let request = raw(Self.evalRequest)
        var rawLatency: [String: Histogram<UInt64>] = [:]
        rawLatency["floor"] = try await sequential(
            port: floor.port, request: request, counter: { ExactSizeCounter(size: 4) })
        rawLatency["posertalkr"] = try await sequential(
            port: posertalkr.port, request: request, counter: { LineCounter() })
        rawLatency["baseline"] = try await sequential(
            port: baseline.port, request: request, counter: { LineCounter() })
        var framed: [String: Histogram<UInt64>] = [:]
        framed["floor"] = try await sequential(
            port: floor.port, request: Wire.eval("4+5"), counter: { ExactSizeCounter(size: 19) })
        framed["posertalkr"] = try await sequential(
            port: posertalkr.port, request: Wire.eval("4+5"), counter: { FrameCounter() },
            handshake: [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-sequential")],
            handshakeReplies: 1)
        var peer: RPyCPeer.Latency?
        if let rpyc { peer = try rpyc.sequential(count: sizes.sequentialCount / 4) }
        for (label, pick) in [
            ("mean", { (h: Histogram<UInt64>) in h.mean }), ("p50", { Double($0.median) }),
            ("p99", { Double($0.valueAtPercentile(99)) }),
        ] as [(String, (Histogram<UInt64>) -> Double)] {
            var values = rawLatency.mapValues { pick($0) / 1000 }
            if let peer {
                values["rpyc"] = label == "mean" ? peer.mean : label == "p50" ? peer.p50 : peer.p99
            }
            report.add("sequential raw", label, unit: "µs", higherIsBetter: false, values)
        }
        for (label, pick) in [
            ("mean", { (h: Histogram<UInt64>) in h.mean }), ("p50", { Double($0.median) }),
            ("p99", { Double($0.valueAtPercentile(99)) }),
        ] as [(String, (Histogram<UInt64>) -> Double)] {
            report.add(
                "sequential framed", label, unit: "µs", higherIsBetter: false,
                framed.mapValues { pick($0) / 1000 },
                notes: ["baseline": "no framing", "rpyc": "see raw"])
        }
    }

    private func sequential(
        port: Int, request: ByteBuffer, counter: @escaping @Sendable () -> any ResponseCounter,
        handshake: [ByteBuffer] = [], handshakeReplies: Int = 0
    ) async throws -> Histogram<UInt64> {
        let connection = try await LoadConnection.connect(group: group, port: port, counter: counter)
        defer { Task { await connection.close() } }
        if !handshake.isEmpty { try await connection.exchange(handshake, responses: handshakeReplies) }
        _ = try await connection.loop(request, count: max(10, sizes.sequentialCount / 10))
        return try await connection.loop(request, count: sizes.sequentialCount).0
    }

    // MARK: 2. Pipelined framed evals

    mutating func pipelined() async throws {
        say("2. pipelined framed evals on one connection")
        var values: [String: Double] = [:]
        values["floor"] = try await pipelinedRate(
            port: floor.port, request: Wire.eval("4+5"), counter: { ExactSizeCounter(size: 19) },
            handshake: [])
        values["posertalkr"] = try await pipelinedRate(
            port: posertalkr.port, request: Wire.eval("4+5"), counter: { FrameCounter() },
            handshake: [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-pipelined")])
        report.add(
            "pipelined framed", "throughput", unit: "req/s", higherIsBetter: true, values,
            notes: ["baseline": "no framing", "rpyc": "not pipelined"])
    }

    private func pipelinedRate(
        port: Int, request: ByteBuffer, counter: @escaping @Sendable () -> any ResponseCounter,
        handshake: [ByteBuffer]
    ) async throws -> Double {
        let connection = try await LoadConnection.connect(group: group, port: port, counter: counter)
        defer { Task { await connection.close() } }
        if !handshake.isEmpty { try await connection.exchange(handshake, responses: 1) }
        _ = try await connection.loop(request, count: sizes.pipelinedCount / 10, window: sizes.pipelineWindow)
        let (histogram, elapsed) = try await connection.loop(
            request, count: sizes.pipelinedCount, window: sizes.pipelineWindow)
        return Double(histogram.totalCount) / elapsed.seconds
    }

    // MARK: 3. Concurrent clients

    mutating func concurrentClients() async throws {
        say("3. concurrent clients, each doing sequential round trips (raw =4+5)")
        for clients in sizes.concurrency {
            var throughput: [String: Double] = [:]
            var p99: [String: Double] = [:]
            var notes: [String: String] = [:]
            let targets: [(String, Target, @Sendable () -> any ResponseCounter)] = [
                ("floor", floor, { @Sendable in ExactSizeCounter(size: 4) }),
                ("posertalkr", posertalkr, { @Sendable in LineCounter() }),
                ("baseline", baseline, { @Sendable in LineCounter() }),
            ]
            for (name, target, counter) in targets {
                let (rate, latency) = try await concurrent(
                    clients: clients, port: target.port, counter: counter)
                throughput[name] = rate
                p99[name] = latency
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
            report.add(
                "\(clients) clients", "throughput", unit: "req/s", higherIsBetter: true, throughput,
                notes: notes)
            report.add("\(clients) clients", "p99", unit: "µs", higherIsBetter: false, p99, notes: notes)
        }
    }

    /// `clients` connections from distinct loopback addresses (so, for PoserTalkr and the
    /// baseline, distinct sessions), each looping until the deadline.
    private func concurrent(clients: Int, port: Int, counter: @escaping @Sendable () -> any ResponseCounter)
        async throws -> (Double, Double)
    {
        var connections: [LoadConnection] = []
        for index in 0..<clients {
            connections.append(
                try await LoadConnection.connect(
                    group: group, port: port, source: Self.source(index), counter: counter))
        }
        defer { for connection in connections { Task { await connection.close() } } }
        let request = raw(Self.evalRequest)
        for connection in connections { _ = try await connection.loop(request, count: 3) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(sizes.measureSeconds * 1e9))
        let started = NIODeadline.now()
        let results = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { tasks in
            for connection in connections {
                tasks.addTask { try await connection.loop(request, until: deadline).0 }
            }
            var all: [Histogram<UInt64>] = []
            for try await histogram in tasks { all.append(histogram) }
            return all
        }
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        var merged = Histogram<UInt64>(highestTrackableValue: 120_000_000_000)
        for histogram in results { merged.add(histogram) }
        return (Double(merged.totalCount) / elapsed, Double(merged.valueAtPercentile(99)) / 1000)
    }

    /// 127.0.1.1, 127.0.1.2, ...: a distinct loopback source address per client.
    static func source(_ index: Int) -> String {
        "127.0.\(1 + index / 250).\(1 + index % 250)"
    }

    // MARK: 4. Fairness

    mutating func fairness() async throws {
        say(
            "4. fairness: one client pipelines \(sizes.fairnessHeavyCount) requests, another does single ones"
        )
        var values: [String: Double] = [:]
        var heavyRates: [String: Double] = [:]
        // The light client gets an event loop of its own, so that the flood the heavy client
        // receives does not delay its measurements on this side.
        let lightGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { Task { try? await lightGroup.shutdownGracefully() } }
        for (name, target, framed) in [("floor", floor, false), ("posertalkr", posertalkr, true)] {
            let counter: @Sendable () -> any ResponseCounter
            if framed {
                counter = { @Sendable in FrameCounter() }
            } else {
                counter = { @Sendable in ExactSizeCounter(size: 19) }
            }
            let heavy = try await LoadConnection.connect(group: group, port: target.port, counter: counter)
            let light = try await LoadConnection.connect(
                group: lightGroup, port: target.port, counter: counter)
            if framed {
                try await heavy.exchange(
                    [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-heavy")], responses: 1)
                try await light.exchange(
                    [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-light")], responses: 1)
            }
            let request = Wire.eval("4+5")
            let heavyCount = sizes.fairnessHeavyCount
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
            heavyRates[name] = Double(heavyHistogram.totalCount) / heavyElapsed.seconds
            values[name] = Double(lightLatencies.valueAtPercentile(99)) / 1000
            await heavy.close()
            await light.close()
        }
        report.add(
            "fairness", "light client's p99", unit: "µs", higherIsBetter: false, values,
            notes: ["baseline": "no framing", "rpyc": "not pipelined"])
        report.add("fairness", "heavy client's rate", unit: "req/s", higherIsBetter: true, heavyRates)
    }

    private func isDone<T>(_ task: Task<T, Error>) async -> Bool {
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

    // MARK: 5. Large data

    mutating func largeData() async throws {
        say("5. large data: put and get next to a plain loopback socket copy")
        guard let plainPort = floor.plainCopyPort else {
            throw BenchError("the floor has no plain-copy port")
        }
        let payload = ByteBuffer(repeating: 0x5A, count: 1 << 20)
        let framed = try await LoadConnection.connect(
            group: group, port: posertalkr.port, counter: { FrameCounter() })
        try await framed.exchange(
            [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-large")], responses: 1)
        defer { Task { await framed.close() } }
        for mib in sizes.transferMiB {
            let size = mib << 20
            var upload: [String: Double] = [:]
            var download: [String: Double] = [:]
            // Each transfer runs three times; the median counts (the first run of a size
            // pays for fresh memory on both sides).
            var runs: [String: [Double]] = [:]
            for _ in 0..<3 {
                let sink = try await LoadConnection.connect(
                    group: group, port: plainPort, counter: { ExactSizeCounter(size: 1) })
                var header = ByteBuffer(string: "U")
                header.writeInteger(UInt64(size))
                runs["floor put", default: []].append(
                    Double(size)
                        / (try await sink.upload(header: header, payload: payload, payloadLength: size))
                        .seconds
                        / 1e6)
                await sink.close()
                let source = try await LoadConnection.connect(
                    group: group, port: plainPort, counter: { ExactSizeCounter(size: size) })
                var request = ByteBuffer(string: "D")
                request.writeInteger(UInt64(size))
                runs["floor get", default: []].append(
                    Double(size) / (try await source.loop(request, count: 1).1).seconds / 1e6)
                await source.close()

                let put = try await framed.upload(
                    header: Wire.putHeader(name: "big", payloadLength: size), payload: payload,
                    payloadLength: size)
                runs["posertalkr put", default: []].append(Double(size) / put.seconds / 1e6)
                let get = try await framed.loop(Wire.get("big"), count: 1).1
                runs["posertalkr get", default: []].append(Double(size) / get.seconds / 1e6)
                try await framed.exchange([Wire.exec("del big")], responses: 1)
            }
            func median(_ key: String) -> Double { runs[key]!.sorted()[1] }
            upload["floor"] = median("floor put")
            download["floor"] = median("floor get")
            upload["posertalkr"] = median("posertalkr put")
            download["posertalkr"] = median("posertalkr get")
            let notes = ["baseline": "text only", "rpyc": "not measured"]
            report.add("\(mib) MiB", "put (upload)", unit: "MB/s", higherIsBetter: true, upload, notes: notes)
            report.add(
                "\(mib) MiB", "get (download)", unit: "MB/s", higherIsBetter: true, download, notes: notes)
        }
    }

    // MARK: 6. Memory

    mutating func memory() async throws {
        let count = sizes.idleConnections
        say("6. memory: \(count) idle connections, \(count) sessions (fresh processes)")
        let (floor, posertalkr, baseline) = try startFresh()
        defer { for target in [floor, posertalkr, baseline] { target.stop() } }
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

    // MARK: 7. A bridge's mix

    mutating func bridgeMix() async throws {
        say(
            "7. a bridge's mix: a 200-line script, a \(sizes.meshVertices)-vertex mesh pull, \(sizes.sweepCount) SetValue calls"
        )
        let script = Self.bridgeScript
        var scriptMs: [String: Double] = [:]
        var meshMs: [String: Double] = [:]
        var sweepMs: [String: Double] = [:]

        let framed = try await LoadConnection.connect(
            group: group, port: posertalkr.port, counter: { FrameCounter() })
        try await framed.exchange(
            [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-bridge")], responses: 1)
        // Warm the stub's lazily built grid, so no one pays for building it.
        try await framed.exchange([Wire.exec("SCENE.Actor('\(sizes.meshActor)').Geometry()")], responses: 1)
        scriptMs["posertalkr"] = try await framed.loop(Wire.exec(script), count: 1).1.milliseconds
        meshMs["posertalkr"] = try await framed.loop(
            Wire.exec(
                "from array import array\n_positions = array('f', SCENE.Actor('\(sizes.meshActor)').Geometry()._coords)\n"
            ),
            count: 1
        ).1.milliseconds
        meshMs["posertalkr"]! += try await framed.loop(Wire.get("_positions"), count: 1).1.milliseconds
        sweepMs["posertalkr"] = try await framed.loop(
            Wire.exec("SCENE.CurrentActor().Parameter('xRotate').SetValue(5)"), count: sizes.sweepCount
        ).1.milliseconds
        await framed.close()

        let raw = try await LoadConnection.connect(
            group: group, port: baseline.port, counter: { LineCounter() })
        _ = try await raw.loop(self.raw("=SCENE.Actor('\(sizes.meshActor)').Geometry() and 1"), count: 1)
        scriptMs["baseline"] = try await raw.loop(self.raw(script + "print('done')\n"), count: 1).1
            .milliseconds
        meshMs["baseline"] = try await raw.loop(
            self.raw(
                "=__import__('base64').b64encode(__import__('array').array('f', "
                    + "SCENE.Actor('\(sizes.meshActor)').Geometry()._coords).tobytes()).decode()"), count: 1
        ).1.milliseconds
        sweepMs["baseline"] = try await raw.loop(
            self.raw("=SCENE.CurrentActor().Parameter('xRotate').SetValue(5)"), count: sizes.sweepCount
        ).1.milliseconds
        await raw.close()

        if let rpyc {
            let result = try rpyc.bridge(script: script, sweep: sizes.sweepCount, meshActor: sizes.meshActor)
            scriptMs["rpyc"] = result.script
            meshMs["rpyc"] = result.mesh
            sweepMs["rpyc"] = result.sweep
        }
        let notes = ["floor": "no Python"]
        report.add("bridge", "200-line script", unit: "ms", higherIsBetter: false, scriptMs, notes: notes)
        report.add(
            "bridge", "mesh pull, \(sizes.meshVertices) vertices", unit: "ms", higherIsBetter: false, meshMs,
            notes: ["floor": "no Python", "baseline": "base64 text (raw mode has no binary)"])
        report.add(
            "bridge", "\(sizes.sweepCount) SetValue calls", unit: "ms", higherIsBetter: false, sweepMs,
            notes: notes)
    }

    /// A 200-line PoserPython script of the kind a bridge sends: helpers, loops over the
    /// figure, parameter reads and writes.
    static let bridgeScript: String = {
        var lines = [
            "import poser", "scene = poser.Scene()", "figure = scene.CurrentFigure()", "report = []",
        ]
        for index in 0..<48 {
            lines.append("def pose_\(index)(actor, amount=\(index)):")
            lines.append("    parm = actor.Parameter('yRotate')")
            lines.append("    parm.SetValue(parm.Value() + amount * 0.01)")
            lines.append("    return actor.Name(), parm.Value()")
        }
        while lines.count < 199 {
            let index = lines.count % 48
            lines.append("report.append(pose_\(index)(figure.Actors()[\(lines.count % 19 + 1)]))")
        }
        lines.append("total = len(report)")
        return lines.joined(separator: "\n") + "\n"
    }()

    private func raw(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
