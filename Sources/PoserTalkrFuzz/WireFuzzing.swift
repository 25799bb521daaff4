import Foundation
import NIOCore
import PoserTalkrWire

/// Feeds one input to the decoders that read untrusted bytes: the framed protocol's frame
/// parser (in pieces of varying size, as a socket would deliver them) and the raw-mode
/// command reader. Any crash, or a broken invariant (checked with `precondition`), is a
/// finding.
enum WireFuzzing {
    static func run(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        _ = RawCommand(packet: ByteBuffer(bytes: bytes))
        parseFrames(bytes)
    }

    private static func parseFrames(_ bytes: [UInt8]) {
        // Small limits so the fuzzer reaches "too large" and streamed puts with small inputs.
        var parser = FrameParser(maxFrameLength: 4096, streamThreshold: 16)
        var pieces = PieceSizes(seed: bytes.first ?? 0)
        var offset = 0
        var putRemaining: Int?
        while offset < bytes.count {
            let size = min(pieces.next(), bytes.count - offset)
            let events: [FrameEvent]
            do {
                events = try parser.feed(ByteBuffer(bytes: bytes[offset..<offset + size]))
            } catch {
                _ = error.description
                return
            }
            offset += size
            for event in events { check(event, putRemaining: &putRemaining) }
        }
        _ = parser.isInsideFrame
    }

    private static func check(_ event: FrameEvent, putRemaining: inout Int?) {
        switch event {
        case .started:
            precondition(putRemaining == nil, "preamble inside a put")
        case .frame(let header, let body):
            precondition(putRemaining == nil, "a frame inside a put")
            precondition(body.readableBytes == header.bodyLength, "body length differs from the header")
            precondition(header.op != 0x04, "a put delivered as a plain frame")
        case .put(let header, let name, let payload):
            precondition(putRemaining == nil)
            precondition(2 + name.utf8.count + payload.readableBytes == header.bodyLength)
            precondition(payload.readableBytes < 16, "a large put was not streamed")
        case .putStart(let header, let name, let length):
            precondition(putRemaining == nil, "a put inside a put")
            precondition(2 + name.utf8.count + length == header.bodyLength)
            precondition(length >= 16)
            putRemaining = length
        case .putChunk(let chunk):
            guard let remaining = putRemaining else { preconditionFailure("a put chunk outside a put") }
            precondition(
                chunk.readableBytes > 0 && chunk.readableBytes <= remaining, "chunk overruns the put")
            putRemaining = remaining - chunk.readableBytes
        case .putEnd:
            precondition(putRemaining == 0, "a put ended before its payload did")
            putRemaining = nil
        case .rejected(let header, _, let message):
            precondition(putRemaining == nil)
            precondition(header.bodyLength >= 0 && !message.isEmpty)
        }
    }

    /// Deterministic piece sizes from the input's first byte: 1 to 64 bytes.
    private struct PieceSizes {
        var state: UInt32
        init(seed: UInt8) { state = UInt32(seed) &* 2_654_435_761 | 1 }
        mutating func next() -> Int {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return Int(state % 64) + 1
        }
    }
}

#if FUZZING
    /// libFuzzer's driver; its own `main` is not used because SwiftPM links executables
    /// through the module's entry point below.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        WireFuzzing.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    @_cdecl("PoserTalkrFuzz_main")

    func fuzzMain(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in
            WireFuzzing.run(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }
#else

    /// Without libFuzzer: replays the given corpus files or folders once (a regression run).
    @main
    struct ReplayCorpus {
        static func main() throws {
            var files: [URL] = []
            for argument in CommandLine.arguments.dropFirst() {
                let url = URL(fileURLWithPath: argument)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
                    isFolder.boolValue
                {
                    files += try FileManager.default.contentsOfDirectory(
                        at: url, includingPropertiesForKeys: nil)
                } else {
                    files.append(url)
                }
            }
            for file in files {
                let data = try Data(contentsOf: file)
                data.withUnsafeBytes { WireFuzzing.run($0) }
            }
            print("replayed \(files.count) inputs without a finding")
        }
    }
#endif
