import CPython
import CPythonGlue
import NIOCore
import PythonHost

/// Moves bytes between clients and Python: a get's result out of a buffer-protocol value,
/// a put's payload into a `bytes` object bound in the session. Interpreter thread, GIL held.
struct BinaryTransfer {
    /// Results of a get smaller than this are copied out of Python at once; larger ones are
    /// sent straight from Python's memory.
    static let exportThreshold = 64 << 10

    let releaser: @Sendable (PythonRelease) -> Void
    /// `posertalkr_runtime.check_binding_name`.
    let checkBindingName: PythonObject
    private let allocator = ByteBufferAllocator()

    init(runtime: PythonObject, releaser: @escaping @Sendable (PythonRelease) -> Void) throws(PythonError) {
        self.releaser = releaser
        checkBindingName = try runtime.attribute("check_binding_name")
    }

    /// The bytes of a buffer-protocol value: copied when small, exported when large.
    func bytes(of value: PythonObject) throws(Failure) -> Reply.Outcome {
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

    /// A fresh `bytes` object for a large put to be received into.
    func makePutStorage(count: Int) throws(PythonError) -> PythonBytesStorage {
        try PythonBytesStorage(count: count, release: releaser)
    }

    /// Binds a put's payload to `name` in `globals`. A name that is not an identifier is the
    /// client's mistake: bad-request, with the `ValueError` that says why.
    func bind(name: String, data: Request.PutData, in globals: PythonObject) throws(Failure) {
        let key: PythonObject
        do throws(PythonError) {
            key = try PythonObject.string(name)
            _ = try checkBindingName.call(key)
        } catch {
            throw Failure(error, code: .badRequest)
        }
        do throws(PythonError) {
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
        } catch {
            throw Failure(error)
        }
    }
}
