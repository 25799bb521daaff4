import Foundation
import Testing

/// The raw protocol as the design brief specifies it, through a real socket and the real
/// embedded interpreter.
@Suite(.hangLimit)
struct RawProtocolTests {
    @Test func evalAnswersTheResultAndANewline() throws {
        let server = try TestServer()
        let client = try server.connect()
        #expect(try client.request("=4+5") == "9\n")
        #expect(try client.request("=4+5\r\n") == "9\n")
        #expect(try client.request("='caf\u{e9}'.upper()") == "CAF\u{c9}\n")
        #expect(try client.request("=[i * i for i in range(4)]") == "[0, 1, 4, 9]\n")
    }

    @Test func execOfASingleLineAnswersNothingButChangesTheNamespace() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.execute("x = 41")
        #expect(try client.request("=x+1") == "42\n")
    }

    @Test func multiLineScriptsRunAsOneProgram() throws {
        let server = try TestServer()
        let client = try server.connect()
        let script =
            "total = 0\r\nfor i in range(5):\r\n    total += i\r\n    print('step', i)\r\nprint('total', total)\r\n"
        let reply = try client.request(script, expecting: "total 10\n")
        #expect(reply == "step 0\nstep 1\nstep 2\nstep 3\nstep 4\ntotal 10\n")
        #expect(try client.request("=total") == "10\n")
    }

    @Test func printedOutputOfEvalAndExecComesBackInOrder() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(
            "import sys\nprint('out 1')\nprint('err 1', file=sys.stderr)\nsys.stdout.write('out 2\\n')",
            expecting: "out 2\n")
        #expect(reply == "out 1\nerr 1\nout 2\n")
        #expect(try client.request("=print('side effect') or 7", expecting: "7\n") == "side effect\n7\n")
    }

    @Test func exceptionsAnswerTheirTracebackAndTheSessionCarriesOn() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request("=1/0", expecting: "ZeroDivisionError")
        #expect(reply.hasPrefix("Traceback (most recent call last):\n"))
        #expect(reply.hasSuffix("ZeroDivisionError: division by zero\n"))

        let script = try client.request(
            "def f():\n    return undefined_name\nprint('before')\nf()\n", expecting: "NameError")
        #expect(script.hasPrefix("before\nTraceback"))
        #expect(script.contains("return undefined_name"), "the traceback quotes the script's own line")

        let syntax = try client.request("x = = 1", expecting: "SyntaxError")
        #expect(syntax.contains("x = = 1"))
        #expect(try client.request("=2*21") == "42\n")
    }

    @Test(arguments: [
        ("raise SystemExit", "SystemExit"),
        ("exit()", "SystemExit"),
        ("quit()", "SystemExit"),
        ("import sys; sys.exit(3)", "SystemExit: 3"),
        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
        ("input('name? ')", "EOFError"),
    ])
    func exitAndInterruptInClientCodeAreErrorsNotShutdowns(code: String, expected: String) throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(code, expecting: expected)
        #expect(reply.contains("Traceback"))
        #expect(try client.request("=1+1") == "2\n")
        let other = try server.connect()
        #expect(try other.request("=3") == "3\n")
        #expect(server.process.isRunning)
    }

    @Test func percentPathsResolveWithoutEval() throws {
        let server = try TestServer()
        let client = try server.connect()
        #expect(
            try client.request("%Figure 1/lForeArm/Bend") == "<ParmType 'Bend' of 'Left Forearm' = 0>\n"
        )
        #expect(try client.request("%hip/yrot\r\n") == "<ParmType 'Twist' of 'Hip' = 0>\n")
        #expect(try client.request("%Main Camera") == "<ActorType 'Main Camera' (camera)>\n")
        #expect(try client.request("%SCENE.CurrentActor") == "<ActorType 'Hip' (bodypart, Figure 1)>\n")
        #expect(try client.request("%SCENE.CurrentActor.Name") == "Hip\n")
        try client.execute("hip = SCENE.CurrentActor()\nhip.Parameter('yrot').SetValue(12.5)\n")
        #expect(try client.request("%hip/Twist") == "<ParmType 'Twist' of 'Hip' = 12.5>\n")
        let listing = try client.request("%Figure 1/", expecting: "Right Toe\n")
        #expect(listing.hasPrefix("Body\nHip\nAbdomen\n"))
    }

    @Test func unknownPathSegmentsAreNamedInTheError() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request("%Figure 1/lForeArm/wRotate", expecting: "PathError")
        #expect(reply.contains("has no parameter 'wRotate'"))
        let unknown = try client.request("%Nobody/xRotate", expecting: "PathError")
        #expect(unknown.contains("'Nobody'"))
        #expect(try client.request("=5") == "5\n")
    }

    @Test func packetsThatAreNotUTF8GetAClearError() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send(bytes: [UInt8(ascii: "="), 0x31, 0xFF, 0xFE])
        let reply = try client.receive(containing: "\n")
        #expect(
            reply
                == "posertalkr: the packet is not valid UTF-8 (bad byte at offset 2); PoserTalkr reads commands as UTF-8 text\n"
        )
        #expect(try client.request("=1") == "1\n")
    }

    @Test func sourceWithANulByteIsRefusedNotTruncated() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send(bytes: Array("x = 1\n".utf8) + [0] + Array("y = 2\n".utf8))
        let reply = try client.receive(containing: "null bytes")
        #expect(reply.contains("ValueError"))
        #expect(try client.request("='x' in dir()") == "False\n")
    }
}
