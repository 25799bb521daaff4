import CPython
import CPythonGlue
import Foundation
import NIOCore
import NIOPosix
import PythonHost

/// The zero-hand-off floor: one NIO event loop whose thread is also Python's, evaluating each
/// raw command (`=expr` line or packet) where it reads it and answering `repr(result)`. It is the design in which
/// the interpreter thread serves quiet connections itself ("Why not the other half" in
/// Benchmarks/README.md) with nothing else in it: no protocol machine, no sessions, no output
/// capture, no second thread. Raw mode only; the GIL is let go between reads, as the real
/// interpreter thread must so that Python threads of client code run.
enum InlinePythonServer {
    static func run(port: Int) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let evaluator = try await loop.submit {
            NIOLoopBound(try Evaluator(), eventLoop: loop)
        }.get()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(evaluator: evaluator))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        say("inline Python listening on 127.0.0.1:\(channel.localAddress?.port ?? 0)")
        try await channel.closeFuture.get()
    }

    /// CPython on the event loop's thread, with a code cache as PoserTalkr keeps one.
    final class Evaluator {
        private let interpreter: PythonInterpreter
        private let globals: PythonObject
        private var codes: [String: PythonObject] = [:]
        /// The GIL while no read is being answered (`PyEval_SaveThread`'s state).
        private var released: UnsafeMutablePointer<PyThreadState>?

        init() throws {
            interpreter = try PythonInterpreter.start(
                PythonConfiguration(environment: ProcessInfo.processInfo.environment))
            globals = try PythonObject.checked(PyDict_New())
            PyDict_SetItemString(globals.pointer, "__builtins__", PyEval_GetBuiltins())
            released = PyEval_SaveThread()
        }

        /// Takes the GIL for the length of `body` (one read's worth of lines).
        func withGIL<T>(_ body: () -> T) -> T {
            PyEval_RestoreThread(released)
            defer { released = PyEval_SaveThread() }
            return body()
        }

        /// `repr` of `expression`'s value, or the exception's type name. GIL held.
        func answer(_ expression: String) -> String {
            do throws(PythonError) {
                let code: PythonObject
                if let cached = codes[expression] { code = cached } else { code = try compile(expression) }
                let value = try PythonObject.checked(
                    PyEval_EvalCode(code.pointer, globals.pointer, globals.pointer))
                return try value.repr()
            } catch {
                return "error: \(error)".split(separator: "\n").joined(separator: " | ")
            }
        }

        private func compile(_ expression: String) throws(PythonError) -> PythonObject {
            let code = try PythonObject.checked(Py_CompileString(expression, "<client>", Py_eval_input))
            codes[expression] = code
            return code
        }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let evaluator: NIOLoopBound<Evaluator>
        private var pending = ByteBuffer()
        private var answers = ByteBuffer()

        init(evaluator: NIOLoopBound<Evaluator>) {
            self.evaluator = evaluator
        }

        /// Each line is a command, and so is what a read leaves after its last newline (a
        /// packet without one, as the original client sends them).
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            pending.writeBuffer(&bytes)
            let evaluator = evaluator.value
            evaluator.withGIL {
                while pending.readableBytes > 0 {
                    let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n"))
                    var line = pending.readString(
                        length: (newline ?? pending.writerIndex) - pending.readerIndex)!
                    if newline != nil { pending.moveReaderIndex(forwardBy: 1) }
                    if line.hasPrefix("=") { line.removeFirst() }
                    answers.writeString(evaluator.answer(line))
                    answers.writeInteger(UInt8(ascii: "\n"))
                }
            }
            pending.clear()
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            guard answers.readableBytes > 0 else { return }
            context.writeAndFlush(wrapOutboundOut(answers), promise: nil)
            answers = context.channel.allocator.buffer(capacity: 64)
        }
    }
}
