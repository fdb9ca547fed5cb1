import EndorseCore
import EndorseStore
import Foundation

/// Everything public about one published slate version of a cycle, made once: the voter guide in
/// every language of the cycle, the slate JSON, its signature and the public key. `endorse serve`
/// sends these bytes from memory; `slate publish --site` writes the same bytes to files.
struct PublishedSite: Sendable {
    let cycle: String
    let version: Int
    /// Guide languages, the default first.
    let languages: [WebLanguage]
    /// The guide in each language.
    let guides: [WebLanguage: PublishedArtifact]
    /// `slate`, `slate.sig` and (when the key was recorded) `coalition.pub`, by that name.
    let files: [String: PublishedArtifact]
    /// `slate-<cycle>-v<N>.json` (formats.md), the name a checker gives `signify`.
    let slateFileName: String

    /// The default language's guide (what `/slate/{cycle}` sends without a preference).
    var defaultGuide: PublishedArtifact? { languages.first.flatMap { guides[$0] } }

    /// Renders and compresses everything of `publication`; nil when its bytes are not a slate.
    init?(_ publication: Publication) {
        let slate = publication.slate
        let languages = VoterGuide.languages(of: publication.cycle)
        var guides: [WebLanguage: PublishedArtifact] = [:]
        for language in languages {
            guard let page = VoterGuide.render(publication, language: language) else { return nil }
            guides[language] = PublishedArtifact(bytes: Array(page.utf8), contentType: "text/html; charset=utf-8",
                                                 language: language.rawValue, lastModified: slate.publishedAt)
        }
        var files: [String: PublishedArtifact] = [
            "slate": PublishedArtifact(bytes: slate.bytes, contentType: "application/json",
                                       lastModified: slate.publishedAt),
            "slate.sig": PublishedArtifact(bytes: Array(slate.signature.utf8), contentType: "text/plain; charset=utf-8",
                                           lastModified: slate.publishedAt, compress: false),
        ]
        if let key = publication.publicKey {
            files["coalition.pub"] = PublishedArtifact(bytes: Array(key.utf8), contentType: "text/plain; charset=utf-8",
                                                       lastModified: slate.publishedAt, compress: false)
        }
        self.cycle = slate.cycle
        self.version = slate.version
        self.languages = languages
        self.guides = guides
        self.files = files
        self.slateFileName = Slate.fileName(cycle: slate.cycle, version: slate.version)
    }

    /// The guide for a visitor: their language when the guide has it, else the default.
    func guide(for language: WebLanguage?) -> PublishedArtifact? {
        if let language, let page = guides[language] { return page }
        return defaultGuide
    }
}
