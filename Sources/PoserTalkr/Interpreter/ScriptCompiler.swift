import CPython
import CPythonGlue
import PythonHost

/// Turns request source into code objects, through a cache, and names scripts so that
/// tracebacks can quote their lines. Interpreter thread, GIL held.
final class ScriptCompiler {
    private let codeCache = CodeCache()
    private let rememberSource: PythonObject
    private let isIncomplete: PythonObject
    private var scriptCount: UInt64 = 0

    /// `runtime` is the `posertalkr_runtime` module.
    init(runtime: PythonObject) throws(PythonError) {
        rememberSource = try runtime.attribute("remember_source")
        isIncomplete = try runtime.attribute("source_is_incomplete")
    }

    /// An expression (`=expr`, eval, get, the body of a path lookup).
    func expression(_ source: String) throws(PythonError) -> PythonObject {
        try codeCache.code(for: source, mode: Py_eval_input) { () throws(PythonError) in
            try Self.compile(source, filename: "<input>", mode: Py_eval_input)
        }
    }

    /// Statements: a one-liner compiles as `<input>`; a script gets a name of its own and its
    /// source is kept, so tracebacks from it (even from functions it defined, called later)
    /// can quote its lines.
    func statements(_ source: String) throws(PythonError) -> PythonObject {
        guard source.utf8.contains(UInt8(ascii: "\n")) else {
            return try codeCache.code(for: source, mode: Py_file_input) { () throws(PythonError) in
                try Self.compile(source, filename: "<input>", mode: Py_file_input)
            }
        }
        return try codeCache.code(for: source, mode: Py_file_input) { () throws(PythonError) in
            scriptCount += 1
            let filename = "<script \(scriptCount)>"
            _ = try rememberSource.call(.string(filename), .string(source))
            return try Self.compile(source, filename: filename, mode: Py_file_input)
        }
    }

    /// Whether `source` failed to compile only because it ends too early (an open bracket or
    /// string, a block header with no body yet), as `codeop` judges it.
    func endsTooEarly(_ source: String) -> Bool {
        guard let answer = try? isIncomplete.call(.string(source)) else {
            PyErr_Clear()
            return false
        }
        return PyObject_IsTrue(answer.pointer) == 1
    }

    private static func compile(_ source: String, filename: String, mode: Int32) throws(PythonError)
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
}
