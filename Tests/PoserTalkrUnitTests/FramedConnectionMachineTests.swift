import NIOCore
import Testing

@testable import PoserTalkr
@testable import PoserTalkrWire

/// The framed connection's protocol decisions, driven without a socket.
@Suite struct FramedConnectionMachineTests {
    func started(maxInFlight: Int = 100) -> FramedConnectionMachine {
        FramedConnectionMachine.started(maxInFlight: maxInFlight)
    }

    @Test func finalAnswersGoOutInRequestOrderIncludingTheConnectionsOwn() {
        var machine = started()
        machine.read(frame(.eval, 1, "1"))
        machine.read(frame(.exec, 2, "x = 1"))
        // Not UTF-8: answered by the connection itself, but only in its turn.
        machine.read(.frame(header(.eval, 3, bodyLength: 1), body: ByteBuffer(bytes: [0xFF])))
        #expect(machine.steps() == [.submit(1, "1"), .submit(2, "x = 1")])
        machine.received([reply(1)])
        #expect(machine.steps() == [.frame("ok", 1, "")])
        machine.received([reply(2)])
        #expect(machine.steps() == [.frame("ok", 2, ""), .frame("error", 3, "bad-request")])
    }

    @Test func anAnswerOfItsOwnGoesOutAtOnceWhenNothingIsOwed() {
        var machine = started()
        machine.read(frame(.auth, 4))
        #expect(machine.steps() == [.frame("error", 4, "bad-request")])
    }

    @Test func outputOfTheNextRequestWaitsForTheReplyBeforeIt() {
        var machine = started()
        machine.read(frame(.exec, 1, "a", flags: FramedProtocol.streamFlag))
        machine.read(frame(.exec, 2, "b", flags: FramedProtocol.streamFlag))
        _ = machine.steps()
        machine.received([.output(requestID: 1, [OutputChunk(isStderr: false, text: "one\n")])])
        machine.received([.output(requestID: 2, [OutputChunk(isStderr: false, text: "two\n")])])
        #expect(machine.steps() == [.frame("output", 1, "one\n")])
        machine.received([reply(1)])
        #expect(machine.steps() == [.frame("ok", 1, ""), .frame("output", 2, "two\n")])
    }

    @Test func readingPausesAtTheInFlightLimitAndWhenTheClientDoesNotRead() {
        var machine = started(maxInFlight: 2)
        machine.read(frame(.eval, 1, "1"))
        machine.read(frame(.eval, 2, "2"))
        #expect(machine.steps() == [.submit(1, "1"), .submit(2, "2"), .reading(false)])
        machine.received([reply(1)])
        #expect(machine.steps() == [.frame("ok", 1, ""), .reading(true)])
        machine.writabilityChanged(isWritable: false)
        #expect(machine.steps() == [.reading(false)])
        machine.writabilityChanged(isWritable: true)
        #expect(machine.steps() == [.reading(true)])
    }

    @Test func whileShuttingDownNewRequestsAreNotRunButAnsweredInOrder() {
        var machine = started()
        machine.read(frame(.exec, 1, "long()"))
        _ = machine.steps()
        machine.quiesce()
        machine.read(frame(.eval, 2, "2"))
        #expect(machine.steps().isEmpty, "request 2 waits behind request 1's answer")
        #expect(!machine.mayClose(writerBusy: false))
        machine.received([reply(1)])
        #expect(machine.steps() == [.frame("ok", 1, ""), .frame("error", 2, "shutting-down")])
        #expect(machine.mayClose(writerBusy: false))
        #expect(!machine.mayClose(writerBusy: true), "not before the socket took the bytes")
    }

    @Test func onlyPingAndAuthBeforeAuthentication() {
        var machine = FramedConnectionMachine(authenticationRequired: true, maxInFlight: 100)
        machine.read(.started)
        #expect(machine.steps() == [.hello])
        machine.read(frame(.ping, 1, "hi"))
        machine.read(frame(.auth, 2, "answer"))
        #expect(machine.steps() == [.frame("pong", 1, ""), .checkAuthentication(2)])
        machine.authenticationChecked(requestID: 2, refusal: nil)
        #expect(machine.steps() == [.frame("ok", 2, "authenticated"), .attach])
        machine.read(frame(.eval, 3, "1"))
        #expect(machine.steps() == [.submit(3, "1")])
    }

    @Test func anythingElseBeforeAuthenticationIsRefusedAndNothingMoreIsRead() {
        var machine = FramedConnectionMachine(authenticationRequired: true, maxInFlight: 100)
        machine.read(.started)
        _ = machine.steps()
        machine.read(frame(.eval, 5, "1"))
        #expect(machine.steps() == [.frame("error", 5, "unauthorized")])
        #expect(machine.core.isRefused)
        #expect(machine.mayClose(writerBusy: false))
        machine.read(frame(.ping, 6))
        #expect(machine.steps().isEmpty)
    }

