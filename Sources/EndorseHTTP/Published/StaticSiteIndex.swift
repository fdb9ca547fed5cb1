import EndorseCore
import EndorseStore
import Foundation
import Mustache

/// The static site's front page and README.txt (`StaticSite`).
enum StaticSiteIndex {
    static let template: MustacheTemplate? = try? MustacheTemplate(string: VoterGuideTemplate.head + """
        <title>{{coalition}} — {{cycleName}}</title>
        \(VoterGuideTemplate.style)
        </head>
        <body><main>
        <h1>{{coalition}}</h1>
        <p>{{cycleName}}</p>
        <h2>{{t.titleSuffix}}</h2>
        <ul>
        {{#guides}}<li><a href="{{href}}" lang="{{code}}" hreflang="{{code}}">{{name}}</a></li>{{/guides}}
        </ul>
        <h2>{{filesTitle}}</h2>
        <ul>
        <li><a href="{{slateFile}}">{{slateFile}}</a></li>
        <li><a href="{{slateFile}}.sig">{{slateFile}}.sig</a></li>
        {{#hasKey}}<li><a href="coalition.pub">coalition.pub</a></li>{{/hasKey}}
        <li><a href="README.txt">README.txt</a></li>
        </ul>
        <footer><p>{{versionLine}}</p></footer>
        </main></body>
        </html>

        """)

    static func page(_ site: PublishedSite, _ publication: Publication) -> String {
        let language = site.languages.first ?? .en
        let guides: [[String: Any]] = site.languages.map {
            ["code": $0.rawValue, "name": $0.selfName, "href": "slate/\(VoterGuide.fileName(cycle: site.cycle, language: $0))"]
        }
        let context: [String: Any] = [
            "lang": language.rawValue,
            "t": GuideWords.all(language),
            "coalition": publication.cycle.coalition.name,
            "cycleName": publication.cycle.name.text(for: language.rawValue),
            "guides": guides,
            "filesTitle": language == .es ? "Lista firmada" : "Signed slate",
            "slateFile": site.slateFileName,
            "hasKey": site.files["coalition.pub"] != nil,
            "versionLine": GuideWords.text("version", language, String(site.version),
                                           SlateTime.string(publication.slate.publishedAt)),
        ]
        return template?.render(context) ?? ""
    }

    static func readme(_ site: PublishedSite, _ publication: Publication) -> String {
        let c = site.cycle, file = site.slateFileName
        let languages = site.languages.map { "slate/\(VoterGuide.fileName(cycle: c, language: $0))" }
            .joined(separator: ", ")
        return """
            \(publication.cycle.coalition.name): \(publication.cycle.name.default)
            Slate version \(site.version), published \(SlateTime.string(publication.slate.publishedAt)).

            Files
              index.html                  this site's front page
              slate/\(c).html      the voter guide in the cycle's default language
              \(languages)
                                          the voter guide in each language
              v1/cycles/\(c)/slate  the signed slate (JSON), exactly as signed
              \(file)  the same bytes under the name the signature tools expect
              \(file).sig  its signature (OpenBSD signify, Ed25519)
              coalition.pub               the coalition's public key
              *.gz                        gzip copies, for servers that send precompressed files

            Checking the signature
              signify-openbsd -V -p coalition.pub -m \(file)
            (Debian package signify-openbsd), or with endorse:
              endorse slate verify \(file)
            Take coalition.pub from the coalition itself (its website, its staff), not only from
            this site: a key downloaded beside the slate proves only that both came from one place.

            """
    }
}
