/// Raw-mode reply text, as the original sent it: eval and `%` answer their text and a
/// newline, exec answers only what it printed (nothing at all when it printed nothing), and
/// an exception answers its traceback. Printed output always comes first.
enum RawReplyEncoder {
    static func text(of reply: Reply) -> String {
        let printed = reply.output.combined
        switch reply.outcome {
        case .value(let text): return printed + text + "\n"
        case .completed, .allocated: return printed
        case .bytes(let buffer): return printed + "<\(buffer.readableBytes) bytes>\n"
        case .exportedBytes(let export): return printed + "<\(export.count) bytes>\n"
        case .failed(let failure): return printed + failure.text
        case .notice(let message): return "posertalkr: \(message)\n"
        }
    }
}
