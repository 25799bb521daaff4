import CPython
import CPythonGlue

/// A Python exception turned into a Swift error, with everything a client needs to see.
public struct PythonError: Error, Sendable, CustomStringConvertible {
    /// What kind of exception it was, for the cases the server treats specially.
    public enum Kind: Sendable, Equatable {
        case systemExit
        case keyboardInterrupt
        case other
    }

    /// The exception's type name, such as `ZeroDivisionError`.
    public let typeName: String
    /// `str(exception)`.
    public let message: String
    /// The full text `traceback.format_exception` gives, ending with a newline.
    public let traceback: String
    public let kind: Kind

    public init(typeName: String, message: String, traceback: String, kind: Kind = .other) {
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
        self.kind = kind
    }

    public var description: String { traceback }

    /// Takes the pending Python exception (clearing it) and describes it. Call only right
    /// after a C API call failed, on the interpreter thread, with the GIL held.
    public static func fetch() -> PythonError {
        var type: PyPointer?
        var value: PyPointer?
        var traceback: PyPointer?
        ptg_TakeException(&type, &value, &traceback)
        guard let type else {
            return PythonError(
                typeName: "SystemError", message: "a Python call failed without an exception",
                traceback: "SystemError: a Python call failed without an exception\n")
        }
        let typeObject = PythonObject(owning: type)
        let valueObject = value.map { PythonObject(owning: $0) } ?? PythonObject.none
        let tracebackObject = traceback.map { PythonObject(owning: $0) } ?? PythonObject.none
        return describe(type: typeObject, value: valueObject, traceback: tracebackObject)
    }

    /// Describes an exception already caught as objects.
    ///
    /// Describing runs Python code (`str(exception)`, the traceback module), which can fail
    /// in turn: an exception whose `__str__` raises, a `traceback.format_exception` replaced
    /// by client code. So it calls the C API directly and clears any error it meets, never
    /// describing a failure of the description: it falls back to the type name and a note.
    public static func describe(
        type: PythonObject, value: PythonObject, traceback: PythonObject
    ) -> PythonError {
        let typeName =
            text(of: PyObject_GetAttrString(type.pointer, "__name__"))
            ?? String(cString: ptg_TypeName(value.pointer))
        let message = text(of: PyObject_Str(value.pointer))
        let kind: Kind
        if PyErr_GivenExceptionMatches(type.pointer, ptg_ExcSystemExit()) != 0 {
            kind = .systemExit
        } else if PyErr_GivenExceptionMatches(type.pointer, ptg_ExcKeyboardInterrupt()) != 0 {
            kind = .keyboardInterrupt
        } else {
            kind = .other
        }
        let formatted = formatTraceback(type: type, value: value, traceback: traceback)
        PyErr_Clear()
        let summary =
            switch message {
            case nil: "\(typeName) (its message could not be had: str() of the exception failed)"
            case let message? where message.isEmpty: typeName
            case let message?: "\(typeName): \(message)"
            }
        return PythonError(
            typeName: typeName, message: message ?? "",
            traceback: formatted ?? "\(summary)\n(the traceback could not be formatted)\n", kind: kind)
    }

    /// The text of a new reference to a `str`, released here; nil (error cleared) for NULL or
    /// anything else.
    private static func text(of object: PyPointer?) -> String? {
        guard let object else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(object) }
        guard ptg_IsUnicode(object) != 0 else { return nil }
        var size = 0
        guard let utf8 = PyUnicode_AsUTF8AndSize(object, &size) else {
            PyErr_Clear()
            return nil
        }
        return String(
            decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
    }

    /// `traceback.format_exception` as it was when first needed: client code that replaces
    /// the module's attribute does not take tracebacks away from every session. A reference
    /// kept for the interpreter's life; only touched with the GIL held.
    nonisolated(unsafe) private static var formatException: PyPointer?

    /// Drops the kept reference before the interpreter goes (GIL held).
    static func interpreterFinalizing() {
        if let format = formatException { Py_DecRef(format) }
        formatException = nil
    }

    /// `"".join(traceback.format_exception(type, value, traceback))`, or nil if any step fails.
    private static func formatTraceback(
        type: PythonObject, value: PythonObject, traceback: PythonObject
    ) -> String? {
        if formatException == nil, let module = PyImport_ImportModule("traceback") {
            formatException = PyObject_GetAttrString(module, "format_exception")
            Py_DecRef(module)
        }
        guard let format = formatException else {
            PyErr_Clear()
            return nil
        }
        guard PyCallable_Check(format) != 0, let arguments = PyTuple_New(3) else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(arguments) }
        for (index, item) in [type, value, traceback].enumerated() {
            // PyTuple_SetItem steals a reference.
            Py_IncRef(item.pointer)
            PyTuple_SetItem(arguments, index, item.pointer)
        }
        guard let lines = PyObject_Call(format, arguments, nil) else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(lines) }
        guard let separator = PyUnicode_FromString("") else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(separator) }
        return text(of: PyUnicode_Join(separator, lines))
    }
}
