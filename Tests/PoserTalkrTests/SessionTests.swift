import Foundation
import Testing

/// Sessions: one namespace per client IP, kept across connections, with replies routed to
/// the connection that asked (or kept for the next one).
@Suite(.hangLimit)
struct SessionTests {
    @Test func clientsFromDifferentAddressesNeverSeeEachOthersNames() throws {
        let server = try TestServer()
        let first = try server.connect(from: "127.0.0.1")
        let second = try server.connect(from: "127.0.0.2")
        try first.execute("MyPrivVar = SCENE.CurrentActor()")
        #expect(try first.request("=MyPrivVar.Name()") == "Hip\n")
        let reply = try second.request("=MyPrivVar", expecting: "NameError")
        #expect(reply.contains("name 'MyPrivVar' is not defined"))
        #expect(try second.request("=__posertalkr_session__") == "127.0.0.2\n")
        #expect(try first.request("=__posertalkr_session__") == "127.0.0.1\n")
    }

    @Test func aNamespaceOutlivesItsConnection() throws {
        let server = try TestServer()
        do {
            let client = try server.connect(from: "127.0.0.3")
            try client.execute("kept = [1, 2, 3]\n")
            #expect(try client.request("=len(kept)") == "3\n")
        }
        let again = try server.connect(from: "127.0.0.3")
        #expect(try again.request("=kept") == "[1, 2, 3]\n")
    }

    @Test func twoConnectionsFromOneAddressShareTheNamespaceButNotTheReplies() throws {
        let server = try TestServer()
        let first = try server.connect(from: "127.0.0.4")
        let second = try server.connect(from: "127.0.0.4")
        try first.execute("shared = 'from first'")
        #expect(try first.request("=1") == "1\n")
        #expect(try second.request("=shared") == "from first\n")
        #expect(try first.drain(for: 0.3) == "", "the second connection's reply went only to it")
    }

    @Test func aReplyThatMissedItsConnectionArrivesOnTheNextOne() throws {
        let server = try TestServer()
        do {
            let client = try server.connect(from: "127.0.0.5")
            try client.send("import time\ntime.sleep(0.5)\nprint('finished while you were away')\n")
        }
        // The reply is produced while the session has no connection at all.
        Thread.sleep(forTimeInterval: 1.2)
        let again = try server.connect(from: "127.0.0.5")
        #expect(try again.receive(containing: "away\n") == "finished while you were away\n")
        #expect(try again.request("=2") == "2\n")
    }

    @Test func aReplyWhoseConnectionClosedGoesToTheSessionsOtherConnection() throws {
        let server = try TestServer()
        let stays = try server.connect(from: "127.0.0.6")
        #expect(try stays.request("=0") == "0\n")
        do {
            let leaves = try server.connect(from: "127.0.0.6")
            try leaves.send("import time\ntime.sleep(0.5)\nprint('late reply')\n")
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(try stays.receive(containing: "late reply\n") == "late reply\n")
    }

    @Test func busySessionsAreServedRoundRobin() throws {
        let server = try TestServer()
        let a = try server.connect(from: "127.0.0.7")
        let b = try server.connect(from: "127.0.0.8")
        // Occupy the interpreter while both sessions queue three requests each; each packet
        // is sent on its own so it is a read burst of its own.
        try a.send(
            "import sys, time\nsys.modules.setdefault('rr_log', type(sys)('rr_log')).order = []\ntime.sleep(0.6)\n"
        )
        Thread.sleep(forTimeInterval: 0.15)
        for index in 1...3 {
            try a.send("import rr_log; rr_log.order.append('A\(index)')")
            Thread.sleep(forTimeInterval: 0.05)
        }
        for index in 1...3 {
            try b.send("import rr_log; rr_log.order.append('B\(index)')")
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.8)
        let order = try b.request("=' '.join(__import__('rr_log').order)")
        #expect(order == "A1 B1 A2 B2 A3 B3\n")
    }
}
