import NIOCore
import Testing

@testable import PoserTalkr
@testable import PoserTalkrWire

/// When the machines let the interpreter thread send a reply itself (`awaitsOneReplyOnly`),
/// and that hearing of it afterwards (`Delivery.sent`) does the bookkeeping and writes
/// nothing twice.
@Suite struct DirectReplyGrantTests {
    func framed(maxInFlight: Int = 100) -> FramedConnectionMachine {
        FramedConnectionMachine.started(maxInFlight: maxInFlight)
    }

    func raw(maxInFlight: Int = 100) -> RawConnectionMachine {
        var machine = RawConnectionMachine(
            authenticationRequired: false, maxInFlight: maxInFlight,
            assembler: RawCommandAssembler(maxPacketLength: 1 << 20))
        machine.started()
        _ = machine.steps()
        return machine
    }

    @Test func framedGrantsOnlyWhileOneRequestIsOwedAndNothingElse() {
        var machine = framed()
        #expect(!machine.awaitsOneReplyOnly, "nothing owed")
        machine.read(frame(.eval, 1, "1"))
        _ = machine.steps()
        #expect(machine.awaitsOneReplyOnly)
        machine.read(frame(.eval, 2, "2"))
        _ = machine.steps()
        #expect(!machine.awaitsOneReplyOnly, "two owed: the second reply must follow the first")
        machine.received([.sent(Reply(requestID: 1, outcome: .value("1")))])
        #expect(machine.steps().isEmpty, "a reply already sent is not written again")
        #expect(machine.awaitsOneReplyOnly)
        machine.received([.sent(Reply(requestID: 2, outcome: .value("2")))])
        #expect(machine.steps().isEmpty)
        machine.inputClosed(insideFrame: false)
        #expect(machine.mayClose(writerBusy: false), "every answer paid")
    }

    @Test func framedDoesNotGrantWhenAnAnswerOfItsOwnWaitsBehind() {
        var machine = framed()
        machine.read(frame(.eval, 1, "1"))
        // Not UTF-8: the connection answers it itself, after reply 1.
        machine.read(FrameEvent.frame(header(.eval, 2, bodyLength: 1), body: ByteBuffer(bytes: [0xFF])))
        _ = machine.steps()
        #expect(!machine.awaitsOneReplyOnly, "the local error must be written after reply 1")
        machine.received([.sent(Reply(requestID: 1, outcome: .value("1")))])
        let steps = machine.steps()
        #expect(steps.count == 1, "only the error that waited: \(steps)")
        guard case .frame("error", 2, _) = steps.first else {
            Issue.record("expected the error of request 2, got \(steps)")
            return
        }
    }

    @Test func framedDoesNotGrantWhenPayingWouldResumeReading() {
        var machine = framed(maxInFlight: 1)
        machine.read(frame(.eval, 1, "1"))
        #expect(machine.steps() == [.submit(1, "1"), .reading(false)])
        #expect(!machine.awaitsOneReplyOnly, "the reply must switch reading back on")
    }

    @Test func rawGrantsForAOneLineCommandAndHearsOfItAfterwards() {
        var machine = raw()
        machine.burst(ByteBuffer(string: "=4+5\n"))
        _ = machine.steps()
        #expect(machine.awaitsOneReplyOnly)
        machine.received([.sent(Reply(requestID: 0, outcome: .value("9")))])
        #expect(machine.steps().isEmpty, "a reply already sent is not written again")
        #expect(!machine.awaitsOneReplyOnly)
        machine.inputClosed()
        #expect(machine.mayClose)
    }

    @Test func rawDoesNotGrantWhileAScriptMayStillBeArriving() {
        var machine = raw()
        machine.burst(ByteBuffer(string: "x = 1\ny = 2\n"))
        machine.timerFired()
        _ = machine.steps()
        #expect(!machine.awaitsOneReplyOnly, "its verdict releases the bursts held meanwhile")
    }

    @Test func rawDoesNotGrantOnceTheClientFinished() {
        var machine = raw()
        machine.burst(ByteBuffer(string: "=1\n"))
        machine.inputClosed()
        _ = machine.steps()
        #expect(
            !machine.awaitsOneReplyOnly, "after the client's close, replies are tracked until acknowledged")
    }
}
