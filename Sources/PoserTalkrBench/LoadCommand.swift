import ArgumentParser
import Foundation
import Histogram
import NIOCore
import NIOPosix

/// `posertalkr-bench load`: a steady load on one running server, to profile it with perf
/// (Benchmarks/README.md): raw `=4+5` round trips from N clients, or one framed client
/// pipelining.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load one running server (for profiling), then print the rate.")

    @Option(help: "The server's port on 127.0.0.1.")
    var port: Int

    @Option(help: "Concurrent raw clients, each from its own loopback address.")
    var clients = 8

    @Option(help: "Seconds to run.")
    var seconds = 5.0

    @Option(help: "Pipeline this many framed evals on one connection instead of raw clients.")
    var pipeline: Int?

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { Task { try? await group.shutdownGracefully() } }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(seconds * 1e9))
        let started = NIODeadline.now()
        var total: UInt64 = 0
        if let pipeline {
            let connection = try await LoadConnection.connect(
                group: group, port: port, counter: { FrameCounter() })
            try await connection.exchange(
                [ByteBuffer(bytes: Wire.preamble), Wire.session("bench-load")], responses: 1)
            while NIODeadline.now() < deadline {
                total += try await connection.loop(Wire.eval("4+5"), count: pipeline * 50, window: pipeline).0
                    .totalCount
            }
            await connection.close()
        } else {
            var connections: [LoadConnection] = []
            for index in 0..<clients {
                connections.append(
                    try await LoadConnection.connect(
                        group: group, port: port, source: Scenarios.source(index), counter: { LineCounter() })
                )
            }
            total = try await withThrowingTaskGroup(of: UInt64.self) { tasks in
                for connection in connections {
                    tasks.addTask {
                        try await connection.loop(ByteBuffer(string: "=4+5"), until: deadline).0.totalCount
                    }
                }
                var sum: UInt64 = 0
                for try await count in tasks { sum += count }
                return sum
            }
            for connection in connections { await connection.close() }
        }
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        say(String(format: "%.0f requests/s over %.1f s", Double(total) / elapsed, elapsed))
    }
}
