import Foundation
import Logging
import NIOCore
import PoserTalkrWire

/// Serves one framed connection (docs/PROTOCOL.md): a thin NIO handler over
/// `FramedConnectionMachine`. It parses frames, feeds the machine what the parser, the
/// interpreter and the channel report, and carries out the actions the machine decides.
final class FramedConnectionHandler: ChannelInboundHandler, DeliveryReceiver {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Settings: Sendable {
        var maxFrameLength: Int
        var streamThreshold: Int = 64 << 10
        var serverVersion: String
        var pythonVersion: String
    }

    private let settings: Settings
    private let link: ConnectionLink
    private var machine: FramedConnectionMachine
    private var parser: FrameParser
    private var writer = FrameWriter(allocator: ByteBufferAllocator())
    private let cancellations = CancelledRequests()
    private var context: ChannelHandlerContext?
    /// The challenge sent in HELLO, until the client answered it.
    private var challenge: [UInt8]?
    /// Inside `channelRead` and before `channelReadComplete`: flushing waits for the latter.
    private var reading = false
    private var closeRequested = false
    /// Whether the interpreter thread may send replies itself (`DirectReplySocket`).
    private let directReplies: Bool
    /// Requests of the current `run`, handed to the interpreter at its end.
    private var submissions: [Submission] = []
    /// The last request sent to the interpreter streams its output.
    private var lastSubmissionStreams = false
    /// Bytes at the head of what NIO reads next that were commands of a lease: dropped.
    private var leasedBytesToDrop = 0

