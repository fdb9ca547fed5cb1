import Yams

/// Display texts (cycle.md pinned details): a string, or a map from language code to a
/// non-empty string whose first entry is the default; every map of one cycle names the same
/// languages, with the same default.
extension CycleReader {
    /// Reads `key` of `map` as a display text; reports it when missing.
    mutating func requiredText(_ map: MapReader, _ key: String) -> LocalizedText? {
        guard let node = map.required(key, sink: &sink) else { return nil }
        return localizedText(node, map.sub(key))
    }

    /// Reads `key` of `map` as a display text when present.
    mutating func optionalText(_ map: MapReader, _ key: String) -> LocalizedText? {
        guard let node = map.optional(key) else { return nil }
        return localizedText(node, map.sub(key))
    }

    mutating func localizedText(_ node: Node, _ path: String) -> LocalizedText? {
        guard case .mapping(let mapping) = node else {
            return Scalars.text(node, path, sink: &sink).map { LocalizedText($0) }
        }
        var entries: [(language: String, text: String)] = []
        var ok = true
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode, Self.isLanguageCode(key.string) else {
                sink.add(path, keyNode.mark, "\(Node.describe(keyNode)) is not a language code "
                         + "(use codes such as en, es, zh-Hant)")
                ok = false
                continue
            }
            guard let text = Scalars.text(value, CyclePath.key(path, key.string), sink: &sink) else {
                ok = false
                continue
            }
            entries.append((key.string, text))
        }
        guard ok else { return nil }
        guard let text = LocalizedText(entries: entries) else {
            sink.add(path, node.mark, "must be text, or a map from language code to text "
                     + "(e.g. {en: ..., es: ...}), not an empty mapping")
            return nil
        }
        checkLanguages(text.languages, path: path, mark: node.mark)
        return text
    }

    /// The first map of the file fixes the languages; later maps must name the same ones with
    /// the same default.
    mutating func checkLanguages(_ languages: [String], path: String, mark: Mark?) {
        guard let reference = languageReference else {
            languageReference = (languages, path)
            return
        }
        let same = Set(languages) == Set(reference.languages) && languages.first == reference.languages.first
        guard !same else { return }
        sink.add(path, mark, "names the languages \(languages.joined(separator: ", ")), but "
                 + "\(reference.path) names \(reference.languages.joined(separator: ", ")) (every map "
                 + "of a cycle names the same languages, the default first)")
    }

    /// `en`, `es`, `pt-BR`, `zh-Hant`: 2-3 lowercase letters, then optional `-` subtags.
    static func isLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { p in
            (2...8).contains(p.count) && p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// `questionnaire_closes`: RFC 3339 with an offset.
    mutating func deadline(_ map: MapReader) -> OffsetDateTime? {
        guard let (text, mark) = optional(map, "questionnaire_closes", Scalars.text) else { return nil }
        guard let value = OffsetDateTime(parsing: text) else {
            sink.add(map.sub("questionnaire_closes"), mark, "\"\(text)\" is not a date and time with "
                     + "an offset (RFC 3339, e.g. 2026-09-15T23:59:00-05:00)")
            return nil
        }
        return value
    }

    /// `publish_answers`: endorsed (default), all or none.
    mutating func publishAnswers(_ map: MapReader) -> PublishAnswers? {
        guard let (text, mark) = optional(map, "publish_answers", Scalars.text) else { return .endorsed }
        guard let value = PublishAnswers(rawValue: text) else {
            sink.add(map.sub("publish_answers"), mark,
                     "unknown publish_answers \"\(text)\" (use endorsed, all or none)")
            return nil
        }
        return value
    }
}
