import NIOConcurrencyHelpers
@_spi(CustomByteBufferAllocator) import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wraps an exported Python buffer in a `ByteBuffer` without copying it, so a large get
/// goes from Python's memory to the socket with no copy in between.
///
/// NIO's custom-allocator SPI lets a `ByteBuffer` take over memory it did not allocate and
/// calls our `deallocate` when the last view of it is gone; that is when the export is
/// dropped (and the Python object released on the interpreter thread). The buffer is only
/// ever read: were NIO to grow or copy it, `reallocate` moves the bytes into memory of its
/// own first.
enum ExportedByteBuffer {
    static func make(_ export: PythonBufferExport) -> ByteBuffer {
        let base = UnsafeMutableRawPointer(mutating: export.bytes.baseAddress!)
        registry.withLockedValue { $0[UInt(bitPattern: base), default: []].append(export) }
        return ByteBuffer(
            takingOwnershipOf: UnsafeMutableRawBufferPointer(start: base, count: export.count),
            allocator: allocator)
    }

    /// Exports by the address NIO will hand back (two gets of one object share an address).
    private static let registry = NIOLockedValueBox<[UInt: [PythonBufferExport]]>([:])

    /// Drops one export registered at `pointer`; false if none was.
    private static func release(_ pointer: UnsafeMutableRawPointer) -> Bool {
        let export = registry.withLockedValue { registry -> PythonBufferExport? in
            let key = UInt(bitPattern: pointer)
            guard var exports = registry[key], !exports.isEmpty else { return nil }
            let export = exports.removeLast()
            registry[key] = exports.isEmpty ? nil : exports
            return export
        }
        return export != nil  // released (through the inbox) as `export` goes out of scope
    }

    private static let allocator = ByteBufferAllocator(
        allocate: { size in malloc(size) },
        reallocate: { pointer, oldSize, newSize in
            guard let pointer else { return malloc(newSize) }
            if registry.withLockedValue({ $0[UInt(bitPattern: pointer)] != nil }) {
                // Python's memory cannot be realloc'ed: move the bytes out first.
                let moved = malloc(max(newSize, 1))!
                memcpy(moved, pointer, min(oldSize, newSize))
                _ = release(pointer)
                return moved
            }
            return realloc(pointer, newSize)
        },
        deallocate: { pointer in
            if !release(pointer) { free(pointer) }
        },
        copy: { destination, source, count in _ = memcpy(destination, source, count) })
}
