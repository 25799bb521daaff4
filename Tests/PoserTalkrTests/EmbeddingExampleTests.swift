import Foundation
import Testing

/// samples/EmbeddingExample (docs/EMBEDDING.md): a host app's own Python module takes the
/// stub's place, and scripts sent over TCP change the app's Swift state through it.
@Suite(.hangLimit)
struct EmbeddingExampleTests {
    static let binary = TestServer.executable.deletingLastPathComponent()
        .appendingPathComponent("posertalkr-embedding-example")

    @Test func scriptsDriveTheHostAppThroughItsOwnModule() throws {
        let server = try TestServer(executable: Self.binary)
        let client = try server.connect()
        #expect(try client.request("=SCENE.CurrentActor().Name()") == "Key Light\n")
        #expect(try client.request("=poser.__name__, type(SCENE).__module__") == "('studio', 'studio')\n")

        try client.execute(
            "SCENE.Actor('Fill Light').SetIntensity(0.25)\nSCENE.SelectActor(SCENE.Actor('Rim Light'))\n")
        // Read back through Swift: the value lives in the app's state, not in Python.
        #expect(try client.request("=__import__('studio').intensity('Fill Light')") == "0.25\n")
        #expect(try client.request("=SCENE.CurrentActor().Name()") == "Rim Light\n")

        let failure = try client.request("=SCENE.Actor('Moon')", expecting: "KeyError")
        #expect(failure.contains("no light named Moon"))

        // The stub is not what sessions see, but the server's own runtime still works.
        #expect(try client.request("print('printed from', poser.__name__)") == "printed from studio\n")
        #expect(try server.stop(with: SIGTERM) == 0)
        #expect(server.standardOutput.contains("stopped; key light at 1.0"))
    }
}
