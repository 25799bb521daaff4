import CPython
import CPythonGlue
import Logging
import PythonHost

/// Runs one request against a session's namespace and captures what it printed.
/// Lives on the interpreter thread; every method needs the GIL.
final class RequestExecutor {
    /// The `posertalkr_runtime` module.
    let runtime: PythonObject
    private let chunks: PythonObject
    private let drainOutput: PythonObject
    private let newNamespace: PythonObject
    private let resolveAndDescribe: PythonObject
    private let runFile: PythonObject
    /// `sys.stdout`, `sys.stderr`, `sys.stdin` as the server set them.
    /// `sys` attribute names (NUL-terminated literals: no C string is made per request).
    private let standardStreams: [(StaticString, PythonObject)]
    private let compiler: ScriptCompiler
    private let transfer: BinaryTransfer
    /// `posertalkr_runtime.stream_sink` is set to this while a streaming request runs.
    private var streamSink: PythonObject?
    /// Where the running streaming request's output goes.
    private let streamTarget = StreamTarget()

    private final class StreamTarget {
        var current: StreamingOutput?
    }

    /// Imports PoserTalkr's runtime helpers and puts the output capture in place.
    init(interpreter: PythonInterpreter, releaser: @escaping @Sendable (PythonRelease) -> Void)
        throws(PythonError)
    {
        runtime = try interpreter.importModule("posertalkr_runtime")
        _ = try runtime.attribute("install").call()
        chunks = try runtime.attribute("chunks")
        drainOutput = try runtime.attribute("drain_output")
        newNamespace = try runtime.attribute("new_namespace")
        resolveAndDescribe = try runtime.attribute("resolve_and_describe")
        runFile = try runtime.attribute("run_file")
        standardStreams = [
            ("stdout", try runtime.attribute("captured_stdout")),
            ("stderr", try runtime.attribute("captured_stderr")),
            ("stdin", try runtime.attribute("console_less_stdin")),
        ]
        compiler = try ScriptCompiler(runtime: runtime)
        transfer = try BinaryTransfer(runtime: runtime, releaser: releaser)
        let target = streamTarget
        streamSink = try NativeFunction.make(
            name: "stream_output", doc: "Sends printed text of a streaming request to its client."
        ) { arguments throws(PythonError) in
            guard arguments.count == 2 else { return .none }
            let isStderr = PyObject_IsTrue(arguments[0].pointer) == 1
            target.current?.append(isStderr: isStderr, text: try arguments[1].stringValue())
            return .none
        }
    }

    /// Makes new sessions get `name` as `poser` (and `SCENE = name.Scene()`); imports it
    /// now, so that a broken module fails the start rather than the first request.
    func useSceneModule(_ name: String) throws(PythonError) {
        _ = try runtime.attribute("use_scene_module").call(.string(name))
    }

    /// A fresh globals dict for `session`: builtins, `SCENE`, `poser`, `object_from_path`.
    func makeNamespace(for session: Session) throws(PythonError) -> PythonObject {
        try newNamespace.call(.string(session.key.description))
    }

    /// Tells the runtime which sockets are the server's (see `posertalkr_descriptors`).
    func setServerPort(_ port: Int) {
        callDescriptorGuard("set_server_port") { () throws(PythonError) in
            [try .checked(PyLong_FromLong(port))]
        }
    }

    /// Tells the runtime that event descriptors opened since Python started are the
    /// server's too (see `posertalkr_descriptors`).
    func protectDescriptorsOpenedSince() {
        callDescriptorGuard("protect_descriptors_opened_since")
    }

    /// Calls `function` of `posertalkr_descriptors`; a failure leaves things as they were.
    private func callDescriptorGuard(
        _ function: String, arguments: () throws(PythonError) -> [PythonObject] = { [] }
    ) {
        do {
            let module = try PythonObject.checked(PyImport_ImportModule("posertalkr_descriptors"))
            _ = try module.attribute(function).call(arguments: try arguments())
        } catch {
            PyErr_Clear()
        }
    }

    /// A fresh `bytes` object for a large put to be received into.
    func makePutStorage(count: Int) throws(PythonError) -> PythonBytesStorage {
        try transfer.makePutStorage(count: count)
    }

    func run(_ request: Request, in globals: PythonObject) -> Reply {
        restoreStandardStreams()
        let streaming = request.streaming
        if let streaming { beginStreaming(streaming) }
        let outcome: Reply.Outcome
        do {
            outcome = try perform(request, in: globals)
        } catch {
            outcome = .failed(error)
        }
        if let streaming {
            endStreaming()
            streaming.flush()
        }
        return Reply(
            requestID: request.requestID, outcome: outcome, output: takeOutput(), streamed: streaming != nil,
            origin: ObjectIdentifier(request.replyTo))
    }

