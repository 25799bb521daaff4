import Foundation

/// The benchmark's results: printed as a table, written as JSON.
struct Report: Encodable {
    struct Row: Encodable {
        let scenario: String
        let metric: String
        let unit: String
        /// Higher is better (throughput) or lower is better (latency, memory).
        let higherIsBetter: Bool
        var values: [String: Double]
        var notes: [String: String] = [:]

        /// The value of each target relative to the floor's: for latencies target/floor
        /// (1.2 means 20% slower than the floor), for throughput target/floor (0.7 means
        /// 70% of the floor's rate).
        var ratioToFloor: [String: Double] {
            guard let floor = values["floor"], floor > 0 else { return [:] }
            return values.filter { $0.key != "floor" }.mapValues { $0 / floor }
        }

        enum CodingKeys: String, CodingKey {
            case scenario, metric, unit
            case higherIsBetter = "higher_is_better"
            case values, notes
            case ratioToFloor = "ratio_to_floor"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scenario, forKey: .scenario)
            try container.encode(metric, forKey: .metric)
            try container.encode(unit, forKey: .unit)
            try container.encode(higherIsBetter, forKey: .higherIsBetter)
            try container.encode(values, forKey: .values)
            try container.encode(ratioToFloor, forKey: .ratioToFloor)
            if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
        }
    }

    let date: String
    let machine: String
    let smoke: Bool
    var rows: [Row] = []

    static let targets = [
        "floor", "hand-off floor", "nio floor", "inline floor", "posertalkr", "baseline", "rpyc",
    ]
    /// The targets whose ratio to the floor gets a column: what one hand-off costs by itself,
    /// what NIO and Python cost with none, and PoserTalkr.
    static let ratioColumns = ["hand-off floor", "inline floor", "posertalkr"]

    mutating func add(
        _ scenario: String, _ metric: String, unit: String, higherIsBetter: Bool, _ values: [String: Double],
        notes: [String: String] = [:]
    ) {
        rows.append(
            Row(
                scenario: scenario, metric: metric, unit: unit, higherIsBetter: higherIsBetter,
                values: values, notes: notes))
        say(
            "  \(metric): "
                + Self.targets.compactMap { name in values[name].map { "\(name) \(Self.format($0)) \(unit)" }
                }
                .joined(separator: ", "))
    }

    var table: String {
        var lines: [String] = []
        let header = ["scenario", "metric"] + Self.targets + Self.ratioColumns.map { "\($0)/floor" }
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: header.count))
        for row in rows {
            var cells = [row.scenario, "\(row.metric) (\(row.unit))"]
            for target in Self.targets {
                cells.append(row.values[target].map(Self.format) ?? (row.notes[target] ?? "–"))
            }
            for target in Self.ratioColumns {
                cells.append(row.ratioToFloor[target].map { String(format: "%.2fx", $0) } ?? "–")
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        switch value {
        case 100_000...: return String(format: "%.0f", value)
        case 100...: return String(format: "%.0f", value)
        case 10...: return String(format: "%.1f", value)
        default: return String(format: "%.2f", value)
        }
    }
}
