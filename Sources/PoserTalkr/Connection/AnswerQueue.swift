import DequeModule

/// The final answers a connection owes, in the order its requests arrived.
///
/// Requests that went to the interpreter are answered by it in order. Answers the
/// connection gives itself (a malformed request, a not-run during shutdown) wait their turn
/// behind those, so the client sees every final answer in request order. Output a request
/// streams while an earlier one is still unanswered is held until its turn.
///
/// `Local` is how the protocol spells an answer of its own (a frame, a line of text).
struct AnswerQueue<Local> {
    struct Entry {
        let requestID: UInt64
        /// Set for answers the connection gives itself.
        var local: Local?
        /// Output that arrived before the request's turn.
        var heldOutput: [OutputChunk] = []
    }

    private var entries: Deque<Entry> = []

    var isEmpty: Bool { entries.isEmpty }

    /// Exactly one request is owed, by the interpreter, with no output held for it.
    var holdsOneInterpreterAnswer: Bool {
        entries.count == 1 && entries[entries.startIndex].local == nil
            && entries[entries.startIndex].heldOutput.isEmpty
    }

    /// A request went to the interpreter.
    mutating func submitted(requestID: UInt64) {
        entries.append(Entry(requestID: requestID, local: nil))
    }

    /// An answer of the connection's own. Returns it when it may go out now (nothing is
    /// owed ahead of it); otherwise it waits its turn and `answered` returns it later.
    mutating func answerLocally(requestID: UInt64, _ answer: Local) -> Local? {
        guard !entries.isEmpty else { return answer }
        entries.append(Entry(requestID: requestID, local: answer))
        return nil
    }

    /// The interpreter answered the oldest request. Returns its entry and the local answers
    /// that were waiting behind it (now due, in order). Nil when nothing was owed.
    mutating func answered() -> (entry: Entry, due: [Local])? {
        guard let entry = entries.popFirst() else { return nil }
        var due: [Local] = []
        while let next = entries.first, let local = next.local {
            due.append(local)
            entries.removeFirst()
        }
        return (entry, due)
    }

    /// Output of request `requestID`: true when it may go out now (its request is the one
    /// being answered); otherwise it is held for the request's turn (or dropped, if no such
    /// request is owed).
    mutating func output(requestID: UInt64, _ chunks: [OutputChunk]) -> Bool {
        guard let first = entries.first, first.requestID != requestID || first.local != nil else {
            return true
        }
        if let index = entries.firstIndex(where: { $0.requestID == requestID && $0.local == nil }) {
            entries[index].heldOutput.append(contentsOf: chunks)
        }
        return false
    }

    /// Output held for the request now at the head, which may go out now.
    mutating func takeHeldOutputOfHead() -> (requestID: UInt64, [OutputChunk])? {
        guard let first = entries.first, !first.heldOutput.isEmpty else { return nil }
        entries[entries.startIndex].heldOutput = []
        return (first.requestID, first.heldOutput)
    }

    /// Whether a request `requestID` is owed an answer from the interpreter.
    func isAwaiting(_ requestID: UInt64) -> Bool {
        entries.contains { $0.requestID == requestID && $0.local == nil }
    }

    /// Forgets everything (the connection is refused or gone).
    mutating func removeAll() { entries.removeAll() }
}
