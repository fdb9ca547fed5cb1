import EndorseCore
import EndorseStore
import Foundation

/// The public side of a publication as files for any static host or CDN (`slate publish --site`):
/// the same bytes `endorse serve` sends, at the same paths, so links work the same way.
///
/// ```
/// index.html                       front page: the guide in each language, the files
/// README.txt                       what the files are and how to check the signature
/// slate/<cycle>.html               the guide in the cycle's default language (GET /slate/<cycle>)
/// slate/<cycle>.<lang>.html        the guide in each language of the cycle
/// v1/cycles/<cycle>/slate          the slate JSON, exactly as signed; .sig, coalition.pub beside it
/// slate-<cycle>-v<N>.json, .sig    the same bytes under the names formats.md gives them
/// coalition.pub                    the public key of the signing key
/// *.gz                             gzip of a file, for hosts that send precompressed files
/// ```
public enum StaticSite {
    /// Writes the site of `publication` into `dir` (created when missing); returns the paths
    /// written, relative to `dir`.
    @discardableResult
    public static func write(_ publication: Publication, to dir: String) throws -> [String] {
        guard let site = PublishedSite(publication) else {
            throw EndorseError(.invalidInput, "the stored slate is not a slate object", at: publication.slate.cycle)
        }
        let cycle = site.cycle
        var files: [(path: String, artifact: PublishedArtifact)] = []
        if let guide = site.defaultGuide { files.append(("slate/\(cycle).html", guide)) }
        for language in site.languages {
            if let guide = site.guides[language] {
                files.append(("slate/\(VoterGuide.fileName(cycle: cycle, language: language))", guide))
            }
        }
        for (name, artifact) in site.files.sorted(by: { $0.key < $1.key }) {
            files.append(("v1/cycles/\(cycle)/\(name)", artifact))
        }
        var written: [String] = []
        for (path, artifact) in files {
            try put(artifact.bytes, dir, path, &written)
            if let gz = artifact.gzipped { try put(gz, dir, path + ".gz", &written) }
        }
        if let slate = site.files["slate"], let sig = site.files["slate.sig"] {
            try put(slate.bytes, dir, site.slateFileName, &written)
            try put(sig.bytes, dir, site.slateFileName + ".sig", &written)
        }
        if let key = site.files["coalition.pub"] { try put(key.bytes, dir, "coalition.pub", &written) }
        try put(Array(StaticSiteIndex.page(site, publication).utf8), dir, "index.html", &written)
        try put(Array(StaticSiteIndex.readme(site, publication).utf8), dir, "README.txt", &written)
        return written
    }

    /// Writes one file atomically (a temporary file renamed into place), making its folders.
    static func put(_ bytes: [UInt8], _ dir: String, _ path: String, _ written: inout [String]) throws {
        let url = URL(fileURLWithPath: dir).appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw EndorseError(.invalidInput, "cannot write the file: \(error.localizedDescription)", at: url.path)
        }
        written.append(path)
    }
}
