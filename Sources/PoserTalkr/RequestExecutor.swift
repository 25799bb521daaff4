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
    private let rememberSource: PythonObject
    private var scriptCount: UInt64 = 0

    /// Imports PoserTalkr's runtime helpers and puts the output capture in place.
    init(interpreter: PythonInterpreter) throws(PythonError) {
        runtime = try interpreter.importModule("posertalkr_runtime")
        _ = try runtime.attribute("install").call()
        chunks = try runtime.attribute("chunks")
        drainOutput = try runtime.attribute("drain_output")
        newNamespace = try runtime.attribute("new_namespace")
        resolveAndDescribe = try runtime.attribute("resolve_and_describe")
        rememberSource = try runtime.attribute("remember_source")
    }

    /// A fresh globals dict for `session`: builtins, `SCENE`, `poser`, `object_from_path`.
    func makeNamespace(for session: Session) throws(PythonError) -> PythonObject {
        try newNamespace.call(.string(session.key.description))
    }

    func run(_ request: Request, in globals: PythonObject) -> Reply {
        let outcome: Reply.Outcome
        do {
            switch request.operation {
            case .evaluate:
                let code = try compile(request.source, filename: "<input>", mode: Py_eval_input)
                outcome = .value(try evaluate(code, in: globals).str())
            case .execute:
                let code = try compileStatements(request.source)
                _ = try evaluate(code, in: globals)
                outcome = .completed
            case .resolvePath:
                let path = try PythonObject.string(request.source)
                outcome = .value(try resolveAndDescribe.call(path, globals).stringValue())
            }
        } catch {
            outcome = .failed(error)
        }
        return Reply(tag: request.tag, outcome: outcome, output: takeOutput())
    }

    /// Statements: a one-liner compiles as `<input>`; a script gets a name of its own and its
    /// source is kept, so tracebacks from it (even from functions it defined, called later)
    /// can quote its lines.
    private func compileStatements(_ source: String) throws(PythonError) -> PythonObject {
        guard source.utf8.contains(UInt8(ascii: "\n")) else {
            return try compile(source, filename: "<input>", mode: Py_file_input)
        }
        scriptCount += 1
        let filename = "<script \(scriptCount)>"
        _ = try rememberSource.call(.string(filename), .string(source))
        return try compile(source, filename: filename, mode: Py_file_input)
    }

    private func compile(_ source: String, filename: String, mode: Int32) throws(PythonError)
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
            let left = try runtime.attribute("prepare_shutdown").call(
                .checked(PyFloat_FromDouble(seconds)))
            let names = try left.repr()
            if PyList_Size(left.pointer) > 0 {
                logger.warning(
                    "Python threads started by clients were still running at shutdown and were abandoned",
                    metadata: ["threads": "\(names)"])
            }
        } catch {
            logger.warning("could not prepare Python threads for shutdown: \(error.message)")
        }
    }
}
