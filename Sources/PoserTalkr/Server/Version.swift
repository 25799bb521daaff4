/// PoserTalkr's version, reported in the framed HELLO and by `posertalkr --version`.
public enum PoserTalkrVersion {
    public static let current = "0.1.0"
}
