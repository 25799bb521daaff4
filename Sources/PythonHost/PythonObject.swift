import CPython
import CPythonGlue

/// A pointer to a CPython object as the C API hands it out.
public typealias PyPointer = UnsafeMutablePointer<PyObject>

/// One strong reference to a Python object, released exactly once when the wrapper dies.
///
/// Python objects belong to the interpreter thread: create, use and drop these only there,
/// with the GIL held. The type is deliberately not `Sendable`, so the compiler keeps them
/// from crossing to another thread.
public final class PythonObject {
    /// The wrapped object. Borrow it for C calls; do not release it yourself.
    public let pointer: PyPointer

    /// Takes over a new reference (the kind most C API calls return).
    public init(owning pointer: PyPointer) {
        self.pointer = pointer
    }

    /// Adds a reference to a borrowed object and keeps it.
    public init(borrowing pointer: PyPointer) {
        Py_IncRef(pointer)
        self.pointer = pointer
    }

    deinit {
        Py_DecRef(pointer)
    }

    /// Takes over the result of a C call that returns a new reference or NULL with an
    /// exception set; the exception becomes a `PythonError`.
    public static func checked(_ pointer: PyPointer?) throws(PythonError) -> PythonObject {
        guard let pointer else { throw PythonError.fetch() }
        return PythonObject(owning: pointer)
    }

    public static var none: PythonObject { PythonObject(borrowing: ptg_None()) }

    public var isNone: Bool { pointer == ptg_None() }

    /// Python's type name of the object, such as `int` or `poser.ActorType`.
    public var typeName: String { String(cString: ptg_TypeName(pointer)) }
}

extension PythonObject {
    /// `getattr(self, name)`.
    public func attribute(_ name: String) throws(PythonError) -> PythonObject {
        try .checked(PyObject_GetAttrString(pointer, name))
    }

    /// `setattr(self, name, value)`.
    public func setAttribute(_ name: String, _ value: PythonObject) throws(PythonError) {
        if PyObject_SetAttrString(pointer, name, value.pointer) != 0 { throw PythonError.fetch() }
    }

    /// `self(*arguments)`.
    public func call(_ arguments: PythonObject...) throws(PythonError) -> PythonObject {
        try call(arguments: arguments)
    }

    public func call(arguments: [PythonObject]) throws(PythonError) -> PythonObject {
        switch arguments.count {
        case 0: return try .checked(PyObject_CallNoArgs(pointer))
        case 1: return try .checked(PyObject_CallOneArg(pointer, arguments[0].pointer))
        default:
            let tuple = try PythonObject.checked(PyTuple_New(arguments.count))
            for (index, argument) in arguments.enumerated() {
                // PyTuple_SetItem steals a reference.
                PyTuple_SetItem(tuple.pointer, index, Py_NewRef(argument.pointer))
            }
            return try withExtendedLifetime(tuple) { () throws(PythonError) in
                try .checked(PyObject_Call(pointer, tuple.pointer, nil))
            }
        }
    }

    /// `str(self)` as a Swift string.
    public func str() throws(PythonError) -> String {
        try PythonObject.checked(PyObject_Str(pointer)).stringValue()
    }

    /// `repr(self)` as a Swift string.
    public func repr() throws(PythonError) -> String {
        try PythonObject.checked(PyObject_Repr(pointer)).stringValue()
    }

    /// The text of a `str` object. Lone surrogates, which UTF-8 cannot hold, come out
    /// backslash-escaped instead of failing.
    public func stringValue() throws(PythonError) -> String {
        guard ptg_IsUnicode(pointer) != 0 else {
            PyErr_SetString(ptg_ExcTypeError(), "expected str, got \(typeName)")
            throw PythonError.fetch()
        }
        var size: Py_ssize_t = 0
        if let utf8 = PyUnicode_AsUTF8AndSize(pointer, &size) {
            return utf8.withMemoryRebound(to: UInt8.self, capacity: size) {
                String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
            }
        }
        PyErr_Clear()
        let encoded = try PythonObject.checked(
            PyUnicode_AsEncodedString(pointer, "utf-8", "backslashreplace"))
        return encoded.bytesAsString()
    }

    /// The content of a `bytes` object decoded as UTF-8 (invalid sequences replaced).
    func bytesAsString() -> String {
        var buffer: UnsafeMutablePointer<CChar>?
        var size: Py_ssize_t = 0
        guard PyBytes_AsStringAndSize(pointer, &buffer, &size) == 0, let buffer else {
            PyErr_Clear()
            return ""
        }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: size) {
            String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
        }
    }
}

extension PythonObject {
    /// `"".join(self)`: the strings of a list or tuple as one Swift string.
    public func joinedText() throws(PythonError) -> String {
        let empty = try PythonObject.string("")
        let joined = try withExtendedLifetime(empty) { () throws(PythonError) in
            try PythonObject.checked(PyUnicode_Join(empty.pointer, pointer))
        }
        return try joined.stringValue()
    }

    /// A new `str` object holding `text`.
    public static func string(_ text: String) throws(PythonError) -> PythonObject {
        var text = text
        let pointer = text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                PyUnicode_FromStringAndSize($0.baseAddress, $0.count)
            }
        }
        return try .checked(pointer)
    }

    /// A new `int` object.
    public static func integer(_ value: Int) throws(PythonError) -> PythonObject {
        try .checked(PyLong_FromLong(value))
    }
}

extension PythonObject {
    /// A new `float` object.
    public static func float(_ value: Double) throws(PythonError) -> PythonObject {
        try .checked(PyFloat_FromDouble(value))
    }

    /// The value of an `int` or `float` (or anything with `__float__`) as a Double.
    public func doubleValue() throws(PythonError) -> Double {
        let value = PyFloat_AsDouble(pointer)
        if value == -1, PyErr_Occurred() != nil { throw PythonError.fetch() }
        return value
    }

    /// The value of an `int` (or anything with `__index__`) as an Int.
    public func intValue() throws(PythonError) -> Int {
        let value = PyLong_AsLong(pointer)
        if value == -1, PyErr_Occurred() != nil { throw PythonError.fetch() }
        return value
    }
}
