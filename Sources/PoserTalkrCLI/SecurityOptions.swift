import ArgumentParser
import Foundation
import PoserTalkr

/// Who may connect: `--allow`, the token, TLS, `--insecure` (docs/SECURITY.md).
struct SecurityOptions: ParsableArguments {
    @Option(
        name: .customLong("allow"),
        help: ArgumentHelp(
            "Accept connections only from this address range (CIDR: 192.168.1.0/24, fd00::/8, 10.0.0.5); repeatable.",
            valueName: "cidr"))
    var allowed: [String] = []

    @Option(
        help: ArgumentHelp(
            "File holding the token clients must prove they know (else $POSERTALKR_TOKEN).", valueName: "path"
        ))
    var tokenFile: String?

    @Option(help: ArgumentHelp("PEM certificate chain: enables TLS.", valueName: "path"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "path"))
    var tlsKey: String?

    @Flag(help: "With TLS, also accept plaintext connections from the network (loopback always may).")
    var allowPlaintext = false

    @Flag(
        help: "Listen on a non-loopback address with no --allow and no token, as the original did. Dangerous."
    )
    var insecure = false

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        for range in allowed {
            do { _ = try IPRange(range) } catch { throw ValidationError("--allow: \(error)") }
        }
    }

    /// The configuration, with warnings to print (a token file others can read, a short token).
    func configuration(environment: [String: String]) throws -> (SecurityConfiguration, [String]) {
        var security = SecurityConfiguration()
        var warnings: [String] = []
        security.allowlist = try allowed.map { try IPRange($0) }
        if let tokenFile {
            security.token = try readToken(from: tokenFile, warnings: &warnings)
        } else if let fromEnvironment = environment["POSERTALKR_TOKEN"], !fromEnvironment.isEmpty {
            security.token = fromEnvironment
        }
        if let token = security.token, token.count < 16 {
            warnings.append(
                "the token has only \(token.count) characters; use 16 or more (openssl rand -hex 24)")
        }
        if let tlsCert, let tlsKey { security.tls = (tlsCert, tlsKey) }
        security.allowPlaintextFromNetwork = allowPlaintext
        security.insecure = insecure
        return (security, warnings)
    }

    private func readToken(from path: String, warnings: inout [String]) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--token-file \(path) cannot be read")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("--token-file \(path) is empty") }
        if let permissions = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]
            as? Int,
            permissions & 0o077 != 0
        {
            warnings.append("\(path) can be read by other users (chmod 600 it)")
        }
        return token
    }
}
