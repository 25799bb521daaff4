import CPython
import CPythonGlue

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Python callables backed by Swift closures, for host code that Python must call back
/// (the output streaming hook, a host app's own module functions).
public enum NativeFunction {
    /// The Swift side of a native function: called with the positional arguments on the
    /// interpreter thread, GIL held. Throwing a `PythonError` raises it in Python (as
    /// `RuntimeError` with its message, unless a Python exception is already set).
    public typealias Body = (_ arguments: [PythonObject]) throws(PythonError) -> PythonObject

    private final class Box {
        let body: Body
        init(_ body: @escaping Body) { self.body = body }
    }

    /// A new Python function object named `name` that runs `body`. The function keeps
    /// `body` alive for as long as Python keeps the function.
    public static func make(name: String, doc: String, body: @escaping Body) throws(PythonError)
        -> PythonObject
    {
        // CPython keeps pointers to the method table and its strings for the function's
        // lifetime, so they are allocated for good (a few bytes per function created).
        let definition = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: 1)
        definition.initialize(
            to: PyMethodDef(
                ml_name: UnsafePointer(strdup(name)), ml_meth: trampoline, ml_flags: METH_VARARGS,
                ml_doc: UnsafePointer(strdup(doc))))
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        guard let capsule = PyCapsule_New(box, nil, releaseBox) else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw PythonError.fetch()
        }
        let owner = PythonObject(owning: capsule)
        return try withExtendedLifetime(owner) { () throws(PythonError) in
            try PythonObject.checked(PyCFunction_NewEx(definition, owner.pointer, nil))
        }
    }

    private static let trampoline: PyCFunction = { capsule, arguments in
        guard let capsule, let raw = PyCapsule_GetPointer(capsule, nil) else { return nil }
        let box = Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue()
        var values: [PythonObject] = []
        if let arguments {
            let count = PyTuple_Size(arguments)
            values.reserveCapacity(count)
            for index in 0..<count {
                if let item = PyTuple_GetItem(arguments, index) {
                    values.append(PythonObject(borrowing: item))
                }
            }
        }
        do throws(PythonError) {
            let result = try box.body(values)
            return Py_NewRef(result.pointer)
        } catch {
            if PyErr_Occurred() == nil { PyErr_SetString(ptg_ExcRuntimeError(), error.message) }
            return nil
        }
    }

    private static let releaseBox: PyCapsule_Destructor = { capsule in
        guard let capsule, let raw = PyCapsule_GetPointer(capsule, nil) else { return }
        Unmanaged<Box>.fromOpaque(raw).release()
    }
}
