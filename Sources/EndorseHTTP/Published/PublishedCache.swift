import EndorseCore
import EndorseStore
import HTTPTypes
import Logging
import NIOCore
import Synchronization

/// The published sites of the cycles, kept in memory for the life of the service: rendered once
/// per published version, whatever the number of visitors. A cheap check of every cycle's latest
/// version (one small query) is made by the first request after `maxAge` since the last one, or
/// after a publication by this process; meanwhile, and while it runs, the others are answered from
/// memory. So a publication by any process on the same database is served within about a second,
/// and while the database is down the sites already built are still served.
final class PublishedCache: Sendable {
    let decisions: DecisionStore
    let publications: PublicationCounter
    let logger: Logger
    /// How old the last version check may be.
    let maxAge: Duration
    /// The bound on one version check (a hung database must not hold a visitor for long).
    static let checkTimeout = Duration.seconds(2)

    private struct State {
        /// The latest version of every cycle with a slate, as last checked; nil before the first check.
        var versions: [String: Int]?
        var sites: [String: PublishedSite] = [:]
        var checkedAt: ContinuousClock.Instant?
        var checkedPublications = 0
        var checking = false
    }
    private let state = Mutex(State())
    private let answered = Atomic(0)

    /// How many requests `answerNow` answered (the event-loop fast path's count).
    var answeredNow: Int { answered.load(ordering: .relaxed) }

    /// A cache over `store`, reading as `actor`.
    init(store: Store, actor: String, maxAge: Duration = .seconds(1)) {
        decisions = store.acting(as: actor).decisions
        publications = store.publications
        logger = store.logger
        self.maxAge = maxAge
    }

    /// The site of the cycle's latest version, nil before its first publication. Answers from
    /// memory once the version is known and built; builds it on first use.
    func site(cycle: String) async throws -> PublishedSite? {
        try await checkIfDue()
        enum Known { case none, site(PublishedSite), build, check }
        let known: Known = state.withLock { state in
            guard let versions = state.versions else { return .check }
            guard let latest = versions[cycle] else { return .none }
            if let site = state.sites[cycle], site.version == latest { return .site(site) }
            return .build
        }
        switch known {
        case .none: return nil
        case .site(let site): return site
        case .build: return try await build(cycle: cycle)
        case .check:
            try await refresh()
            return try await site(cycle: cycle)
        }
    }

    /// The answer to `request` from memory, without waiting: when it is a GET (or HEAD) of a
    /// published path whose cycle's latest version is built and no version check is due. Otherwise
    /// nil, and the router answers it (and makes the check), so this never serves a version older
    /// than `site(cycle:)` would.
    func answerNow(_ request: HTTPRequest) -> PublishedAnswer? {
        guard request.method == .get || request.method == .head, let target = request.path,
              let path = PublishedPath(target: target) else {
            return nil
        }
        let published = publications.value
        let now = ContinuousClock.now
        let site: PublishedSite? = state.withLock { state in
            guard let latest = state.versions?[path.cycle], let checkedAt = state.checkedAt,
                  now - checkedAt <= maxAge, state.checkedPublications == published,
                  let site = state.sites[path.cycle], site.version == latest else { return nil }
            return site
        }
        guard let site else { return nil }
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) }
        guard var answer = site.answer(path, query: query, headers: request.headerFields) else { return nil }
        answered.add(1, ordering: .relaxed)
        // HEAD: the GET's status and headers (its Content-Length too), no body.
        if request.method == .head { answer.body = ByteBuffer() }
        return answer
    }

    /// Checks the versions when the last check is too old or this process published since; only
    /// one request checks at a time. A failed check is an error only while nothing is known yet.
    private func checkIfDue() async throws {
        let published = publications.value
        let now = ContinuousClock.now
        let due: Bool = state.withLock { state in
            guard !state.checking, state.versions != nil else { return false }
            let old = state.checkedAt.map { now - $0 > maxAge } ?? true
            guard old || state.checkedPublications != published else { return false }
            state.checking = true
            return true
        }
        guard due else { return }
        defer { state.withLock { $0.checking = false } }
        do {
            try await Deadline.$current.withValue(.now + Self.checkTimeout) { _ = try await refresh() }
        } catch {
            logger.warning("published slates check failed", metadata: ["error": "\(error)"])
        }
    }

    /// Reads every cycle's latest version and rebuilds the sites that are behind it. Returns the
    /// cycles rebuilt.
    @discardableResult
    func refresh() async throws -> [String] {
        let published = publications.value
        let checkedAt = ContinuousClock.now
        let versions = try await decisions.publishedVersions()
        let stale: [String] = state.withLock { state in
            state.versions = versions
            state.checkedAt = checkedAt
            state.checkedPublications = published
            state.sites = state.sites.filter { versions[$0.key] != nil }
            return versions.keys.filter { state.sites[$0]?.version != versions[$0] }.sorted()
        }
        for cycle in stale {
            do {
                _ = try await build(cycle: cycle)
            } catch {
                // Its visitors get the error (a 503 while the database is down) on their request.
                logger.warning("cannot build the published site", metadata: ["cycle": "\(cycle)", "error": "\(error)"])
            }
        }
        return stale
    }

    /// Loads and renders the cycle's latest publication and keeps it (unless a newer one is kept).
    private func build(cycle: String) async throws -> PublishedSite? {
        guard let publication = try await decisions.latestPublication(cycle: cycle) else { return nil }
        guard let site = PublishedSite(publication) else {
            throw EndorseError(.invalidInput, "the stored slate is not a slate object", at: "\(cycle) v\(publication.slate.version)")
        }
        return state.withLock { state in
            if let kept = state.sites[cycle], kept.version > site.version { return kept }
            state.sites[cycle] = site
            if let known = state.versions?[cycle], known < site.version { state.versions?[cycle] = site.version }
            return site
        }
    }
}

