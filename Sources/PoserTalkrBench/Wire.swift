import NIOCore

/// The few framed-protocol bytes the benchmark writes itself.
enum Wire {
    static let preamble: [UInt8] = [0x00, 0x50, 0x54, 0x4B, 0x52, 0x01, 0x00, 0x00]

    static func frame(op: UInt8, id: UInt64, body: [UInt8], flags: UInt8 = 0) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(16 + body.count)
        buffer.writeInteger(UInt32(12 + body.count))
        buffer.writeInteger(op)
        buffer.writeInteger(flags)
        buffer.writeInteger(UInt16(0))
        buffer.writeInteger(id)
        buffer.writeBytes(body)
        return buffer
    }

    static func eval(_ text: String, id: UInt64 = 1) -> ByteBuffer {
        frame(op: 0x01, id: id, body: Array(text.utf8))
    }
    static func exec(_ text: String, id: UInt64 = 1) -> ByteBuffer {
        frame(op: 0x02, id: id, body: Array(text.utf8))
    }
    static func get(_ text: String, id: UInt64 = 1) -> ByteBuffer {
        frame(op: 0x05, id: id, body: Array(text.utf8))
    }
    static func session(_ name: String, id: UInt64 = 1) -> ByteBuffer {
        frame(op: 0x08, id: id, body: Array(name.utf8))
    }

    /// The header of a PUT of `payloadLength` bytes bound to `name` (the payload follows).
    static func putHeader(name: String, payloadLength: Int, id: UInt64 = 1) -> ByteBuffer {
        let nameBytes = Array(name.utf8)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(12 + 2 + nameBytes.count + payloadLength))
        buffer.writeInteger(UInt8(0x04))
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt16(0))
        buffer.writeInteger(id)
        buffer.writeInteger(UInt16(nameBytes.count))
        buffer.writeBytes(nameBytes)
        return buffer
    }
}
