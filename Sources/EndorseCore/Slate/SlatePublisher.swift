/// A slate version to write (and then sign).
public struct SlatePublication: Hashable, Sendable {
    /// The exact bytes: canonical JSON and a final newline.
    public var bytes: [UInt8]
    public var version: Int
    /// `slate-<cycle>-v<N>.json`.
    public var fileName: String
    /// Hex SHA-256 of `bytes` (the next version's `previous_sha256`).
    public var sha256: String
}

/// Decides what `slate publish` writes (formats.md): nothing when the content is unchanged,
/// else version N+1 chained to the previous bytes by `previous_sha256`.
public enum SlatePublisher {
    /// - Parameters:
    ///   - previous: the exact bytes and version of the latest published slate, if any.
    ///   - content: the slate content now.
    ///   - now: `published_at` (`SlateTime.string(Date())`).
    /// - Returns: the next version, or nil when the content equals the previous version's.
    /// - Throws: when the content cannot be built, or the previous bytes are not JSON.
    public static func next(previous: (bytes: [UInt8], version: Int)?, content: SlateContent,
                            now: String) throws(EndorseError) -> SlatePublication? {
        let contentJSON = try content.json()
        guard SlateTime.isValid(now) else {
            throw EndorseError(.invalidInput, "published_at \(now) is not YYYY-MM-DDTHH:MM:SSZ")
        }
        var version = 1
        var previousSHA: String?
        if let previous {
            let old: JSONValue
            do {
                old = try JSONValue.parse(previous.bytes)
            } catch {
                throw EndorseError(.invalidInput, "the previous slate (v\(previous.version)) is not JSON: \(error)")
            }
            if Slate.content(of: old).canonicalBytes == contentJSON.canonicalBytes { return nil }
            version = previous.version + 1
            previousSHA = SlateHash.sha256Hex(previous.bytes)
        }
        let doc = Slate.document(content: contentJSON, version: version, previousSHA256: previousSHA,
                                 publishedAt: now)
        let bytes = Slate.bytes(of: doc)
        return SlatePublication(bytes: bytes, version: version,
                                fileName: Slate.fileName(cycle: content.cycle.id, version: version),
                                sha256: SlateHash.sha256Hex(bytes))
    }
}
