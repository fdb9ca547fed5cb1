import Foundation
import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// Public slate routes: the exact signed bytes, their signature, and the voter guide page.
    /// Any Authorization header is ignored.
    func registerSlate(_ router: Router<Context>) {
        add(router, .get, "/v1/cycles/:cycle/slate", .everyone) { request, context, _ in
            let slate = try await self.latestSlate(context)
            var headers: HTTPFields = [:]
            headers[.eTag] = "\"\(slate.sha256)\""
            headers[.cacheControl] = "public, max-age=60"
            if Self.matches(request.headers[.ifNoneMatch], etag: slate.sha256) {
                return .empty(.notModified, headers: headers)
            }
            return .bytes(slate.bytes, contentType: "application/json", headers: headers)
        }
        add(router, .get, "/v1/cycles/:cycle/slate.sig", .everyone) { _, context, _ in
            let slate = try await self.latestSlate(context)
            var headers: HTTPFields = [:]
            headers[.cacheControl] = "public, max-age=60"
            return .bytes(Array(slate.signature.utf8), contentType: "text/plain; charset=utf-8", headers: headers)
        }
    }

    /// `GET /slate/{cycle}`: the voter guide, or a 404 page before the first publication.
    func registerVoterGuide(_ router: Router<Context>) {
        add(router, .get, "/slate/:cycle", .everyone) { _, context, _ in
            let html = "text/html; charset=utf-8"
            // A page route answers pages: an id that cannot exist gets the same 404 page as a
            // cycle with nothing published (schemathesis found a JSON 404 here).
            guard let cycle = context.parameters.get("cycle"), Identifier.isValid(cycle) else {
                return .bytes(Array(VoterGuide.notFound(cycle: "this cycle").utf8), status: .notFound, contentType: html)
            }
            guard let slate = try await self.acting(nil).decisions.latestSlate(cycle: cycle),
                  let page = VoterGuide.render(slate: slate.bytes) else {
                return .bytes(Array(VoterGuide.notFound(cycle: cycle).utf8), status: .notFound, contentType: html)
            }
            var headers: HTTPFields = [:]
            headers[.cacheControl] = "public, max-age=60"
            return .bytes(Array(page.utf8), contentType: html, headers: headers)
        }
    }

    func latestSlate(_ context: Context) async throws -> StoredSlate {
        let cycle = try Self.cycle(context)
        guard let slate = try await acting(nil).decisions.latestSlate(cycle: cycle) else {
            throw APIError.notFound("no slate has been published for \(cycle)")
        }
        return slate
    }

    /// Whether `If-None-Match` names this entity tag (`*`, a list, weak tags compared weakly).
    static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        for part in header.split(separator: ",") {
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == "\"\(etag)\"" { return true }
        }
        return false
    }
}
