import NIOCore

/// A large put being received: its payload goes straight into the Python `bytes` object it
/// becomes, which the interpreter makes while the first pieces are already arriving.
/// Pieces that arrive before the memory does are held (the connection stops reading
/// meanwhile, so that is at most a read's worth).
struct PutIntake {
    enum Memory {
        case requested(early: [ByteBuffer])
        case ready(PythonBytesStorage)
        case failed(Failure)
    }

    /// What a finished intake turns into.
    enum Result {
        /// The payload is all there: bind it.
        case ready(PythonBytesStorage)
        /// No memory could be had (or the server is stopping): answer this instead.
        case failed(Failure)
    }

    let requestID: UInt64
    let name: String
    let length: Int
    private(set) var memory: Memory = .requested(early: [])
    private(set) var received = 0
    /// The last piece of the payload arrived.
    private(set) var isComplete = false

    init(requestID: UInt64, name: String, length: Int) {
        self.requestID = requestID
        self.name = name
        self.length = length
    }

    /// Whether the payload is all here and only the memory is missing.
    var isWaitingForMemory: Bool {
        if case .requested = memory { return isComplete }
        return false
    }

    /// The outcome, once the payload is complete and the memory question is settled.
    var result: Result? {
        guard isComplete else { return nil }
        switch memory {
        case .requested: return nil
        case .ready(let storage): return .ready(storage)
        case .failed(let failure): return .failed(failure)
        }
    }

    mutating func append(_ chunk: ByteBuffer) {
        switch memory {
        case .requested(var early):
            memory = .requested(early: [])
            early.append(chunk)
            memory = .requested(early: early)
        case .ready(let storage):
            copy(chunk, into: storage)
        case .failed:
            break
        }
    }

    mutating func finish() { isComplete = true }

    mutating func memoryArrived(_ storage: PythonBytesStorage) {
        guard case .requested(let early) = memory else { return }
        memory = .ready(storage)
        for chunk in early { copy(chunk, into: storage) }
    }

    mutating func memoryFailed(_ failure: Failure) {
        memory = .failed(failure)
    }

    private mutating func copy(_ chunk: ByteBuffer, into storage: PythonBytesStorage) {
        let count = min(chunk.readableBytes, storage.bytes.count - received)
        chunk.withUnsafeReadableBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: storage.bytes[received..<received + count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(count)))
        }
        received += count
    }
}
