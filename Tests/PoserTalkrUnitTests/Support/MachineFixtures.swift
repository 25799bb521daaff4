import Atomics
import NIOCore
import Testing

@testable import PoserTalkr
@testable import PoserTalkrWire

/// An endpoint whose congestion a test sets by hand; it drops what it is given.
final class FakeEndpoint: ReplyEndpoint, @unchecked Sendable {
    private let congested = ManagedAtomic(false)
    /// Called after each look at `isCongested` (single-threaded tests only).
    var onLook: (() -> Void)?

    func deliver(_ reply: Reply) {}

    var isCongested: Bool {
        get {
            let value = congested.load(ordering: .relaxed)
            onLook?()
            return value
        }
        set { congested.store(newValue, ordering: .relaxed) }
    }
}

/// A session for scheduler tests.
func makeSession(_ id: UInt64, _ name: String) -> Session {
    Session(id: id, key: .named(name), limits: UndeliveredReplyLimits())
}

func makeRequest(_ source: String, session: Session, endpoint: FakeEndpoint, requestID: UInt64 = 0) -> Request
{
    Request(operation: .execute, source: source, session: session, replyTo: endpoint, requestID: requestID)
}

/// A frame header as the parser makes it.
func header(_ op: FramedProtocol.Operation, _ requestID: UInt64, flags: UInt8 = 0, bodyLength: Int = 0)
    -> FrameHeader
{
    FrameHeader(op: op.rawValue, flags: flags, id: requestID, bodyLength: bodyLength)
}

func frame(_ op: FramedProtocol.Operation, _ requestID: UInt64, _ body: String = "", flags: UInt8 = 0)
    -> FrameEvent
{
    .frame(header(op, requestID, flags: flags, bodyLength: body.utf8.count), body: ByteBuffer(string: body))
}

func reply(_ requestID: UInt64, _ outcome: Reply.Outcome = .completed, origin: ObjectIdentifier? = nil)
    -> Delivery
{
    .reply(Reply(requestID: requestID, outcome: outcome, origin: origin))
}

/// What a framed machine's actions amount to, in a form tests compare.
enum Step: Equatable {
    case hello, attach
    case checkAuthentication(UInt64)
    case allocate(UInt64, Int)
    case submit(UInt64, String)
    case interrupt(UInt64, UInt64?)
    case switchSession(UInt64, String)
    /// A frame: its kind, request id and a short description.
    case frame(String, UInt64, String)
    case reading(Bool)
}

extension FramedConnectionMachine {
    /// A machine past HELLO, with no authentication.
    static func started(maxInFlight: Int = 100) -> FramedConnectionMachine {
        var machine = FramedConnectionMachine(authenticationRequired: false, maxInFlight: maxInFlight)
        machine.read(.started)
        #expect(machine.steps() == [.hello, .attach])
        return machine
    }

    /// Every action queued so far, described.
    mutating func steps() -> [Step] {
        var steps: [Step] = []
        while let action = nextAction() { steps.append(Step(action)) }
        return steps
    }
}

extension Step {
    init(_ action: FramedConnectionMachine.Action) {
        switch action {
        case .sendHello: self = .hello
        case .attachSession: self = .attach
        case .checkAuthentication(let requestID, _): self = .checkAuthentication(requestID)
        case .allocatePutStorage(let requestID, let length): self = .allocate(requestID, length)
        case .submit(let submission):
            let what: String
            switch submission.operation {
            case .put(let name, _): what = "put \(name)"
            default: what = submission.source
            }
            self = .submit(submission.requestID, what)
        case .interrupt(let requestID, let target): self = .interrupt(requestID, target)
        case .switchSession(let requestID, let name): self = .switchSession(requestID, name)
        case .setReading(let on): self = .reading(on)
        case .write(let output): self = Step(output)
        }
    }

    init(_ output: FramedOutput) {
        switch output {
        case .final(let reply):
            if case .failed(let failure) = reply.outcome {
                self = .frame("error", reply.requestID, failure.typeName)
            } else {
                self = .frame("ok", reply.requestID, "")
            }
        case .output(let requestID, let chunk): self = .frame("output", requestID, chunk.text)
        case .failure(let requestID, let failure): self = .frame("error", requestID, failure.typeName)
        case .text(let requestID, let text): self = .frame("ok", requestID, text)
        case .pong(let requestID, _): self = .frame("pong", requestID, "")
        case .notice(let text): self = .frame("notice", 0, text)
        case .orphan(let reply): self = .frame("orphan", reply.requestID, "")
        }
    }
}
