import Testing

@testable import PoserTalkr

/// Which request the interpreter runs next, without Python.
@Suite struct SessionSchedulerTests {
    func drain(_ scheduler: inout SessionScheduler) -> [String] {
        var ran: [String] = []
        while let (request, _) = scheduler.next() { ran.append(request.source) }
        return ran
    }

    @Test func sessionsTakeTurnsAndEachKeepsItsOrder() {
        var scheduler = SessionScheduler()
        let a = makeSession(1, "a")
        let b = makeSession(2, "b")
        let endpoint = FakeEndpoint()
        for source in ["A1", "A2", "A3"] {
            scheduler.enqueue(makeRequest(source, session: a, endpoint: endpoint))
        }
        for source in ["B1", "B2"] { scheduler.enqueue(makeRequest(source, session: b, endpoint: endpoint)) }
        #expect(drain(&scheduler) == ["A1", "B1", "A2", "B2", "A3"])
    }

    @Test func aCongestedConnectionIsHeldBackWhileItsSessionsOtherConnectionsGoOn() {
        var scheduler = SessionScheduler()
        let session = makeSession(1, "shared")
        let stalled = FakeEndpoint()
        let reading = FakeEndpoint()
        stalled.isCongested = true
        scheduler.enqueue(makeRequest("S1", session: session, endpoint: stalled))
        scheduler.enqueue(makeRequest("R1", session: session, endpoint: reading))
        scheduler.enqueue(makeRequest("S2", session: session, endpoint: stalled))
        #expect(drain(&scheduler) == ["R1"])
        #expect(scheduler.waitingCount == 2)
        stalled.isCongested = false
        scheduler.congestionCleared()
        #expect(drain(&scheduler) == ["S1", "S2"])
    }

    @Test func aParkedSessionRunsAgainWhenAnotherOfItsConnectionsAsks() {
        var scheduler = SessionScheduler()
        let session = makeSession(1, "shared")
        let stalled = FakeEndpoint()
        stalled.isCongested = true
        scheduler.enqueue(makeRequest("S1", session: session, endpoint: stalled))
        #expect(drain(&scheduler).isEmpty)
        scheduler.enqueue(makeRequest("R1", session: session, endpoint: FakeEndpoint()))
        #expect(drain(&scheduler) == ["R1"])
    }

    @Test func aConnectionThatDrainsDuringTheScanStillRunsInOrder() {
        // The first look finds the connection congested; had the scan looked again at its
        // second request after it drained, that one would have run before the first.
        var scheduler = SessionScheduler()
        let session = makeSession(1, "s")
        let flapping = FlappingEndpoint()
        scheduler.enqueue(makeRequest("F1", session: session, endpoint: flapping.endpoint))
        scheduler.enqueue(makeRequest("F2", session: session, endpoint: flapping.endpoint))
        #expect(drain(&scheduler).isEmpty)
        scheduler.congestionCleared()
        #expect(drain(&scheduler) == ["F1", "F2"])
    }

    @Test func shutdownTakesEveryWaitingRequestHeldBackOrNot() {
        var scheduler = SessionScheduler()
        let stalled = FakeEndpoint()
        stalled.isCongested = true
        scheduler.enqueue(makeRequest("S1", session: makeSession(1, "a"), endpoint: stalled))
        scheduler.enqueue(makeRequest("B1", session: makeSession(2, "b"), endpoint: FakeEndpoint()))
        _ = scheduler.next()
        scheduler.enqueue(makeRequest("B2", session: makeSession(2, "b"), endpoint: FakeEndpoint()))
        #expect(scheduler.takeAllWaiting().map(\.source).sorted() == ["B2", "S1"])
        #expect(scheduler.next() == nil)
    }
}

/// An endpoint congested on the first look only.
final class FlappingEndpoint: @unchecked Sendable {
    let endpoint = FakeEndpoint()
    private var looks = 0

    init() {
        endpoint.isCongested = true
        endpoint.onLook = { [unowned self] in
            looks += 1
            if looks == 1 { endpoint.isCongested = false }
        }
    }
}
