import DequeModule
import Histogram
import NIOCore
import NIOPosix

/// One benchmark connection. Request loops run inside its channel handler, on the event
/// loop, so that measuring adds as little as possible to what is measured: a response is
/// timed and the next request written in the same callback.
final class LoadConnection: Sendable {
    let channel: Channel
    private let driver: NIOLoopBound<Driver>

    private init(channel: Channel, driver: NIOLoopBound<Driver>) {
        self.channel = channel
        self.driver = driver
    }

    static func connect(
        group: EventLoopGroup, port: Int, source: String? = nil,
        counter: @escaping @Sendable () -> any ResponseCounter
    ) async throws -> LoadConnection {
        var bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 4096, maximum: 1 << 20)
            )
            .channelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap.channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(Driver(counter: counter()))
            }
        }.connect(host: "127.0.0.1", port: port).get()
        let driver = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: Driver.self), eventLoop: channel.eventLoop)
        }.get()
        return LoadConnection(channel: channel, driver: driver)
    }

    /// Sends `requests` and waits for `responses` answers (untimed: handshakes, setup).
    func exchange(_ requests: [ByteBuffer], responses: Int) async throws {
        _ = try await run(Job(requests: requests, expected: responses))
    }

    /// `count` requests, `window` of them in flight at a time (1: one after the other), or
    /// as many as fit before `deadline`. Returns the latencies (ns) and the elapsed time.
    func loop(_ request: ByteBuffer, count: Int = .max, window: Int = 1, until deadline: NIODeadline? = nil)
        async throws -> (Histogram<UInt64>, Duration)
    {
        try await run(Job(loop: request, count: count, window: window, deadline: deadline))
    }

    /// Writes `header` then `payloadLength` bytes from `payload` (repeated), as the socket
    /// drains, and waits for one response. Returns the time from the first byte to it.
    func upload(header: ByteBuffer, payload: ByteBuffer, payloadLength: Int) async throws -> Duration {
        try await run(Job(upload: header, payload: payload, length: payloadLength)).1
    }

    private func run(_ job: Job) async throws -> (Histogram<UInt64>, Duration) {
        let promise = channel.eventLoop.makePromise(of: Result.self)
        channel.eventLoop.execute { [driver] in driver.value.start(job, promise: promise) }
        let result = try await promise.futureResult.get()
        return (result.histogram, result.elapsed)
    }

    func close() async {
        try? await channel.close()
    }

    struct Result: Sendable {
        let histogram: Histogram<UInt64>
        let elapsed: Duration
    }

    struct Job: Sendable {
        var pending: Deque<ByteBuffer> = []
        var loopRequest: ByteBuffer?
        var remaining = 0
        var window = 1
        var deadline: NIODeadline?
        var expected = 0
        var upload: (payload: ByteBuffer, left: Int)?

        init(requests: [ByteBuffer], expected: Int) {
            pending = Deque(requests)
            self.expected = expected
            window = .max
        }

        init(loop request: ByteBuffer, count: Int, window: Int, deadline: NIODeadline?) {
            loopRequest = request
            remaining = count
            self.window = window
            self.deadline = deadline
        }

        init(upload header: ByteBuffer, payload: ByteBuffer, length: Int) {
            pending = [header]
            upload = (payload, length)
            expected = 1
            window = .max
        }
    }

    /// The handler that runs jobs on the event loop.
    final class Driver: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private var counter: any ResponseCounter
        private var context: ChannelHandlerContext?
        private var job: Job?
        private var promise: EventLoopPromise<Result>?
        private var sentAt: Deque<UInt64> = []
        private var outstanding = 0
        private var answered = 0
        private var histogram = Histogram<UInt64>(highestTrackableValue: 120_000_000_000)
        private var started = NIODeadline.now()

        init(counter: any ResponseCounter) { self.counter = counter }

        func handlerAdded(context: ChannelHandlerContext) { self.context = context }

        func start(_ job: Job, promise: EventLoopPromise<Result>) {
            guard let context else {
                promise.fail(ChannelError.ioOnClosedChannel)
                return
            }
            self.job = job
            self.promise = promise
            sentAt.removeAll()
            outstanding = 0
            answered = 0
            histogram.reset()
            started = .now()
            refill(context: context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            let complete = counter.consume(&bytes)
            guard complete > 0, job != nil else { return }
            let now = NIODeadline.now().uptimeNanoseconds
            for _ in 0..<complete {
                if let sent = sentAt.popFirst() { _ = histogram.record(now &- sent) }
                outstanding -= 1
                answered += 1
            }
            refill(context: context)
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable, job != nil { refill(context: context) }
            context.fireChannelWritabilityChanged()
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise?.fail(ChannelError.eof)
            promise = nil
            job = nil
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            promise?.fail(error)
            promise = nil
            job = nil
            context.close(promise: nil)
        }

        private func refill(context: ChannelHandlerContext) {
            guard var job else { return }
            var wrote = false
            let now = NIODeadline.now()
            while let next = job.pending.popFirst() {
                context.write(wrapOutboundOut(next), promise: nil)
                sentAt.append(now.uptimeNanoseconds)
                outstanding += 1
                wrote = true
            }
            if var upload = job.upload {
                while upload.left > 0, context.channel.isWritable {
                    let size = min(upload.left, upload.payload.readableBytes)
                    context.writeAndFlush(
                        wrapOutboundOut(
                            upload.payload.getSlice(at: upload.payload.readerIndex, length: size)!),
                        promise: nil)
                    upload.left -= size
                }
                job.upload = upload.left > 0 ? upload : nil
                outstanding = 1
            }
            if let request = job.loopRequest {
                let timeLeft = job.deadline.map { now < $0 } ?? true
                while outstanding < job.window, job.remaining > 0, timeLeft {
                    context.write(wrapOutboundOut(request), promise: nil)
                    sentAt.append(NIODeadline.now().uptimeNanoseconds)
                    outstanding += 1
                    job.remaining -= 1
                    wrote = true
                }
                if !timeLeft { job.remaining = 0 }
            }
            if wrote { context.flush() }
            self.job = job
            let done =
                job.loopRequest != nil
                ? (outstanding == 0 && job.remaining == 0) : (job.upload == nil && answered >= job.expected)
            if done {
                self.job = nil
                let elapsed = NIODeadline.now() - started
                promise?.succeed(Result(histogram: histogram, elapsed: .nanoseconds(elapsed.nanoseconds)))
                promise = nil
            }
        }
    }
}
