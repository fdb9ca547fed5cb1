import Crypto
import EndorseCore
import Foundation

/// Who an access link belongs to: a candidate (questionnaire pages, `/q/...`) or a member org
/// (ballot pages, `/b/...`).
public enum LinkHolder: Sendable, Hashable {
    case candidate(String)
    case org(String)

    /// Which pages a link opens: a candidate's `/q/...` or an org's `/b/...`.
    public enum Kind: Sendable, Hashable { case candidate, org }

    public var kind: Kind {
        switch self {
        case .candidate: .candidate
        case .org: .org
        }
    }

    /// The holder's id.
    public var id: String {
        switch self {
        case .candidate(let id), .org(let id): id
        }
    }

    /// `candidate:<id>` or `org:<id>`.
    public var actorPrefix: String {
        switch self {
        case .candidate(let id): "candidate:\(id)"
        case .org(let id): "org:\(id)"
        }
    }
}

/// A browser session opened with an access link (web.md): who it acts for and through which
/// link. The session id itself lives only in the visitor's cookie.
public struct LinkSession: Sendable, Hashable {
    public var cycle: String
    public var holder: LinkHolder
    /// The link's name (`invite-1`, `remind-2`).
    public var linkName: String

    public init(cycle: String, holder: LinkHolder, linkName: String) {
        self.cycle = cycle
        self.holder = holder
        self.linkName = linkName
    }

    /// The audit actor of what is done in this session: `candidate:c-ana-ruiz/invite-1`.
    public var actor: String { "\(holder.actorPrefix)/\(linkName)" }
}

/// Secrets of links and sessions: 32 random bytes as base64url, stored only as SHA-256.
public enum LinkSecret {
    /// A new secret (43 characters of base64url).
    public static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return base64url(bytes)
    }

    /// SHA-256 of the secret's UTF-8 bytes.
    public static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Array(secret.utf8))) }

    /// Whether `text` looks like a secret at all (so junk never reaches the database).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
    }

    /// Unpadded base64url.
    public static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
