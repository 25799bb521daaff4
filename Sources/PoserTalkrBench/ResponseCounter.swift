import NIOCore

/// Counts complete responses in a byte stream, for the load driver. Each protocol the
/// benchmark speaks has one.
protocol ResponseCounter {
    /// Consumes `bytes`; returns how many responses they completed.
    mutating func consume(_ bytes: inout ByteBuffer) -> Int
}

/// Raw-mode replies to `=expr`: one line each.
struct LineCounter: ResponseCounter {
    mutating func consume(_ bytes: inout ByteBuffer) -> Int {
        let count = bytes.readableBytesView.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        bytes.moveReaderIndex(to: bytes.writerIndex)
        return count
    }
}

/// Fixed-size replies (the echo floor answers with as many bytes as it was sent).
struct ExactSizeCounter: ResponseCounter {
    let size: Int
    private var pending = 0

    init(size: Int) { self.size = size }

    mutating func consume(_ bytes: inout ByteBuffer) -> Int {
        pending += bytes.readableBytes
        bytes.moveReaderIndex(to: bytes.writerIndex)
        let complete = pending / size
        pending %= size
        return complete
    }
}

/// Framed-protocol replies: counts final frames (OK, ERROR), skips HELLO, OUTPUT and NOTICE.
/// Large bodies are skipped as they arrive, never accumulated.
struct FrameCounter: ResponseCounter {
    private var header: ByteBuffer?
    private var skipping = 0
    private var currentIsFinal = false
    /// Total bytes of the bodies of final frames seen (to check transfer sizes).
    private(set) var finalBodyBytes = 0

    mutating func consume(_ bytes: inout ByteBuffer) -> Int {
        var complete = 0
        while bytes.readableBytes > 0 {
            if skipping > 0 {
                let step = min(skipping, bytes.readableBytes)
                bytes.moveReaderIndex(forwardBy: step)
                skipping -= step
                if currentIsFinal { finalBodyBytes += step }
                if skipping == 0, currentIsFinal { complete += 1 }
                continue
            }
            var partial = header ?? ByteBuffer()
            let need = 16 - partial.readableBytes
            var slice = bytes.readSlice(length: min(need, bytes.readableBytes))!
            partial.writeBuffer(&slice)
            guard partial.readableBytes == 16 else {
                header = partial
                break
            }
            header = nil
            let length = Int(partial.getInteger(at: partial.readerIndex, as: UInt32.self)!)
            let op = partial.getInteger(at: partial.readerIndex + 4, as: UInt8.self)!
            currentIsFinal = op == 0x82 || op == 0x83
            skipping = length - 12
            if skipping == 0, currentIsFinal { complete += 1 }
        }
        return complete
    }
}
