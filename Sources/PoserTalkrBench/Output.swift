import Foundation

/// Prints a line at once, even into a pipe (the parent process waits for these lines).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
