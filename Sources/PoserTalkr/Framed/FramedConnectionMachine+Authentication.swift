import DequeModule
import NIOCore
import PoserTalkrWire

/// Authentication before anything else is served, and refusals.
extension FramedConnectionMachine {
    mutating func handleBeforeAuthentication(_ header: FrameHeader, body: ByteBuffer) {
        switch FramedProtocol.Operation(rawValue: header.op) {
        case .ping:
            write(.pong(header.id, body))
        case .auth:
            actions.append(.checkAuthentication(requestID: header.id, response: body))
        default:
            refuse(.unauthorized, "this server needs authentication: send AUTH first", requestID: header.id)
        }
    }

    /// The handler checked an AUTH answer: `refusal` is nil when it was right.
    mutating func authenticationChecked(requestID: UInt64, refusal: String?) {
        guard !core.isRefused else { return }
        if let refusal {
            refuse(.unauthorized, refusal, requestID: requestID)
            return
        }
        core.authenticated()
        write(.text(requestID, "authenticated"))
        actions.append(.attachSession)
    }

    mutating func authenticationTimedOut() {
        guard !core.isAuthenticated, !core.isRefused else { return }
        refuse(.unauthorized, "authentication timed out", requestID: 0)
    }

    /// Attached to the session (after HELLO, or after AUTH): these replies waited for it.
    mutating func sessionAttached(kept: [Reply]) {
        for reply in kept { write(.orphan(reply)) }
    }

    /// The frame stream is broken (bad preamble, a length out of bounds): say so and close.
    mutating func framingFailed(_ error: FramingError) {
        if case .frameTooLarge(let length, let limit) = error, !core.isAuthenticated {
            refuse(
                .unauthorized,
                "before authentication only AUTH and PING are accepted, in frames of at most \(limit) bytes "
                    + "(this one says \(length))", requestID: 0)
            return
        }
        let code: Failure.Code = if case .frameTooLarge = error { .tooLarge } else { .protocolError }
        refuse(code, "\(error)", requestID: 0)
    }

    /// Answers ERROR and closes the connection, reading and answering nothing more.
    mutating func refuse(_ code: Failure.Code, _ message: String, requestID: UInt64) {
        guard !core.isRefused else { return }
        core.close(.refused)
        answers.removeAll()
        put = nil
        discardingPut = false
        pendingSwitch = nil
        deferred.removeAll()
        write(.failure(requestID, .server(code, message)))
    }
}
