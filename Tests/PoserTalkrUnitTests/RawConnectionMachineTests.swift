import NIOCore
import Testing

@testable import PoserTalkr
@testable import PoserTalkrWire

/// Raw mode's decisions, driven without a socket: when bytes become a command, how an
/// incomplete script waits for its rest, authentication, order and shutdown.
@Suite struct RawConnectionMachineTests {
    static let settle = TimeAmount.milliseconds(10)
    static let patience = TimeAmount.seconds(1)

    func machine(authenticationRequired: Bool = false, maxPacket: Int = 1 << 20) -> RawConnectionMachine {
        var machine = RawConnectionMachine(
            authenticationRequired: authenticationRequired, maxInFlight: 100,
            assembler: RawCommandAssembler(
                maxPacketLength: maxPacket, settleDelay: Self.settle, patience: Self.patience))
        machine.started()
        return machine
    }

    @Test func aOneLineCommandRunsAtOnce() {
        var raw = machine()
        #expect(raw.steps() == [.attachSession])
        raw.burst(ByteBuffer(string: "=4+5\r\n"))
        #expect(raw.steps() == [.submit(operation: .evaluate, source: "4+5", mayContinue: false)])
    }

    @Test func aScriptWaitsForMoreBytesThenRunsOnceWhole() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "x = 1\ny = "))
        #expect(raw.steps() == [.armTimer(Self.settle)])
        raw.burst(ByteBuffer(string: "2\nprint(x + y)\n"))
        #expect(raw.steps() == [.armTimer(Self.settle)])
        raw.timerFired()
        #expect(
            raw.steps() == [
                .submit(operation: .execute, source: "x = 1\ny = 2\nprint(x + y)", mayContinue: true)
            ])
    }

    @Test func aScriptTheCompilerFindsCutShortWaitsForItsRest() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "n = 2\ndef double(x):\n"))
        raw.timerFired()
        #expect(
            raw.steps().last
                == .submit(operation: .execute, source: "n = 2\ndef double(x):", mayContinue: true))
        raw.received([reply(0, .incomplete)])
        #expect(raw.steps() == [.armTimer(Self.patience)], "nothing is written for an incomplete script")
        raw.burst(ByteBuffer(string: "    return x * n\n"))
        #expect(raw.steps() == [.armTimer(Self.settle)])
        raw.timerFired()
        #expect(
            raw.steps() == [
                .submit(
                    operation: .execute, source: "n = 2\ndef double(x):\n    return x * n", mayContinue: true)
            ])
    }

    @Test func anIncompleteScriptWithNoMoreBytesRunsAsItIsToShowTheError() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "a = 1\ndef f(x):\n"))
        raw.timerFired()
        raw.received([reply(0, .incomplete)])
        _ = raw.steps()
        raw.timerFired()
        #expect(raw.steps() == [.submit(operation: .execute, source: "a = 1\ndef f(x):", mayContinue: false)])
    }

    @Test func linesSentWhileAScriptIsJudgedStayCommandsOfTheirOwn() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "import time\ntime.sleep(1)\n"))
        raw.timerFired()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "=1\n"))
        raw.burst(ByteBuffer(string: "=2\n"))
        #expect(raw.steps().isEmpty, "held until the script's verdict")
        raw.received([.accepted(requestID: 0)])
        #expect(
            raw.steps() == [
                .submit(operation: .evaluate, source: "1", mayContinue: false),
                .submit(operation: .evaluate, source: "2", mayContinue: false),
            ])
    }

    @Test func whatIsPendingRunsAtOnceWhenTheClientCloses() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "x = 1\nprint(x)\n"))
        _ = raw.steps()
        raw.inputClosed()
        #expect(raw.steps() == [.submit(operation: .execute, source: "x = 1\nprint(x)", mayContinue: false)])
        #expect(!raw.mayClose)
        raw.received([reply(0, .value("1"))])
        _ = raw.steps()
        #expect(raw.mayClose)
    }

    @Test func aCommandOverThePacketLimitIsRefusedOnceTheSenderPauses() {
        var raw = machine(maxPacket: 16)
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "x = '0123456789'\n"))
        raw.burst(ByteBuffer(string: "more"))
        #expect(raw.steps() == [.armTimer(Self.settle), .armTimer(Self.settle)])
        raw.timerFired()
        guard case .write(.text(let message)) = raw.steps().first else {
            Issue.record("no message")
            return
        }
        #expect(message.hasPrefix("the packet is larger than 16 bytes"))
    }

    @Test func theFirstLineMustBeAuth() {
        var refused = machine(authenticationRequired: true)
        #expect(refused.steps().isEmpty)
        refused.burst(ByteBuffer(string: "=1\n"))
        #expect(refused.steps() == [.write(.text("this server needs AUTH <token> as the first line"))])
        #expect(refused.core.isRefused && refused.mayClose)

        var good = machine(authenticationRequired: true)
        good.burst(ByteBuffer(string: "AUTH secret\r\n"))
        #expect(good.steps() == [.checkToken("secret")])
        good.authenticationChecked(refusal: nil)
        #expect(good.steps() == [.write(.text("authenticated")), .attachSession])
    }

    @Test func whileShuttingDownCommandsAreAnsweredNotRunInOrder() {
        var raw = machine()
        _ = raw.steps()
        raw.burst(ByteBuffer(string: "=1\n"))
        _ = raw.steps()
        raw.quiesce()
        raw.burst(ByteBuffer(string: "=2\n"))
        #expect(raw.steps().isEmpty)
        raw.received([reply(0, .value("1"))])
        let steps = raw.steps()
        #expect(steps.count == 2)
        #expect(steps.last == .write(.text(Failure.notRun.message)))
        #expect(raw.mayClose)
    }
}

extension RawConnectionMachine {
    mutating func steps() -> [Action] {
        var steps: [Action] = []
        while let action = nextAction() { steps.append(action) }
        return steps
    }
}
