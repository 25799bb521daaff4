import ArgumentParser
import Foundation
import NIOPosix

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posertalkr-bench",
        abstract: "PoserTalkr's benchmark: the server next to the floor, the Python baseline and RPyC.",
        subcommands: [Run.self, Echo.self, InlinePython.self, LoadCommand.self],
        defaultSubcommand: Run.self)

    struct Echo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "echo-server", abstract: "The floor: an echo server with no Python.")

        @Option var port = 0

        func run() async throws { try await EchoServer.run(port: port) }
    }

    struct InlinePython: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inline-python-server",
            abstract: "The zero-hand-off floor: raw `=expr` lines evaluated on the event loop's own thread.")

        @Option var port = 0

        func run() async throws { try await InlinePythonServer.run(port: port) }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the scenarios and print the table.")

        @Option(help: "The posertalkr binary to measure (a release build).")
        var posertalkr: String

        @Option(help: "More options for the posertalkr server, space separated (e.g. \"--idle-spin 0\").")
        var posertalkrOptions = ""

        @Option(help: "The C echo floor (posertalkr-floor).")
        var floor: String

        @Option(help: "Python 3 for the baseline server.")
        var python = "/usr/bin/python3"

        @Option(help: "The Python of a virtualenv with rpyc installed; RPyC is skipped without it.")
        var rpycPython: String?

        @Option(help: "Where to write the JSON results.")
        var json: String?

        @Flag(help: "A few seconds in all, for CI: tiny sizes, figures not meaningful.")
        var smoke = false

        @Option(help: "Run only these scenarios (1-7, comma separated).")
        var only: String?

        func run() async throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let shims = root.appendingPathComponent("PythonShims").path
            let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let selected = Set((only ?? "1,2,3,4,5,6,7").split(separator: ",").compactMap { Int($0) })

            let posertalkr = self.posertalkr
            let python = self.python
            let cFloor = self.floor
            let extraOptions = posertalkrOptions.split(separator: " ").map(String.init)
            let startTargets: @Sendable () throws -> Targets = {
                let floor = try Target.start("floor", executable: cFloor, arguments: [], port: nil)
                let handOffFloor = try Target.start(
                    "hand-off floor", executable: cFloor, arguments: ["--hand-off"], port: nil)
                let nioFloor = try Target.start(
                    "nio floor", executable: me, arguments: ["echo-server"], port: nil)
                let inlineFloor = try Target.start(
                    "inline floor", executable: me, arguments: ["inline-python-server"], port: nil)
                let server = try Target.start(
                    "posertalkr", executable: posertalkr,
                    arguments: ["--port", "0", "--log-level", "error", "--shims", shims] + extraOptions,
                    port: nil)
                let baselinePort = Target.freePort()
                let baseline = try Target.start(
                    "baseline", executable: python,
                    arguments: [
                        root.appendingPathComponent("Benchmarks/baselines/posertalkr_baseline.py").path,
                        "--port", "\(baselinePort)", "--shims", shims,
                    ],
                    port: baselinePort)
                return Targets(
                    floor: floor, handOffFloor: handOffFloor, nioFloor: nioFloor, inlineFloor: inlineFloor,
                    posertalkr: server, baseline: baseline)
            }
            let targets = try startTargets()
            var rpyc: RPyCPeer?
            var rpycServer: Target?
            if let rpycPython {
                let port = Target.freePort()
                let target = try Target.start(
                    "rpyc", executable: rpycPython,
                    arguments: [
                        "-c", "from rpyc.cli.rpyc_classic import main; main()", "--host", "127.0.0.1",
                        "--port", "\(port)",
                    ],
                    port: port, environment: ["PYTHONPATH": shims])

                rpycServer = target
                rpyc = RPyCPeer(
                    server: target, python: rpycPython,
                    driver: root.appendingPathComponent("Benchmarks/peers/rpyc_driver.py").path)
            }
            defer {
                for target in targets.all + (rpycServer.map { [$0] } ?? []) { target.stop() }
            }

            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var scenarios = Scenarios(
                group: group, sizes: smoke ? .smoke : .full, floor: targets.floor,
                handOffFloor: targets.handOffFloor, nioFloor: targets.nioFloor,
                inlineFloor: targets.inlineFloor,
                posertalkr: targets.posertalkr, baseline: targets.baseline,
                rpyc: rpyc, startFresh: startTargets,
                report: Report(
                    date: ISO8601DateFormatter().string(from: Date()), machine: Self.machine, smoke: smoke))
            if selected.contains(1) { try await scenarios.sequentialRoundTrip() }
            if selected.contains(2) { try await scenarios.pipelined() }
            if selected.contains(3) { try await scenarios.concurrentClients() }
            if selected.contains(4) { try await scenarios.fairness() }
            if selected.contains(5) { try await scenarios.largeData() }
            if selected.contains(6) { try await scenarios.memory() }
            if selected.contains(7) { try await scenarios.bridgeMix() }
            try? await group.shutdownGracefully()

            say("\n" + scenarios.report.table)
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(scenarios.report).write(to: URL(fileURLWithPath: json))
                say("\nwrote \(json)")
            }
        }

        static var machine: String {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let memory = ProcessInfo.processInfo.physicalMemory >> 30
            return "\(cores) cores, \(memory) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
        }
    }
}
