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
        PyErr_Fetch(&type, &value, &traceback)
        guard let rawType = type else {
            return PythonError(
                typeName: "SystemError", message: "a Python call failed without an exception",
                traceback: "SystemError: a Python call failed without an exception\n")
        }
        PyErr_NormalizeException(&type, &value, &traceback)
        guard let type else { return fetchFailed(rawType) }
        let typeObject = PythonObject(owning: type)
        let valueObject = value.map { PythonObject(owning: $0) } ?? PythonObject.none
        let tracebackObject = traceback.map { PythonObject(owning: $0) } ?? PythonObject.none
        if let traceback { PyException_SetTraceback(valueObject.pointer, traceback) }
        return describe(type: typeObject, value: valueObject, traceback: tracebackObject)
    }

    /// Describes an exception already caught as objects.
    public static func describe(
        type: PythonObject, value: PythonObject, traceback: PythonObject
    ) -> PythonError {
        let typeName =
            (try? type.attribute("__name__").stringValue()) ?? String(cString: ptg_TypeName(value.pointer))
        let message = (try? value.str()) ?? ""
        let kind: Kind
        if PyErr_GivenExceptionMatches(type.pointer, ptg_ExcSystemExit()) != 0 {
            kind = .systemExit
        } else if PyErr_GivenExceptionMatches(type.pointer, ptg_ExcKeyboardInterrupt()) != 0 {
            kind = .keyboardInterrupt
        } else {
            kind = .other
        }
        let text = formatTraceback(type: type, value: value, traceback: traceback)
        PyErr_Clear()
        return PythonError(
            typeName: typeName, message: message,
            traceback: text ?? (message.isEmpty ? "\(typeName)\n" : "\(typeName): \(message)\n"),
            kind: kind)
    }

    private static func formatTraceback(
        type: PythonObject, value: PythonObject, traceback: PythonObject
    ) -> String? {
        do {
            let module = try PythonObject.checked(PyImport_ImportModule("traceback"))
            let lines = try module.attribute("format_exception").call(type, value, traceback)
            return try lines.joinedText()
        } catch {
            PyErr_Clear()
            return nil
        }
    }

    private static func fetchFailed(_ rawType: PyPointer) -> PythonError {
        PyErr_Clear()
        let name = String(cString: ptg_TypeName(rawType))
        return PythonError(typeName: name, message: "", traceback: "\(name)\n")
    }
}
