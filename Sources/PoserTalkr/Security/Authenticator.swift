import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Checks that clients know the server's token, without comparing secrets in ways that
/// leak timing, and slows down addresses that keep guessing.
///
/// Framed clients never send the token: the HELLO carries a fresh random challenge and the
/// client answers HMAC-SHA256(key: token, message: "PTKR-AUTH-1" + challenge). Raw clients
/// send `AUTH <token>` as their first line (use TLS or a trusted network for those).
public final class Authenticator: Sendable {
    static let context = Array("PTKR-AUTH-1".utf8)
    static let lockedOutMessage = "too many failed authentications from this address; try again later"

    // Key material is kept as bytes (CryptoKit's key types are not Sendable everywhere).
    private let token: [UInt8]
    /// A per-process key under which raw tokens are compared (as MACs, in constant time).
    private let comparisonKey: [UInt8]
    private let tokenMAC: [UInt8]
    private let limiter: FailureLimiter

    public init(
        token: String, failureLimit: Int = 5, window: TimeAmount = .seconds(60),
        lockout: TimeAmount = .seconds(60)
    ) {
        self.token = Array(token.utf8)
        let comparisonKey = SymmetricKey(size: .bits256)
        self.comparisonKey = comparisonKey.withUnsafeBytes { Array($0) }
        tokenMAC = Array(HMAC<SHA256>.authenticationCode(for: Array(token.utf8), using: comparisonKey))
        limiter = FailureLimiter(limit: failureLimit, window: window, lockout: lockout)
    }

    /// 32 random bytes for a framed connection's HELLO.
    func makeChallenge() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Whether `response` is the HMAC of `challenge` under the token (constant time).
    func verify(response: ByteBuffer, challenge: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            Array(response.readableBytesView), authenticating: Self.context + challenge,
            using: SymmetricKey(data: token))
    }

    /// Whether a raw client's `AUTH` line carries the token (constant time).
    func verify(token candidate: String) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            tokenMAC, authenticating: Array(candidate.utf8), using: SymmetricKey(data: comparisonKey))
    }

    /// Records a failed attempt from `address`; returns true when the address is now locked
    /// out (the caller logs that once).
    func recordFailure(from address: String) -> Bool { limiter.recordFailure(from: address) }

    /// Whether `address` is locked out after too many failures.
    func isLockedOut(_ address: String) -> Bool { limiter.isLockedOut(address) }
}

/// Counts failures per address; `limit` failures within `window` lock the address out for
/// `lockout`.
final class FailureLimiter: Sendable {
    private let limit: Int
    private let window: TimeAmount
    private let lockout: TimeAmount
    private let state = NIOLockedValueBox<[String: Entry]>([:])

    private struct Entry {
        var failures: [NIODeadline] = []
        var lockedUntil: NIODeadline?
    }

    init(limit: Int, window: TimeAmount, lockout: TimeAmount) {
        self.limit = limit
        self.window = window
        self.lockout = lockout
    }

    func recordFailure(from address: String) -> Bool {
        let now = NIODeadline.now()
        return state.withLockedValue { entries in
            var entry = entries[address] ?? Entry()
            entry.failures = entry.failures.filter { now - $0 < window } + [now]
            var lockedNow = false
            if entry.failures.count >= limit, entry.lockedUntil.map({ $0 < now }) ?? true {
                entry.lockedUntil = now + lockout
                entry.failures = []
                lockedNow = true
            }
            entries[address] = entry
            if entries.count > 10_000 {
                entries = entries.filter { $0.value.lockedUntil.map { $0 > now } ?? false }
            }
            return lockedNow
        }
    }

    func isLockedOut(_ address: String) -> Bool {
        let now = NIODeadline.now()
        return state.withLockedValue { entries in
            guard let until = entries[address]?.lockedUntil else { return false }
            return until > now
        }
    }
}
