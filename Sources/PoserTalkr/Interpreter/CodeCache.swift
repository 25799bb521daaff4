import PythonHost

/// Compiled code objects of recently sent sources, so a client that sends the same command
/// again (a sweep, a poll, a pipeline of evals) skips the compiler. Code objects are
/// immutable, so sharing one between requests and sessions is safe.
///
/// Least recently used entries go first; when the cache is full a quarter of it is dropped at
/// once, so a stream of never-repeated sources costs no more than an occasional sort.
final class CodeCache {
    struct Key: Hashable {
        let source: String
        let mode: Int32
    }

    private struct Entry {
        let code: PythonObject
        var lastUse: UInt64
    }

    private let capacity: Int
    /// Sources longer than this are compiled every time (they are rarely repeated, and big).
    private let maxSourceLength: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int = 512, maxSourceLength: Int = 64 << 10) {
        self.capacity = capacity
        self.maxSourceLength = maxSourceLength
    }

    /// The cached code for `source` in `mode`, or what `compile` makes of it (then cached).
    func code(
        for source: String, mode: Int32, compile: () throws(PythonError) -> PythonObject
    ) throws(PythonError) -> PythonObject {
        guard source.utf8.count <= maxSourceLength else { return try compile() }
        clock += 1
        let key = Key(source: source, mode: mode)
        if let entry = entries[key] {
            entries[key]?.lastUse = clock
            return entry.code
        }
        let code = try compile()
        if entries.count >= capacity { evictOldestQuarter() }
        entries[key] = Entry(code: code, lastUse: clock)
        return code
    }

    private func evictOldestQuarter() {
        let cutoff = entries.values.map(\.lastUse).sorted()[capacity / 4]
        entries = entries.filter { $0.value.lastUse > cutoff }
    }
}
