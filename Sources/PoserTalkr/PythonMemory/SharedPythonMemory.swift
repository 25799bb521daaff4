import Atomics
import CPython
import PythonHost

#if canImport(Glibc)
    import Glibc
#endif

/// A Python object the network side holds on to, to be released on the interpreter thread.
public enum PythonRelease: Sendable {
    /// `Py_DecRef` the object at this address.
    case object(UInt)
    /// `PyBuffer_Release` the `Py_buffer` at this address, then free it.
    case buffer(UInt)
}

/// A fresh `bytes` object that an incoming put is received straight into, so a large
/// payload exists once in memory instead of twice.
///
/// The interpreter thread creates it (nobody else can see the object yet); one connection's
/// event loop then fills `bytes`, and the filled storage travels back through the inbox,
/// whose atomics order those writes before the interpreter binds the object. If it is never
/// bound (the client vanished), dropping it sends the object back to be released.
public final class PythonBytesStorage: @unchecked Sendable {
    private let object: UInt
    /// The object's own byte storage.
    public let bytes: UnsafeMutableRawBufferPointer
    private let release: @Sendable (PythonRelease) -> Void
    private let consumed = ManagedAtomic(false)

    /// Interpreter thread: a new `bytes` object of `count` uninitialised bytes.
    init(count: Int, release: @escaping @Sendable (PythonRelease) -> Void) throws(PythonError) {
        let created = try PythonObject.checked(PyBytes_FromStringAndSize(nil, count))
        guard let data = PyBytes_AsString(created.pointer) else { throw PythonError.fetch() }
        Py_IncRef(created.pointer)  // the storage's own reference, outliving `created`
        object = UInt(bitPattern: created.pointer)
        bytes = UnsafeMutableRawBufferPointer(start: data, count: count)
        self.release = release
        Self.preferHugePages(bytes)
    }

    /// A fresh multi-megabyte buffer is filled page by page, and each first touch of a 4 KiB
    /// page is a page fault: 65,536 of them for 256 MiB. Transparent huge pages (where the
    /// kernel allows them on request) cut that to a few hundred.
    private static func preferHugePages(_ bytes: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
            guard bytes.count >= 4 << 20, let base = bytes.baseAddress else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let start = (Int(bitPattern: base) + page - 1) / page * page
            let end = (Int(bitPattern: base) + bytes.count) / page * page
            guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Memory that stands in for a `bytes` object where no interpreter runs (the unit tests
    /// of the put intake); `take` answers nil.
    init(standInFor bytes: UnsafeMutableRawBufferPointer) {
        object = 0
        self.bytes = bytes
        release = { _ in }
        consumed.store(true, ordering: .relaxed)
    }

    /// Interpreter thread: the object, now owned by the caller.
    func take() -> PythonObject? {
        guard !consumed.exchange(true, ordering: .acquiringAndReleasing),
            let pointer = PyPointer(bitPattern: object)
        else { return nil }
        return PythonObject(owning: pointer)
    }

    deinit {
        if !consumed.load(ordering: .acquiring) { release(.object(object)) }
    }
}

/// The memory of a Python buffer (the result of a get), exported so the event loop can send
/// it without copying it into Swift first. The object stays alive and its buffer locked
/// until this export is dropped; then they are released on the interpreter thread.
public final class PythonBufferExport: @unchecked Sendable {
    private let view: UnsafeMutablePointer<Py_buffer>
    public let bytes: UnsafeRawBufferPointer
    private let release: @Sendable (PythonRelease) -> Void

    public var count: Int { bytes.count }

    /// Interpreter thread: takes over a filled `Py_buffer` (allocated by the caller).
    init(view: UnsafeMutablePointer<Py_buffer>, release: @escaping @Sendable (PythonRelease) -> Void) {
        self.view = view
        bytes = UnsafeRawBufferPointer(start: view.pointee.buf, count: view.pointee.len)
        self.release = release
    }

    deinit {
        release(.buffer(UInt(bitPattern: view)))
    }

    /// Interpreter thread: carries out a release sent from any thread.
    static func perform(_ release: PythonRelease) {
        switch release {
        case .object(let address):
            if let pointer = PyPointer(bitPattern: address) { Py_DecRef(pointer) }
        case .buffer(let address):
            guard let view = UnsafeMutablePointer<Py_buffer>(bitPattern: address) else { return }
            PyBuffer_Release(view)
            view.deallocate()
        }
    }
}
