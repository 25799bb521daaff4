import DequeModule
import NIOCore
import PoserTalkrWire

/// Large puts received into the interpreter's memory, and the frames that wait meanwhile.
extension FramedConnectionMachine {
    mutating func startPut(requestID: UInt64, name: String, length: Int) {
        guard core.takesRequests else {
            discardingPut = true
            answer(requestID, .failure(requestID, .notRun))
            return
        }
        put = PutIntake(requestID: requestID, name: name, length: length)
        actions.append(.allocatePutStorage(requestID: requestID, length: length))
        updateWaitingPause()
    }

    /// The interpreter made the put's memory (or could not).
    mutating func putStorageArrived(requestID: UInt64, _ result: Result<PythonBytesStorage, Failure>) {
        guard put?.requestID == requestID else { return }
        switch result {
        case .success(let storage): put?.memoryArrived(storage)
        case .failure(let failure): put?.memoryFailed(failure)
        }
        finishPutIfReady()
        updateWaitingPause()
    }

    mutating func finishPutIfReady() {
        guard let intake = put, let result = intake.result else { return }
        put = nil
        switch result {
        case .ready(let storage):
            submit(
                Submission(
                    requestID: intake.requestID, operation: .put(name: intake.name, data: .received(storage)),
                    source: ""))
        case .failed(let failure):
            answer(intake.requestID, .failure(intake.requestID, failure))
        }
        resumeDeferred()
    }

    mutating func resumeDeferred() {
        while !isWaiting, !core.isRefused, let next = deferred.popFirst() {
            switch next {
            case .event(let event): handle(event)
            case .cancelled(let requestID): answer(requestID, .failure(requestID, .cancelled))
            }
        }
        updateWaitingPause()
    }

    /// Reading pauses while frames wait, or while a put's memory is being made (so that at
    /// most a read's worth of payload is held meanwhile).
    mutating func updateWaitingPause() {
        var awaitingMemory = false
        if case .requested = put?.memory { awaitingMemory = true }
        setPaused(.waiting, pendingSwitch != nil || !deferred.isEmpty || awaitingMemory)
    }
}
