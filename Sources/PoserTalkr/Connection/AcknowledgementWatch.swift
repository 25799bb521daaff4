import NIOCore

/// After a client closed its sending side it may have closed completely and cannot read
/// the answers; TCP only tells by resetting the connection. So answers written after the
/// client's close count as delivered only once its TCP stack acknowledged them (polled
/// through TCP_INFO); if the connection goes first, they go back to the session for its next
/// connection.
final class AcknowledgementWatch {
    private(set) var unconfirmed: [Reply] = []
    private var scheduled = false

    /// Nothing written after the client's close waits for its acknowledgement.
    var isSettled: Bool { unconfirmed.isEmpty }

    /// Replies just written after the client's close; `settled` runs on the event loop when
    /// they are acknowledged.
    func written(_ replies: [Reply], context: ChannelHandlerContext, settled: @escaping () -> Void) {
        guard !replies.isEmpty else { return }
        unconfirmed.append(contentsOf: replies)
        poll(context: context, attempt: 0, settled: settled)
    }

    /// The connection went away: what was not acknowledged.
    func takeUnconfirmed() -> [Reply] {
        defer { unconfirmed = [] }
        return unconfirmed
    }

    private func poll(context: ChannelHandlerContext, attempt: Int, settled: @escaping () -> Void) {
        guard !scheduled, let provider = context.channel as? SocketOptionProvider else { return }
        scheduled = true
        let delay = TimeAmount.milliseconds(Int64(min(50, 1 << min(attempt, 6))))
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            provider.getTCPInfo().assumeIsolated().whenComplete { result in
                self.scheduled = false
                guard case .success(let info) = result, context.channel.isActive else { return }
                if info.tcpi_unacked == 0 {
                    self.unconfirmed.removeAll()
                    settled()
                } else if attempt < 400 {
                    self.poll(context: context, attempt: attempt + 1, settled: settled)
                } else {
                    // Twenty seconds without an acknowledgement: the client is gone.
                    context.close(promise: nil)
                }
            }
        }
    }
}
