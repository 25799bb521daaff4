import Foundation
import Histogram
import NIOCore
import NIOPosix

/// Scenario 5: put and get of large payloads next to a plain socket copy.
extension Scenarios {
    // MARK: 5. Large data

    mutating func largeData() async throws {
        say("5. large data: put and get next to a plain loopback socket copy")
        guard let plainPort = nioFloor.plainCopyPort else {
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
}