    private func perform(_ request: Request, in globals: PythonObject) throws(Failure) -> Reply.Outcome {
        switch request.operation {
        case .evaluate:
            return .value(
                try python { () throws(PythonError) in try evaluate(request.source, in: globals).str() })
        case .execute:
            let code: PythonObject
            do {
                code = try compiler.statements(request.source)
            } catch {
                if request.mayContinue, compiler.endsTooEarly(request.source) { return .incomplete }
                throw Failure(error)
            }
            if request.mayContinue { request.replyTo.accepted(requestID: request.requestID) }
            _ = try python { () throws(PythonError) in try run(code, in: globals) }
            return .completed
        case .resolvePath:
            return .value(
                try python { () throws(PythonError) in
                    try resolveAndDescribe.call(.string(request.source), globals).stringValue()
                })
        case .getBytes:
            return try transfer.bytes(
                of: python { () throws(PythonError) in try evaluate(request.source, in: globals) })
        case .put(let name, let data):
            try transfer.bind(name: name, data: data, in: globals)
            return .completed
        case .runFile(let path):
            _ = try python { () throws(PythonError) in
                try runFile.call(.string(request.source), .string(path), globals)
            }
            return .completed
        }
    }

    /// Runs Python work, turning its exception into a failure.
    private func python<T>(_ body: () throws(PythonError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(error)
        }
    }

    private func evaluate(_ source: String, in globals: PythonObject) throws(PythonError) -> PythonObject {
        try run(compiler.expression(source), in: globals)
    }

    private func run(_ code: PythonObject, in globals: PythonObject) throws(PythonError) -> PythonObject {
        try .checked(PyEval_EvalCode(code.pointer, globals.pointer, globals.pointer))
    }

    // MARK: Output

    /// Client code may have replaced `sys.stdout` (`sys.stdout = None`) or the others; every
    /// request starts with the server's capture streams again, so one session's change
    /// does not break output for the others. Three pointer comparisons when nothing changed.
    private func restoreStandardStreams() {
        for (name, stream) in standardStreams {
            let cName = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
            if PySys_GetObject(cName) != stream.pointer { PySys_SetObject(cName, stream.pointer) }
        }
    }

    private func beginStreaming(_ streaming: StreamingOutput) {
        streamTarget.current = streaming
        if let streamSink { try? runtime.setAttribute("stream_sink", streamSink) }
    }

    private func endStreaming() {
        try? runtime.setAttribute("stream_sink", .none)
        streamTarget.current = nil
        PyErr_Clear()
    }

    /// What the request printed, emptied for the next one. Costs one length check when
    /// nothing was printed.
    private func takeOutput() -> CapturedOutput {
        guard PyList_Size(chunks.pointer) > 0 else { return .empty }
        do {
            let parts = try drainOutput.call()
            func part(_ index: Int) throws(PythonError) -> String {
                guard let item = PyTuple_GetItem(parts.pointer, index) else { throw PythonError.fetch() }
                return try PythonObject(borrowing: item).stringValue()
            }
            return CapturedOutput(stdout: try part(0), stderr: try part(1), combined: try part(2))
        } catch {
            _ = PyList_SetSlice(chunks.pointer, 0, PyList_Size(chunks.pointer), nil)
            PyErr_Clear()
            return CapturedOutput(stdout: "", stderr: error.traceback, combined: error.traceback)
        }
    }
}

extension RequestExecutor {
    /// Waits (bounded) for threads client code started, then lets finalization skip the
    /// ones still running rather than hang on them.
    func prepareShutdown(threadGracePeriod: Duration, logger: Logger) {
        do {
            let seconds =
                Double(threadGracePeriod.components.seconds)
                + Double(threadGracePeriod.components.attoseconds) / 1e18
            let left = try runtime.attribute("prepare_shutdown").call(.checked(PyFloat_FromDouble(seconds)))
            let names = try left.repr()
            if PyList_Size(left.pointer) > 0 {
                logger.warning(
                    "Python threads started by clients were still running at shutdown and were abandoned",
                    metadata: ["threads": "\(names)"])
            }
        } catch {
            logger.warning("could not prepare Python threads for shutdown: \(error.message)")
        }
        streamSink = nil
    }
}
