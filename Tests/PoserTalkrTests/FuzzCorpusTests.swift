import Foundation
import Testing

/// The fuzz target's decoders over the committed seed corpus, without libFuzzer: a quick
/// regression run of the inputs scripts/fuzz starts from.
@Suite struct FuzzCorpusTests {
    @Test func theSeedCorpusReplaysWithoutAFinding() throws {
        let replayer = TestServer.executable.deletingLastPathComponent().appendingPathComponent(
            "posertalkr-fuzz")
        let corpus = TestServer.repositoryRoot.appendingPathComponent("Fuzz/corpus")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        #expect(files.count >= 20)
        let run = try ChildProcess(replayer.path, [corpus.path])
        run.closeInput()
        #expect(try run.waitForExit(timeout: 60) == 0)
        #expect(run.output.text == "replayed \(files.count) inputs without a finding\n")
    }
}
