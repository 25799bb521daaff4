import Foundation
import PoserTalkr
import ServiceLifecycle

/// Prints the "listening" line that scripts and tests wait for, from inside the service
/// group: by then the group traps SIGTERM and SIGINT, so a stop request sent as soon as the
/// line is seen is never lost. (Before, a SIGINT sent within that window reached the SIGINT
/// handler Python installs when its `signal` module loads, which only sets a flag.)
/// It first has the server keep those signals' descriptors from client code's `os.close`.
struct ListeningAnnouncement: Service {
    let server: PoserTalkrServer
    let line: String

    func run() async {
        server.protectDescriptorsOpenedSinceStart()
        // Unbuffered, so whoever waits for this line sees it at once.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
