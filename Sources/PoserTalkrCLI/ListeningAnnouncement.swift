import Foundation
import ServiceLifecycle

/// Prints the "listening" line that scripts and tests wait for, from inside the service
/// group: by then the group traps SIGTERM and SIGINT, so a stop request sent as soon as the
/// line is seen is never lost. (Before, a SIGINT sent within that window reached the SIGINT
/// handler Python installs when its `signal` module loads, which only sets a flag.)
struct ListeningAnnouncement: Service {
    let line: String

    func run() async {
        // Unbuffered, so whoever waits for this line sees it at once.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
