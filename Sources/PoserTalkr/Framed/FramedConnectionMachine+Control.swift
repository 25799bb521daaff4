import DequeModule
import NIOCore
import PoserTalkrWire

/// INTERRUPT, answered at once, and SESSION, which waits for the requests before it.
extension FramedConnectionMachine {
    mutating func interrupt(_ requestID: UInt64, body: ByteBuffer) {
        if body.readableBytes == 0 {
            actions.append(.interrupt(requestID: requestID, target: nil))
            return
        }
        guard body.readableBytes == 8, let target = body.getInteger(at: body.readerIndex, as: UInt64.self)
        else {
            write(
                .failure(
                    requestID, .server(.badRequest, "an interrupt's body is empty or an 8-byte request id")))
            return
        }
        if answers.isAwaiting(target) {
            actions.append(.interrupt(requestID: requestID, target: target))
        } else if let index = deferred.firstIndex(where: { $0.requestID == target }) {
            deferred[index] = .cancelled(requestID: target)
            write(.text(requestID, "cancelled"))
        } else {
            write(.text(requestID, "nothing to interrupt"))
        }
    }

    /// The handler carried out an interrupt: `wasRunning` tells whether the target ran.
    mutating func interrupted(requestID: UInt64, target: UInt64?, wasRunning: Bool) {
        let answer = wasRunning ? "interrupted" : (target == nil ? "nothing to interrupt" : "cancelled")
        write(.text(requestID, answer))
    }

    mutating func requestSessionSwitch(_ requestID: UInt64, body: ByteBuffer) {
        guard let name = String(validating: body.readableBytesView, as: UTF8.self) else {
            answer(requestID, .failure(requestID, .server(.badRequest, "a session name must be UTF-8")))
            return
        }
        guard name.utf8.count <= 256,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            answer(
                requestID,
                .failure(
                    requestID,
                    .server(.badRequest, "a session name has at most 256 bytes and no control characters")))
            return
        }
        guard core.takesRequests else {
            answer(requestID, .failure(requestID, .notRun))
            return
        }
        pendingSwitch = (requestID, name, false)
        updateWaitingPause()
        switchIfReady()
    }

    /// The switch happens once every earlier request is answered.
    mutating func switchIfReady() {
        guard let pending = pendingSwitch, !pending.requested, answers.isEmpty else { return }
        pendingSwitch?.requested = true
        actions.append(.switchSession(requestID: pending.requestID, name: pending.name))
    }

    /// The handler moved the connection (or could not): the switch's answer, then the
    /// replies that waited for the new session.
    mutating func sessionSwitched(
        requestID: UInt64, to result: Result<(name: String, kept: [Reply]), Failure>
    ) {
        guard pendingSwitch?.requestID == requestID else { return }
        pendingSwitch = nil
        switch result {
        case .success(let switched):
            write(.text(requestID, switched.name))
            for reply in switched.kept { write(.orphan(reply)) }
        case .failure(let failure):
            write(.failure(requestID, failure))
        }
        resumeDeferred()
    }
}
