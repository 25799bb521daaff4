// A host app that embeds PoserTalkr: its own state (a lighting rig), its own Python module
// in place of the Poser stub, and the server, stopped by Ctrl-C or SIGTERM.
// docs/EMBEDDING.md walks through it.
//
//   swift run posertalkr-embedding-example [--port N]
//   echo "=SCENE.CurrentActor().Name()" | nc -q1 127.0.0.1 55556     ->  Key Light
import Foundation
import Logging
import PoserTalkr
import ServiceLifecycle

let arguments = CommandLine.arguments
let port = arguments.firstIndex(of: "--port").flatMap { Int(arguments[$0 + 1]) } ?? 55556
// posertalkr_runtime.py (output capture, interrupts, paths) comes with the library's shims.
let shims =
    ProcessInfo.processInfo.environment["POSERTALKR_SHIMS"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../PythonShims").standardizedFileURL.path

LoggingSystem.bootstrap(StreamLogHandler.standardError)
let logger = Logger(label: "studio")
let lights = StudioLights()

var configuration = ServerConfiguration(
    host: "127.0.0.1", port: port, shimsDirectory: shims,
    environment: ProcessInfo.processInfo.environment)
configuration.hostModules = [StudioModule.make(lights)]
configuration.sceneModule = "studio"

let server = PoserTalkrServer(configuration: configuration, logger: logger)
let address = try await server.start()
say("studio: PoserTalkr listening on \(address.displayText)")

// The app goes on with its own work while scripts run; here it reports its rig every so often.
let report = Task {
    while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(5))
        logger.debug(
            "rig", metadata: ["lights": "\(lights.names.map { "\($0)=\(lights.intensity(of: $0)!)" })"])
    }
}
let group = ServiceGroup(
    configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
try await group.run()
report.cancel()
say("studio: stopped; key light at \(lights.intensity(of: "Key Light")!)")

/// Unbuffered, so whoever waits for the line (a test, a launcher) sees it at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