    /// `plaintext`: no TLS handler sits in front (only then may replies go out directly).
    init(services: ConnectionServices, settings: Settings, plaintext: Bool) {
        self.settings = settings
        directReplies = plaintext && services.directReplies
        link = ConnectionLink(services: services)
        machine = FramedConnectionMachine(
            authenticationRequired: services.authenticator != nil,
            maxInFlight: services.limits.maxInFlightPerConnection)
        // Until the client authenticated only a short AUTH or PING is valid: a larger frame is
        // refused at its length field, before any of its body is held.
        let limitBeforeAuthentication = min(
            settings.maxFrameLength, services.limits.maxBytesBeforeAuthentication)
        parser = FrameParser(
            maxFrameLength: services.authenticator == nil
                ? settings.maxFrameLength : limitBeforeAuthentication,
            streamThreshold: settings.streamThreshold)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        writer = FrameWriter(allocator: context.channel.allocator)
        link.start(
            receiver: self, channel: context.channel, mode: "framed",
            directReplies: directReplies ? .framed : nil)
        machine.endpointID = link.endpoint.map { ObjectIdentifier($0) }
        if !machine.core.isAuthenticated {
            link.scheduleAuthenticationTimeout(context: context) {
                self.machine.authenticationTimedOut()
                self.run()
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !machine.core.isRefused else { return }
        reading = true
        catchUp()
        var bytes = unwrapInboundIn(data)
        if leasedBytesToDrop > 0 {
            let dropped = min(leasedBytesToDrop, bytes.readableBytes)
            bytes.moveReaderIndex(forwardBy: dropped)
            leasedBytesToDrop -= dropped
            guard bytes.readableBytes > 0 else { return }
        }
        do {
            for event in try parser.feed(bytes) { machine.read(event) }
        } catch {
            machine.framingFailed(error)
        }
        run()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        run()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        catchUp()
        link.endpoint?.channelWritabilityChanged(isWritable: context.channel.isWritable)
        if context.channel.isWritable { handBuffersOver(context: context) }
        machine.writabilityChanged(isWritable: context.channel.isWritable)
        run()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        catchUp()
        switch event {
        case ChannelEvent.inputClosed:
            if parser.isInsideFrame {
                link.logger.debug("the client closed in the middle of a frame; the partial frame is dropped")
            }
            machine.inputClosed(insideFrame: parser.isInsideFrame)
            run()
        case is ChannelShouldQuiesceEvent:
            machine.quiesce()
            run()
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        link.channelInactive(mode: "framed")
        writer.discard()
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

    // MARK: Replies in

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

    /// The largest frame the interpreter thread reads itself; a bridge's longer scripts
    /// take the event loop's path, where their size matters more than a hand-off.
    static let longestLeasedFrame = 16 << 10

    /// Takes the socket back from a lease: the bytes its commands were are dropped from
    /// what NIO reads next, what the socket did not take of its last reply is written, the
    /// reply of a command still running is owed, and NIO reads again.
    private func recallLease(context: ChannelHandlerContext) {
        guard let (_, recall) = link.takeBackLease() else { return }
        leasedBytesToDrop += recall.handledBytes
        if let rest = recall.rest { context.writeAndFlush(wrapOutboundOut(rest), promise: nil) }
        if let requestID = recall.inFlight { machine.adoptLeasedRequest(requestID: requestID) }
        if !machine.core.isReadPaused { link.readAgain(context: context) }
    }

    private func absorb(_ deliveries: [Delivery], context: ChannelHandlerContext) {
        for delivery in deliveries {
            switch delivery {
            case .sent(let reply):
                cancellations.forget(reply.requestID)
            case .sentInPart(let reply, let rest):
                cancellations.forget(reply.requestID)
                context.writeAndFlush(wrapOutboundOut(rest), promise: nil)
            case .reply, .output, .accepted:
                break
            }
        }
        machine.received(deliveries)
    }

    // MARK: Actions

    /// Carries out what the machine decided, then flushes (unless a read is under way) and
    /// closes the connection once it owes nothing. Requests go to the interpreter last, once
    /// it is settled whether their reply may go out directly.
    private func run() {
        guard let context else { return }
        catchUp()
        var writtenAfterClientFinished: [Reply] = []
        while let action = machine.nextAction() {
            if case .write(let output) = action {
                if case .final(let reply) = output { cancellations.forget(reply.requestID) }
                if machine.core.closing == .clientFinished, let reply = output.reply {
                    writtenAfterClientFinished.append(reply)
                }
            }
            perform(action, context: context)
        }
        if !reading || machine.core.isRefused { handBuffersOver(context: context) }
        // The offer and the requests wait for the read's end (at once when a read did not fill
        // its buffer): offered earlier, the socket would be taken back by that `run`, and a
        // reply ready before the second offer would take the event loop's path.
        var offered: SocketLease?
        if directReplies, !reading,
            link.offerDirectReply(
                onlyReplyOwed: machine.awaitsOneReplyOnly && writer.isEmpty && !lastSubmissionStreams,
                unsubmitted: submissions.count, channel: context.channel),
            submissions.count == 1, !parser.isInsideFrame, leasedBytesToDrop == 0, !machine.core.isRefused
        {
            offered = link.offerLease(
                wire: .framed(
                    commandLimit: min(Self.longestLeasedFrame, 4 + settings.maxFrameLength),
                    cancellations: cancellations),
                context: context, rerun: { self.run() })
        }
        if !reading, !submissions.isEmpty {
            let batch = submissions
            submissions.removeAll(keepingCapacity: true)
            for submission in batch {
                link.submit(
                    submission, streamingOn: context.eventLoop, cancellations: cancellations, lease: offered)
            }
        }
        link.writtenAfterClientFinished(writtenAfterClientFinished, context: context) { self.run() }
        if machine.mayClose(writerBusy: writer.isBusy), link.isAcknowledged, !closeRequested,
            context.channel.isActive
        {
            // Close once everything written reached the socket.
            closeRequested = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }

    private func perform(_ action: FramedConnectionMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .sendHello:
            sendHello(context: context)
        case .checkAuthentication(let requestID, let response):
            let challenge = self.challenge ?? []
            let refusal = link.authenticate(mode: "framed") {
                $0.verify(response: response, challenge: challenge)
            }
            if refusal == nil {
                self.challenge = nil
                parser.maxFrameLength = settings.maxFrameLength
            }
            machine.authenticationChecked(requestID: requestID, refusal: refusal)
        case .attachSession:
            do {
                machine.sessionAttached(kept: try link.attachAddressSession())
            } catch {
                machine.refuse(.limitReached, "\(error)", requestID: 0)
            }
        case .submit(let submission) where directReplies:
            // Sent at the end of the read's `run`, after the grant for its reply is offered.
            submissions.append(submission)
            lastSubmissionStreams = submission.streams
        case .submit(let submission):
            link.submit(submission, streamingOn: context.eventLoop, cancellations: cancellations)
        case .allocatePutStorage(let requestID, let length):
            link.services.interpreter.allocatePutStorage(count: length, on: context.eventLoop)
                .assumeIsolated().whenComplete { result in
                    self.machine.putStorageArrived(
                        requestID: requestID, result.mapError { $0 as? Failure ?? .notRun })
                    self.run()
                }
        case .interrupt(let requestID, let target):
            machine.interrupted(requestID: requestID, target: target, wasRunning: interrupt(target))
        case .switchSession(let requestID, let name):
            machine.sessionSwitched(requestID: requestID, to: link.switchSession(named: name))
        case .write(let output):
            writer.write(output)
        case .setReading(let on):
            try? context.channel.syncOptions?.setOption(.autoRead, value: on)
            if on { context.read() }
        }
    }

    /// Interrupts the session's running request, or request `target` of this connection
    /// (cancelling it first, in case it has not started). Whether it was running.
    private func interrupt(_ target: UInt64?) -> Bool {
        let interpreter = link.services.interpreter
        guard let target else {
            guard let session = link.session else { return false }
            return interpreter.interruptRunningRequest(sessionID: session.id, reason: .clientRequest)
        }
        guard let endpoint = link.endpoint else { return false }
        cancellations.cancel(target)
        return interpreter.interruptRunningRequest(
            target: RequestTarget(endpoint: endpoint, requestID: target), reason: .clientRequest)
    }

    private func sendHello(context: ChannelHandlerContext) {
        challenge = link.services.authenticator?.makeChallenge()
        let hello = ServerHello(
            server: "PoserTalkr", version: settings.serverVersion, protocol: Int(FramedProtocol.version),
            python: settings.pythonVersion, session: link.services.addressSessionKey.description,
            maxFrame: settings.maxFrameLength, auth: challenge != nil ? "hmac-sha256" : nil,
            challenge: challenge.map { $0.map { String(format: "%02x", $0) }.joined() })
        writer.writeHello(json: hello.json)
    }

    /// Writes what the writer has for the channel, and flushes.
    private func handBuffersOver(context: ChannelHandlerContext) {
        var wrote = false
        while let buffer = writer.next(channelIsWritable: context.channel.isWritable) {
            context.write(wrapOutboundOut(buffer), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
    }
}