    @Test func aWrongAnswerOrNoAnswerInTimeIsRefused() {
        var wrong = FramedConnectionMachine(authenticationRequired: true, maxInFlight: 100)
        wrong.read(.started)
        wrong.read(frame(.auth, 2, "guess"))
        _ = wrong.steps()
        wrong.authenticationChecked(requestID: 2, refusal: "authentication failed")
        #expect(wrong.steps() == [.frame("error", 2, "unauthorized")])

        var silent = FramedConnectionMachine(authenticationRequired: true, maxInFlight: 100)
        silent.read(.started)
        _ = silent.steps()
        silent.authenticationTimedOut()
        #expect(silent.steps() == [.frame("error", 0, "unauthorized")])
        #expect(silent.core.isRefused)
    }

    @Test func aSessionSwitchWaitsForEarlierRequestsAndLaterFramesWaitForIt() {
        var machine = started()
        machine.read(frame(.exec, 1, "long()"))
        machine.read(frame(.session, 2, "other"))
        machine.read(frame(.eval, 3, "x"))
        machine.read(frame(.ping, 4))
        #expect(machine.steps() == [.submit(1, "long()"), .reading(false), .frame("pong", 4, "")])
        machine.received([reply(1)])
        #expect(machine.steps() == [.frame("ok", 1, ""), .switchSession(2, "other")])
        machine.sessionSwitched(requestID: 2, to: .success((name: "other", kept: [])))
        #expect(machine.steps() == [.frame("ok", 2, "other"), .submit(3, "x"), .reading(true)])
    }

    @Test func anInterruptCancelsARequestStillWaitingItsTurn() {
        var machine = started()
        machine.read(frame(.exec, 1, "long()"))
        machine.read(frame(.session, 2, "other"))
        machine.read(frame(.eval, 3, "never"))
        _ = machine.steps()
        var target = ByteBuffer()
        target.writeInteger(UInt64(3))
        machine.read(.frame(header(.interrupt, 9, bodyLength: 8), body: target))
        #expect(machine.steps() == [.frame("ok", 9, "cancelled")])
        machine.read(.frame(header(.interrupt, 10, bodyLength: 8), body: ByteBuffer(integer: UInt64(1))))
        #expect(machine.steps() == [.interrupt(10, 1)])
        machine.received([reply(1, .failed(.server(.interrupted, "stopped")))])
        machine.sessionSwitched(requestID: 2, to: .success((name: "other", kept: [])))
        #expect(
            machine.steps() == [
                .frame("error", 1, "interrupted"), .switchSession(2, "other"), .frame("ok", 2, "other"),
                .frame("error", 3, "cancelled"), .reading(true),
            ])
    }

    @Test func aLargePutIsReceivedIntoTheMemoryTheInterpreterMakes() {
        var machine = started()
        machine.read(.putStart(header(.put, 7, bodyLength: 2 + 4 + 6), name: "blob", payloadLength: 6))
        machine.read(.putChunk(ByteBuffer(string: "abc")))
        #expect(machine.steps() == [.allocate(7, 6), .reading(false)])
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 6, alignment: 1)
        defer { memory.deallocate() }
        machine.putStorageArrived(requestID: 7, .success(PythonBytesStorage(standInFor: memory)))
        machine.read(.putChunk(ByteBuffer(string: "def")))
        machine.read(.putEnd)
        #expect(machine.steps() == [.reading(true), .submit(7, "put blob")])
        #expect(String(decoding: UnsafeRawBufferPointer(memory), as: UTF8.self) == "abcdef")
    }

    @Test func repliesOfAnEarlierConnectionAreOrphansAndNoticesPassThrough() {
        var machine = started()
        let mine = FakeEndpoint()
        let elsewhere = FakeEndpoint()
        machine.endpointID = ObjectIdentifier(mine)
        machine.received([
            reply(42, origin: ObjectIdentifier(elsewhere)),
            .reply(Reply(requestID: 0, outcome: .notice("hi"))),
        ])
        #expect(machine.steps() == [.frame("orphan", 42, ""), .frame("notice", 0, "hi")])
    }

    @Test func theClientClosingInTheMiddleOfAPutDropsIt() {
        var machine = started()
        machine.read(.putStart(header(.put, 7, bodyLength: 2 + 4 + 6), name: "blob", payloadLength: 6))
        _ = machine.steps()
        machine.inputClosed(insideFrame: true)
        #expect(machine.mayClose(writerBusy: false))
    }
}
