import Foundation
import Histogram
import NIOCore
import NIOPosix

/// The servers a run measures, started together.
struct Targets: Sendable {
    let floor: Target
    let handOffFloor: Target
    let nioFloor: Target
    let inlineFloor: Target
    let posertalkr: Target
    let baseline: Target

    var all: [Target] { [floor, handOffFloor, nioFloor, inlineFloor, posertalkr, baseline] }
}

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
        var fairnessRuns: Int
        var transferMiB: [Int]
        var idleConnections: Int
        var sweepCount: Int
        /// The actor whose mesh the bridge scenario pulls, and its vertex count for the table.
        var meshActor = "Ground Grid"
        var meshVertices = "501,264"

        static let full = Sizes(
            sequentialCount: 20_000, pipelinedCount: 300_000, pipelineWindow: 2_000, measureSeconds: 3,
            concurrency: [1, 8, 64, 512], fairnessHeavyCount: 100_000, fairnessRuns: 5,
            transferMiB: [1, 64, 256],
            idleConnections: 1_000, sweepCount: 1_000)
        static let smoke = Sizes(
            sequentialCount: 200, pipelinedCount: 2_000, pipelineWindow: 200, measureSeconds: 0.3,
            concurrency: [1, 8], fairnessHeavyCount: 2_000, fairnessRuns: 1, transferMiB: [1],
            idleConnections: 20,
            sweepCount: 20, meshActor: "ball", meshVertices: "144")
    }

    let group: EventLoopGroup
    let sizes: Sizes
    /// The C echo floor (`posertalkr-floor`).
    let floor: Target
    /// The C floor with one thread hand-off per request (`posertalkr-floor --hand-off`): the
    /// floor of PoserTalkr's shape, an event loop and a second thread that writes the reply.
    let handOffFloor: Target
    /// The SwiftNIO echo floor, which also does the plain socket copy for large data.
    let nioFloor: Target
    /// One NIO event loop whose thread runs Python inline, raw mode only
    /// (`posertalkr-bench inline-python-server`): the floor of a design with no hand-off.
    let inlineFloor: Target
    let posertalkr: Target
    let baseline: Target
    let rpyc: RPyCPeer?
    /// New floor, PoserTalkr and baseline processes, for measurements that earlier
    /// scenarios' leftovers (freed but still resident memory) would distort.
    let startFresh: @Sendable () throws -> Targets
    var report: Report

    static let evalRequest = "=4+5"

    func raw(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
