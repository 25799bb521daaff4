import NIOCore
import PoserTalkrWire

/// Writes the server's frames (docs/PROTOCOL.md), appending to a buffer so that a batch of
/// replies becomes one write.
enum FrameEncoder {
    /// The 16 bytes before a body: length, op, flags, reserved, id.
    static func writeHeader(
        _ op: FramedProtocol.Operation, flags: UInt8 = 0, requestID: UInt64, bodyLength: Int,
        into buffer: inout ByteBuffer
    ) {
        // One write for the five fields: each `writeInteger` checks capacity and uniqueness.
        buffer.writeMultipleIntegers(
            UInt32(FramedProtocol.headerLength + bodyLength), op.rawValue, flags, UInt16(0), requestID)
    }

    /// The printed output that opens OK and ERROR bodies: each stream's length, then its text
    /// (both zero lengths in one write when nothing was printed, as for most requests).
    private static func writeOutput(
        _ stdout: String.UTF8View, _ stderr: String.UTF8View, into buffer: inout ByteBuffer
    ) {
        if stdout.isEmpty, stderr.isEmpty {
            buffer.writeInteger(UInt64(0))
            return
        }
        buffer.writeInteger(UInt32(stdout.count))
        buffer.writeBytes(stdout)
        buffer.writeInteger(UInt32(stderr.count))
        buffer.writeBytes(stderr)
    }

    /// An OK frame. With `resultLength` set, the result bytes are not written here: the
    /// caller sends them right after (large results go out straight from Python's memory).
    static func ok(
        requestID: UInt64, kind: FramedProtocol.ResultKind, output: CapturedOutput, result: ByteBuffer?,
        resultLength: Int? = nil, into buffer: inout ByteBuffer
    ) {
        let stdout = output.stdout.utf8
        let stderr = output.stderr.utf8
        let resultBytes = resultLength ?? result?.readableBytes ?? 0
        let body = 4 + stdout.count + 4 + stderr.count + resultBytes
        writeHeader(.ok, flags: kind.rawValue, requestID: requestID, bodyLength: body, into: &buffer)
        writeOutput(stdout, stderr, into: &buffer)
        if resultLength == nil, var result { buffer.writeBuffer(&result) }
    }

    static func okText(
        requestID: UInt64, _ text: String, output: CapturedOutput = .empty, into buffer: inout ByteBuffer
    ) {
        let stdout = output.stdout.utf8
        let stderr = output.stderr.utf8
        let value = text.utf8
        writeHeader(
            .ok, flags: FramedProtocol.ResultKind.text.rawValue, requestID: requestID,
            bodyLength: 8 + stdout.count + stderr.count + value.count, into: &buffer)
        writeOutput(stdout, stderr, into: &buffer)
        buffer.writeBytes(value)
    }

    static func error(
        requestID: UInt64, _ failure: Failure, output: CapturedOutput, into buffer: inout ByteBuffer
    ) {
        let stdout = output.stdout.utf8
        let stderr = output.stderr.utf8
        let type = failure.typeName.utf8
        let message = failure.message.utf8
        let traceback = failure.traceback.utf8
        let body =
            2 + 4 + stdout.count + 4 + stderr.count + 2 + type.count + 4 + message.count + traceback.count
        writeHeader(.error, requestID: requestID, bodyLength: body, into: &buffer)
        buffer.writeInteger(failure.code.rawValue)
        writeOutput(stdout, stderr, into: &buffer)
        buffer.writeInteger(UInt16(type.count))
        buffer.writeBytes(type)
        buffer.writeInteger(UInt32(message.count))
        buffer.writeBytes(message)
        buffer.writeBytes(traceback)
    }

    static func output(requestID: UInt64, _ chunk: OutputChunk, into buffer: inout ByteBuffer) {
        text(
            .output, flags: chunk.isStderr ? FramedProtocol.stderrFlag : 0, requestID: requestID, chunk.text,
            into: &buffer)
    }

    static func notice(_ message: String, orphanReply: Bool = false, into buffer: inout ByteBuffer) {
        text(
            .notice, flags: orphanReply ? FramedProtocol.orphanReplyFlag : 0, requestID: 0, message,
            into: &buffer)
    }

    static func hello(json: String, into buffer: inout ByteBuffer) {
        text(.hello, requestID: 0, json, into: &buffer)
    }

    private static func text(
        _ op: FramedProtocol.Operation, flags: UInt8 = 0, requestID: UInt64, _ text: String,
        into buffer: inout ByteBuffer
    ) {
        let bytes = text.utf8
        writeHeader(op, flags: flags, requestID: requestID, bodyLength: bytes.count, into: &buffer)
        buffer.writeBytes(bytes)
    }
}
