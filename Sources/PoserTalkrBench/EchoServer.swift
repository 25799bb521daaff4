import NIOCore
import NIOPosix

/// The floor: a minimal server that does no Python at all. It answers every request with
/// as many bytes as it was sent (echo). It also starts the plain-copy floor for the
/// large-data scenarios (`PlainCopyServer`) and announces both ports.
enum EchoServer {
    static func run(port: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20)
            )
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler())
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        let plainPort = try PlainCopyServer.start()
        say("echo listening on 127.0.0.1:\(channel.localAddress?.port ?? 0) plain-copy \(plainPort)")
        try await channel.closeFuture.get()
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private enum Mode {
            case undecided, echo
            case upload(left: Int?)
            case download
        }

        private var mode = Mode.undecided
        private var header = ByteBuffer()
        private var downloadLeft = 0
        /// What downloads are made of; shared, so idle connections cost only their sockets.
        private static let slice = ByteBuffer(repeating: 0x5A, count: 1 << 20)
        private var slice: ByteBuffer { Self.slice }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            if case .undecided = mode, let first = bytes.readableBytesView.first {
                mode =
                    first == UInt8(ascii: "U")
                    ? .upload(left: nil) : first == UInt8(ascii: "D") ? .download : .echo
            }
            switch mode {
            case .echo, .undecided:
                context.write(wrapOutboundOut(bytes), promise: nil)
            case .upload(var left):
                if left == nil {
                    header.writeBuffer(&bytes)
                    guard header.readableBytes >= 9 else { return }
                    header.moveReaderIndex(forwardBy: 1)
                    left = Int(header.readInteger(as: UInt64.self)!) - header.readableBytes
                    header.clear()
                } else {
                    left! -= bytes.readableBytes
                }
                mode = .upload(left: left)
                if left! <= 0 {
                    context.writeAndFlush(
                        wrapOutboundOut(context.channel.allocator.buffer(string: "K")), promise: nil)
                    mode = .undecided
                }
            case .download:
                header.writeBuffer(&bytes)
                guard header.readableBytes >= 9 else { return }
                header.moveReaderIndex(forwardBy: 1)
                downloadLeft = Int(header.readInteger(as: UInt64.self)!)
                header.clear()
                mode = .undecided
                pump(context: context)
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable { pump(context: context) }
        }

        private func pump(context: ChannelHandlerContext) {
            while downloadLeft > 0, context.channel.isWritable {
                let size = min(downloadLeft, slice.readableBytes)
                context.writeAndFlush(wrapOutboundOut(slice.getSlice(at: 0, length: size)!), promise: nil)
                downloadLeft -= size
            }
        }
    }
}
