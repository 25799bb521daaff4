import Logging
import NIOCore
import PoserTalkrWire

/// Serves one raw-mode connection: a thin NIO handler over `RawConnectionMachine`. It
/// collects each read burst, feeds the machine bursts, replies, timers and channel events,
/// and carries out what the machine decides.
final class RawConnectionHandler: ChannelInboundHandler, DeliveryReceiver {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let link: ConnectionLink
    private var machine: RawConnectionMachine
    private var context: ChannelHandlerContext?
    /// The bytes of the read burst under way (every read before `channelReadComplete`).
    private var burst: ByteBuffer?
    private var timer: Scheduled<Void>?
    private var closeRequested = false
    /// Whether the interpreter thread may send replies itself (`DirectReplySocket`).
    private let directReplies: Bool

    /// `plaintext`: no TLS handler sits in front (only then may replies go out directly).
    init(services: ConnectionServices, plaintext: Bool) {
        link = ConnectionLink(services: services)
        directReplies = plaintext && services.directReplies
        machine = RawConnectionMachine(
            authenticationRequired: services.authenticator != nil,
            maxInFlight: services.limits.maxInFlightPerConnection,
            assembler: RawCommandAssembler(
                maxPacketLength: services.limits.maxPacketLength,
                settleDelay: TimeAmount(services.limits.rawSettleDelay)),
            maxBytesBeforeAuthentication: services.limits.maxBytesBeforeAuthentication)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        link.start(
            receiver: self, channel: context.channel, mode: "raw", directReplies: directReplies ? .raw : nil)
        machine.endpointID = link.endpoint.map { ObjectIdentifier($0) }
        if !machine.core.isAuthenticated {
            link.scheduleAuthenticationTimeout(context: context) {
                self.machine.authenticationTimedOut()
                self.run()
            }
        }
        machine.started()
        run()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if burst == nil {
            burst = bytes
        } else {
            burst!.writeBuffer(&bytes)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        catchUp()
        endBurst()
        run()
        context.fireChannelReadComplete()
    }

    private func endBurst() {
        guard let bytes = burst else { return }
        burst = nil
        machine.burst(bytes)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed:
            catchUp()
            endBurst()
            machine.inputClosed()
            run()
        case is ChannelShouldQuiesceEvent:
            catchUp()
            machine.quiesce()
            run()
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        catchUp()
        link.endpoint?.channelWritabilityChanged(isWritable: context.channel.isWritable)
        machine.writabilityChanged(isWritable: context.channel.isWritable)
        run()
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        link.channelInactive(mode: "raw")
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        link.stop()
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        link.logger.debug("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func receive(_ deliveries: [Delivery]) {
        guard let context, context.channel.isActive else {
            link.giveBack(deliveries)
            return
        }
        absorb(deliveries, context: context)
        run()
    }

    /// Takes the socket back from the interpreter thread and hears what it sent meanwhile:
    /// first thing whenever the handler is about to act. The lease goes first: a command
    /// still running that it read is owed before any reply it sent directly is heard of
    /// (given back while it ran, its reply may have gone out through the socket as well).
    private func catchUp() {
        guard let context, context.channel.isActive else { return }
        recallLease(context: context)
        link.catchUp { absorb($0, context: context) }
    }

    /// Takes the socket back from a lease: drops the bytes its commands were (from what NIO
    /// read first, then from the socket), writes what the socket did not take of its last
    /// reply, owes the reply of a command still running, and reads again.
    private func recallLease(context: ChannelHandlerContext) {
        guard let (lease, recall) = link.takeBackLease() else { return }
        var handled = recall.handledBytes
        if handled > 0, var bytes = burst {
            let dropped = min(handled, bytes.readableBytes)
            bytes.moveReaderIndex(forwardBy: dropped)
            burst = bytes.readableBytes > 0 ? bytes : nil
            handled -= dropped
        }
        if handled > 0 { lease.discardHandled(handled) }
        if let rest = recall.rest { context.writeAndFlush(wrapOutboundOut(rest), promise: nil) }
        if recall.inFlight != nil { machine.adoptLeasedRequest() }
        if !machine.core.isReadPaused { link.readAgain(context: context) }
    }

    private func absorb(_ deliveries: [Delivery], context: ChannelHandlerContext) {
        for case .sentInPart(_, let rest) in deliveries {
            context.writeAndFlush(wrapOutboundOut(rest), promise: nil)
        }
        machine.received(deliveries)
    }

    // MARK: Actions

    /// Carries out what the machine decided: one write for all the text, then closes the
    /// connection once it owes nothing. Requests go to the interpreter last, once it is
    /// settled whether their reply may go out directly.
    private func run() {
        guard let context else { return }
        catchUp()
        var buffer: ByteBuffer?
        var written: [Reply] = []
        var submissions: [Submission] = []
        while let action = machine.nextAction() {
            switch action {
            case .checkToken(let token):
                machine.authenticationChecked(
                    refusal: link.authenticate(mode: "raw") { $0.verify(token: token) })
            case .attachSession:
                do {
                    let kept = try link.attachAddressSession()
                    if !kept.isEmpty {
                        link.logger.debug(
                            "delivering replies kept for the session", metadata: ["count": "\(kept.count)"])
                    }
                    machine.sessionAttached(kept: kept)
                } catch {
                    machine.refuse("\(error)")
                }
            case .submit(let operation, let source, let mayContinue):
                submissions.append(
                    Submission(
                        requestID: 0, operation: Request.Operation(operation), source: source,
                        mayContinue: mayContinue))
            case .write(let output):
                if buffer == nil { buffer = context.channel.allocator.buffer(capacity: 64) }
                switch output {
                case .reply(let reply):
                    if RawReplyEncoder.write(reply, into: &buffer!) { written.append(reply) }
                case .text(let message):
                    buffer!.writeString("posertalkr: \(message)\n")
                }
            case .armTimer(let delay):
                timer?.cancel()
                timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.timer = nil
                    self.machine.timerFired()
                    self.run()
                }
            case .setReading(let on):
                try? context.channel.syncOptions?.setOption(.autoRead, value: on)
                if on { context.read() }
            }
        }
        if let buffer, buffer.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
        var offered: SocketLease?
        if directReplies,
            link.offerDirectReply(
                onlyReplyOwed: machine.awaitsOneReplyOnly, unsubmitted: submissions.count,
                channel: context.channel),
            submissions.count == 1, !submissions[0].mayContinue, timer == nil, burst == nil
        {
            offered = link.offerLease(
                wire: .raw(
                    commandLimit: min(
                        RawCommandAssembler.shortLineLimit, link.services.limits.maxPacketLength)),
                context: context, rerun: { self.run() })
        }
        for submission in submissions {
            link.submit(submission, streamingOn: context.eventLoop, lease: offered)
        }
        if machine.core.closing == .clientFinished {
            link.writtenAfterClientFinished(written, context: context) { self.run() }
        }
        if machine.mayClose, link.isAcknowledged, !closeRequested, context.channel.isActive {
            // Close once everything written reached the socket.
            closeRequested = true
            timer?.cancel()
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }
}
