import NIOCore

/// Raw-mode reply text, as the original sent it: eval and `%` answer their text and a
/// newline, exec answers only what it printed (nothing at all when it printed nothing), and
/// an exception answers its traceback. Printed output always comes first.
enum RawReplyEncoder {
    /// Appends the reply's text to `buffer`; returns false when the reply has no text.
    @discardableResult
    static func write(_ reply: Reply, into buffer: inout ByteBuffer) -> Bool {
        let start = buffer.writerIndex
        if case .notice(let message) = reply.outcome {
            buffer.writeString("posertalkr: \(message)\n")
            return true
        }
        let printed = reply.output.combined
        if !printed.isEmpty { buffer.writeString(printed) }
        switch reply.outcome {
        case .value(let text):
            buffer.writeString(text)
            buffer.writeInteger(UInt8(ascii: "\n"))
        case .completed, .incomplete, .notice:
            break
        case .bytes(let bytes):
            buffer.writeString("<\(bytes.readableBytes) bytes>\n")
        case .exportedBytes(let export):
            buffer.writeString("<\(export.count) bytes>\n")
        case .failed(let failure):
            buffer.writeString(failure.text)
        }
        return buffer.writerIndex > start
    }

    /// The reply's text as a string (for notices on framed connections).
    static func text(of reply: Reply) -> String {
        var buffer = ByteBuffer()
        write(reply, into: &buffer)
        return String(buffer: buffer)
    }
}
