import Foundation

/// The HELLO frame's body.
struct ServerHello: Encodable {
    let server: String
    let version: String
    let `protocol`: Int
    let python: String
    let session: String
    let maxFrame: Int
    /// "hmac-sha256" when the client must authenticate, with the challenge (hex) to sign.
    let auth: String?
    let challenge: String?

    enum CodingKeys: String, CodingKey {
        case server, version, `protocol`, python, session, auth, challenge
        case maxFrame = "max_frame"
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
