import EndorseCore
import Foundation
import PostgresNIO

/// What `slate publish` did.
public struct SlatePublishResult: Sendable {
    /// The new version; nil when nothing changed since `latestVersion` (nothing was written).
    public var publication: SlatePublication?
    /// The `.sig` file's bytes of the new version; empty when nothing changed.
    public var signature: [UInt8]
    /// The latest version after the call (the new one, or the unchanged previous one; 0 if none).
    public var latestVersion: Int
    /// The public key of the signing key (the `coalition.pub` to publish beside the slate).
    public var publicKey: SignifyPublicKey
    /// The files written (when an output folder was given and something changed).
    public var files: SlateFiles.Written?

    public var changed: Bool { publication != nil }
}

/// One stored slate version (the exact signed bytes).
public struct StoredSlate: Sendable, Hashable {
    public var cycle: String
    public var version: Int
    public var bytes: [UInt8]
    /// The `.sig` file's text.
    public var signature: String
    /// Hex SHA-256 of `bytes`.
    public var sha256: String
    public var publishedAt: Date

    public init(cycle: String, version: Int, bytes: [UInt8], signature: String, sha256: String, publishedAt: Date) {
        self.cycle = cycle
        self.version = version
        self.bytes = bytes
        self.signature = signature
        self.sha256 = sha256
        self.publishedAt = publishedAt
    }
}

extension DecisionStore {
    /// Publishes the cycle's slate (formats.md, "The slate"): builds the content from the
    /// database, and when it differs from the latest version's, signs version N+1 with `key`
    /// and stores it with one audit event. Returns nil `publication` when nothing changed.
    /// With `out`, the slate, its `.sig` and `coalition.pub` are written there before the
    /// transaction commits, so a failed write stores nothing (a failed commit may leave files of
    /// a version the next publication rewrites).
    ///
    /// Publishers of one cycle are serialized by a transaction-scoped advisory lock, so two
    /// concurrent calls never both make version N (the primary key (cycle, version) is the
    /// last line of defence).
    public func publishSlate(cycle cycleID: String, key: SignifySecretKey,
                             out: String? = nil, now: Date = Date()) async throws -> SlatePublishResult {
        let publicKey = key.publicKey
        let nowText = SlateTime.string(now)
        do {
            defer { store.publications.bump() }
            return try await change(action: "slate.publish", cycle: cycleID, subject: nil) { conn in
                try await conn.query("SELECT pg_advisory_xact_lock(hashtext('endorse.slate'), hashtext(\(cycleID)))",
                                     logger: logger)
                let content = try await slateContent(cycle: cycleID, on: conn)
                let latest = try await latestSlate(cycle: cycleID, on: conn)
                let previous = latest.map { (bytes: $0.bytes, version: $0.version) }
                guard let publication = try SlatePublisher.next(previous: previous, content: content, now: nowText) else {
                    // Nothing changed: no row, and no audit event (the transaction is rolled back).
                    throw NothingChanged(version: latest?.version ?? 0)
                }
                let signature = try key.sign(publication.bytes)
                    .fileBytes(comment: "verify with coalition.pub")
                let signatureText = String(decoding: signature, as: UTF8.self)
                let sha = ByteBuffer(bytes: Array(Hex.decode(publication.sha256) ?? []))
                let previousSHA = latest.map { ByteBuffer(bytes: Hex.decode($0.sha256) ?? []) }
                let contentSHA = ByteBuffer(bytes: Hex.decode(try content.contentSHA256()) ?? [])
                let bytes = ByteBuffer(bytes: publication.bytes)
                try await conn.query("""
                    INSERT INTO slates (cycle, version, sha256, previous_sha256, content_sha256, bytes,
                                        signature, actor, published_at)
                    VALUES (\(cycleID), \(publication.version), \(sha), \(previousSHA), \(contentSHA), \(bytes),
                            \(signatureText), \(actor), \(now))
                    """, logger: logger)
                try await recordGuide(cycle: cycleID, version: publication.version, slateBytes: publication.bytes,
                                      publicKey: publicKey, on: conn)
                let details: JSONValue = .object([
                    "version": .int(publication.version),
                    "file": .string(publication.fileName),
                    "sha256": .string(publication.sha256),
                    "previous_sha256": .optional(latest?.sha256),
                    "content_sha256": .string(try content.contentSHA256()),
                    "key_number": .string(Signify.hex(key.keyNumber)),
                    "published_at": .string(nowText),
                ])
                let files = try out.map {
                    try SlateFiles.write(fileName: publication.fileName, bytes: publication.bytes,
                                         signature: signature, publicKey: publicKey, to: $0)
                }
                let result = SlatePublishResult(publication: publication, signature: signature,
                                                latestVersion: publication.version, publicKey: publicKey,
                                                files: files)
                return (result, details)
            }
        } catch let unchanged as NothingChanged {
            return SlatePublishResult(publication: nil, signature: [], latestVersion: unchanged.version,
                                      publicKey: publicKey, files: nil)
        } catch let error where ServerError(error)?.isUniqueViolation == true {
            throw EndorseError(.conflict, "another publication of this cycle's slate happened at the same time; publish again",
                               at: cycleID)
        }
    }

    /// The latest published slate of a cycle, or nil before the first publication.
    public func latestSlate(cycle cycleID: String) async throws -> StoredSlate? {
        try await read { conn in try await latestSlate(cycle: cycleID, on: conn) }
    }

    /// One published version, or nil.
    public func slate(cycle cycleID: String, version: Int) async throws -> StoredSlate? {
        try await read { conn in
            let rows = try await conn.query("""
                SELECT version, bytes, signature, published_at FROM slates
                WHERE cycle = \(cycleID) AND version = \(version)
                """, logger: logger).collect()
            return try rows.first.map { try Self.storedSlate(cycleID, $0) }
        }
    }

    func latestSlate(cycle cycleID: String, on conn: PostgresConnection) async throws -> StoredSlate? {
        let rows = try await conn.query("""
            SELECT version, bytes, signature, published_at FROM slates
            WHERE cycle = \(cycleID) ORDER BY version DESC LIMIT 1
            """, logger: logger).collect()
        return try rows.first.map { try Self.storedSlate(cycleID, $0) }
    }

    private static func storedSlate(_ cycleID: String, _ row: PostgresRow) throws -> StoredSlate {
        let (version, buffer, signature, at) = try row.decode((Int, ByteBuffer, String, Date).self)
        let bytes = Array(buffer.readableBytesView)
        return StoredSlate(cycle: cycleID, version: version, bytes: bytes, signature: signature,
                           sha256: SlateHash.sha256Hex(bytes), publishedAt: at)
    }

    /// Thrown inside the publish transaction to roll it back (and so write no audit event).
    private struct NothingChanged: Error { var version: Int }
}

/// Lowercase/uppercase hex decoding for the hashes the slate code hands around as text.
extension Hex {
    /// The bytes of an even-length hex string, or nil.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
