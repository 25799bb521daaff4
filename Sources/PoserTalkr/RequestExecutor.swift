import CPython
import CPythonGlue
import Logging
import NIOCore
import PythonHost

/// Runs one request against a session's namespace and captures what it printed.
/// Lives on the interpreter thread; every method needs the GIL.
final class RequestExecutor {
    /// Results of a get smaller than this are copied out of Python at once; larger ones are
    /// sent straight from Python's memory.
    static let exportThreshold = 64 << 10

    /// The `posertalkr_runtime` module.
    let runtime: PythonObject
    private let chunks: PythonObject
    private let drainOutput: PythonObject
    private let newNamespace: PythonObject
    private let resolveAndDescribe: PythonObject
    private let rememberSource: PythonObject
    private let checkBindingName: PythonObject
    /// `posertalkr_runtime.stream_sink` is set to this while a streaming request runs.
    private var streamSink: PythonObject?
    /// Where the running streaming request's output goes.
    private let streamTarget = StreamTarget()
    private let releaser: @Sendable (PythonRelease) -> Void
    private let allocator = ByteBufferAllocator()
    private let codeCache = CodeCache()
    private var scriptCount: UInt64 = 0

    private final class StreamTarget {
        var current: StreamingOutput?
    }

    /// Imports PoserTalkr's runtime helpers and puts the output capture in place.
    init(interpreter: PythonInterpreter, releaser: @escaping @Sendable (PythonRelease) -> Void)
        throws(PythonError)
    {
        self.releaser = releaser
        runtime = try interpreter.importModule("posertalkr_runtime")
        _ = try runtime.attribute("install").call()
        chunks = try runtime.attribute("chunks")
        drainOutput = try runtime.attribute("drain_output")
        newNamespace = try runtime.attribute("new_namespace")
        resolveAndDescribe = try runtime.attribute("resolve_and_describe")
        rememberSource = try runtime.attribute("remember_source")
        checkBindingName = try runtime.attribute("check_binding_name")
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

    func run(_ request: Request, in globals: PythonObject) -> Reply {
        let streaming = request.streaming
        if let streaming { beginStreaming(streaming) }
        let outcome: Reply.Outcome
        do {
            outcome = try perform(request, in: globals)
        } catch {
            outcome = .failed(error)
        }
        if streaming != nil { endStreaming() }
        return Reply(
            tag: request.tag, outcome: outcome, output: takeOutput(), streamed: streaming != nil,
            origin: ObjectIdentifier(request.replyTo))
    }

    private func perform(_ request: Request, in globals: PythonObject) throws(Failure) -> Reply.Outcome {
        if case .getBytes = request.operation {
            let value = try python { () throws(PythonError) in
                try evaluate(compile(request.source, filename: "<input>", mode: Py_eval_input), in: globals)
            }
            return try exportBytes(of: value)
        }
        return try python { () throws(PythonError) in try performInPython(request, in: globals) }
    }

    private func performInPython(_ request: Request, in globals: PythonObject) throws(PythonError)
        -> Reply.Outcome
    {
        switch request.operation {
        case .evaluate:
            let code = try compile(request.source, filename: "<input>", mode: Py_eval_input)
            return .value(try evaluate(code, in: globals).str())
        case .execute:
            _ = try evaluate(try compileStatements(request.source), in: globals)
            return .completed
        case .resolvePath:
            let path = try PythonObject.string(request.source)
            return .value(try resolveAndDescribe.call(path, globals).stringValue())
        case .put(let name, let data):
            try bind(name: name, data: data, in: globals)
            return .completed
        case .allocateBytes(let count):
            return .allocated(try PythonBytesStorage(count: count, release: releaser))
        case .getBytes:
            preconditionFailure("get is handled by perform")
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

    // MARK: Binary data

    /// The bytes of a buffer-protocol value: copied when small, exported when large.
    private func exportBytes(of value: PythonObject) throws(Failure) -> Reply.Outcome {
        let view = UnsafeMutablePointer<Py_buffer>.allocate(capacity: 1)
        guard PyObject_GetBuffer(value.pointer, view, PyBUF_SIMPLE) == 0 else {
            view.deallocate()
            let cause = PythonError.fetch()
            throw Failure(
                code: .notABuffer, typeName: cause.typeName,
                message: "get needs a value with the buffer protocol in one contiguous block (bytes, "
                    + "bytearray, memoryview, array.array, numpy arrays); got \(value.typeName): \(cause.message)",
                traceback: cause.traceback)
        }
        let export = PythonBufferExport(view: view, release: releaser)
        guard export.count >= Self.exportThreshold else {
            // `export` releases the view (through the inbox) when it goes.
            return .bytes(allocator.buffer(bytes: export.bytes))
        }
        return .exportedBytes(export)
    }

    private func bind(name: String, data: Request.PutData, in globals: PythonObject) throws(PythonError) {
        let key = try PythonObject.string(name)
        _ = try checkBindingName.call(key)
        let object: PythonObject
        switch data {
        case .copy(let buffer):
            object = try buffer.withUnsafeReadableBytes { bytes throws(PythonError) in
                try PythonObject.checked(
                    PyBytes_FromStringAndSize(
                        bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count))
            }
        case .received(let storage):
            guard let taken = storage.take() else {
                PyErr_SetString(ptg_ExcRuntimeError(), "the put's payload was already used")
                throw PythonError.fetch()
            }
            object = taken
        }
        if PyDict_SetItem(globals.pointer, key.pointer, object.pointer) != 0 { throw PythonError.fetch() }
    }

    // MARK: Streaming

    private func beginStreaming(_ streaming: StreamingOutput) {
        streamTarget.current = streaming
        if let streamSink { try? runtime.setAttribute("stream_sink", streamSink) }
    }

    private func endStreaming() {
        try? runtime.setAttribute("stream_sink", .none)
        streamTarget.current = nil
        PyErr_Clear()
    }

    // MARK: Code

    /// Statements: a one-liner compiles as `<input>`; a script gets a name of its own and its
    /// source is kept, so tracebacks from it (even from functions it defined, called later)
    /// can quote its lines.
    private func compileStatements(_ source: String) throws(PythonError) -> PythonObject {
        guard source.utf8.contains(UInt8(ascii: "\n")) else {
            return try compile(source, filename: "<input>", mode: Py_file_input)
        }
        return try codeCache.code(for: source, mode: Py_file_input) { () throws(PythonError) in
            scriptCount += 1
            let filename = "<script \(scriptCount)>"
            _ = try rememberSource.call(.string(filename), .string(source))
            return try compileUncached(source, filename: filename, mode: Py_file_input)
        }
    }

    /// Compiles through the cache (one-liners and expressions are named `<input>`).
    private func compile(_ source: String, filename: String, mode: Int32) throws(PythonError)
        -> PythonObject
    {
        try codeCache.code(for: source, mode: mode) { () throws(PythonError) in
            try compileUncached(source, filename: filename, mode: mode)
        }
    }

    private func compileUncached(_ source: String, filename: String, mode: Int32) throws(PythonError)
        -> PythonObject
    {

        // The C API takes a NUL-terminated string; a NUL inside would silently cut the code.
        if source.utf8.contains(0) {
            PyErr_SetString(ptg_ExcValueError(), "source code string cannot contain null bytes")
            throw PythonError.fetch()
        }
        return try .checked(
            source.withCString { Py_CompileStringExFlags($0, filename, mode, nil, -1) })
    }

    private func evaluate(_ code: PythonObject, in globals: PythonObject) throws(PythonError)
        -> PythonObject
    {
        try .checked(PyEval_EvalCode(code.pointer, globals.pointer, globals.pointer))
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
