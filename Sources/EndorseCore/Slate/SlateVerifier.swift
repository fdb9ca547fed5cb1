/// What `endorse slate verify` found about one slate file (formats.md, pinned details).
public struct SlateVerification: Hashable, Sendable {
    /// How the `previous_sha256` link was checked.
    public enum Chain: Hashable, Sendable {
        /// Version 1: `previous_sha256` is null.
        case first
        /// Matches the SHA-256 of version `N - 1`'s bytes.
        case linked(previousVersion: Int)
        /// The previous version's file was not given (not beside the slate).
        case notChecked(previousFile: String)
        /// Could not be checked because the slate itself could not be read.
        case unknown
    }

    public var cycle: String?
    public var version: Int?
    /// Hex key number of the signature, when it verified.
    public var keyNumber: String?
    public var chain: Chain
    /// Each failed check, one line each; empty when the slate verifies.
    public var failures: [String]

    public var ok: Bool { failures.isEmpty }

    /// The one-line OK summary.
    public var summary: String {
        let chainText = switch chain {
        case .first: "first version"
        case .linked(let v): "chained to v\(v)"
        case .notChecked(let f): "chain not checked (\(f) not found)"
        case .unknown: "chain unknown"
        }
        return "OK: slate \(cycle ?? "?") v\(version.map(String.init) ?? "?"), signature by key \(keyNumber ?? "?"), canonical, \(chainText)"
    }
}

/// The checks of `slate verify`, on bytes the CLI read.
public enum SlateVerifier {
    /// - Parameters:
    ///   - slate: the slate file's exact bytes.
    ///   - signature: the `.sig` file's bytes; nil when it is missing.
    ///   - publicKey: the `.pub` file's bytes; nil when it is missing.
    ///   - previous: `slate-<cycle>-v<N-1>.json` beside it: a closure from that file name to its
    ///     bytes, nil when there is no such file.
    public static func verify(slate: [UInt8], signature: [UInt8]?, publicKey: [UInt8]?,
                              previous: (String) -> [UInt8]?) -> SlateVerification {
        var result = SlateVerification(cycle: nil, version: nil, keyNumber: nil, chain: .unknown, failures: [])

        // Signature over the exact bytes.
        if let signature, let publicKey {
            do {
                let sig = try SignifySignature(fileBytes: signature)
                let pub = try SignifyPublicKey(fileBytes: publicKey)
                try Signify.verify(message: slate, signature: sig, publicKey: pub)
                result.keyNumber = Signify.hex(sig.keyNumber)
            } catch {
                result.failures.append("signature: \(error.message)")
            }
        } else {
            if signature == nil { result.failures.append("signature: no signature file") }
            if publicKey == nil { result.failures.append("signature: no public key file") }
        }

        // Parse, canonical form, and the members the chain needs.
        let doc: JSONValue
        do {
            doc = try JSONValue.parse(slate)
        } catch {
            result.failures.append("json: not JSON: \(error)")
            return result
        }
        if Slate.bytes(of: doc) != slate || !allNumbersCanonical(doc) {
            result.failures.append("canonical: the bytes are not canonical JSON with a final newline")
        }
        if doc["format"]?.stringValue != Slate.format {
            result.failures.append("format: not \"\(Slate.format)\"")
        }
        result.cycle = doc["cycle"]?["id"]?.stringValue
        result.version = doc["version"].flatMap(intValue)
        guard let cycle = result.cycle, let version = result.version, version >= 1 else {
            result.failures.append("chain: no cycle id or positive version")
            return result
        }
        let link = doc["previous_sha256"]
        if version == 1 {
            result.chain = .first
            if link != .null { result.failures.append("chain: version 1 must have previous_sha256 null") }
            return result
        }
        let previousName = Slate.fileName(cycle: cycle, version: version - 1)
        guard let prevBytes = previous(previousName) else {
            result.chain = .notChecked(previousFile: previousName)
            if link?.stringValue == nil { result.failures.append("chain: previous_sha256 is missing") }
            return result
        }
        let expected = SlateHash.sha256Hex(prevBytes)
        if link?.stringValue != expected {
            result.failures.append("chain: previous_sha256 is not the SHA-256 of \(previousName) (\(expected))")
        } else if let prev = try? JSONValue.parse(prevBytes),
                  prev["version"].flatMap(intValue) != version - 1 || prev["cycle"]?["id"]?.stringValue != cycle {
            result.failures.append("chain: \(previousName) is not version \(version - 1) of cycle \(cycle)")
        } else {
            result.chain = .linked(previousVersion: version - 1)
        }
        return result
    }

    static func intValue(_ v: JSONValue) -> Int? {
        if case .number(let n) = v { return Int(n) }
        return nil
    }

    /// Whether every number is written in its shortest form (`100`, `87.5`, not `100.0` or `1e2`).
    static func allNumbersCanonical(_ v: JSONValue) -> Bool {
        switch v {
        case .number(let n): return isShortestNumber(n)
        case .array(let a): return a.allSatisfy(allNumbersCanonical)
        case .object(let o): return o.values.allSatisfy(allNumbersCanonical)
        default: return true
        }
    }

    static func isShortestNumber(_ n: String) -> Bool {
        var s = Substring(n)
        if s.first == "-" { s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digit: (Character) -> Bool = { $0 >= "0" && $0 <= "9" }
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(digit),
              whole == "0" || whole.first != "0" else { return false }
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.allSatisfy(digit), frac.last != "0" else { return false }
        } else if n == "-0" {
            return false
        }
        return true
    }
}
