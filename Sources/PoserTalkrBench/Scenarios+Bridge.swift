import Foundation
import Histogram
import NIOCore
import NIOPosix

/// Scenario 7: what a bridge script does: a script, a mesh pull, a parameter sweep.
extension Scenarios {
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
            Wire.exec("SCENE.CurrentActor().Parameter('xrot').SetValue(5)"), count: sizes.sweepCount
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
            self.raw("=SCENE.CurrentActor().Parameter('xrot').SetValue(5)"), count: sizes.sweepCount
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
            lines.append("    parm = actor.Parameter('yrot')")
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
}
