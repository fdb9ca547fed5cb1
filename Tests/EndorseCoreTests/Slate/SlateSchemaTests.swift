import Testing
import EndorseTestSupport
@testable import EndorseCore

/// Every slate the code produces validates against schema/slate.schema.json (Python jsonschema,
/// an independent validator). A missing python3/jsonschema fails these tests.
@Suite struct SlateSchemaTests {
    static func published() throws -> [[UInt8]] {
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "Withdrew", at: "2026-10-02T09:00:00Z")
        let v1 = try #require(try SlatePublisher.next(previous: nil, content: SlateFixture.content(), now: "2026-10-01T17:00:00Z"))
        let v2 = try #require(try SlatePublisher.next(previous: (v1.bytes, 1), content: SlateFixture.content(rescissions: [r]),
                                                       now: "2026-10-02T10:00:00Z"))
        let empty = try #require(try SlatePublisher.next(previous: nil, content: SlateFixture.content(decisions: [:]),
                                                          now: "2026-10-01T17:00:00Z"))
        var stv = SlateFixture.district2
        stv.method = .stv
        stv.threshold = nil
        stv.base = nil
        stv.endorsements[0].share = nil
        let stvSlate = try Slate(content: SlateFixture.content(decisions: ["district-2": stv]), version: 1,
                                 previousSHA256: nil, publishedAt: "2026-10-01T17:00:00Z").bytes()
        return [v1.bytes, v2.bytes, empty.bytes, stvSlate]
    }

    @Test func producedSlatesValidate() throws {
        let slates = try Self.published()
        #expect(slates.count == 4)
        for bytes in slates {
            let errors = try SchemaCheck.errors(bytes)
            #expect(errors == nil, "\(errors ?? "")")
        }
    }

    /// Mutations of a valid slate that the schema must refuse.
    static let breakers: [(String, @Sendable (inout [String: JSONValue]) -> Void)] = [
        ("no rescinded", { $0["rescinded"] = nil }),
        ("extra member", { $0["extra"] = .bool(true) }),
        ("bad previous_sha256", { $0["previous_sha256"] = .string("ABC") }),
        ("bad published_at", { $0["published_at"] = .string("2026-10-01 17:00") }),
        ("version 0", { $0["version"] = .number("0") }),
        ("bad status", { o in
            guard var races = o["races"]?.arrayValue, case .object(var r) = races[0] else { return }
            r["status"] = .string("maybe")
            races[0] = .object(r)
            o["races"] = .array(races)
        }),
        ("endorsed without endorsements", { o in
            guard var races = o["races"]?.arrayValue, case .object(var r) = races[0] else { return }
            r["endorsements"] = .array([])
            races[0] = .object(r)
            o["races"] = .array(races)
        }),
    ]

    /// The first endorsement's `vote` of a slate, changed by `change`.
    static func vote(_ change: @escaping @Sendable (inout [String: JSONValue]) -> Void)
        -> @Sendable (inout [String: JSONValue]) -> Void {
        { o in
            guard var races = o["races"]?.arrayValue, let i = races.firstIndex(where: { !($0["endorsements"]?.arrayValue ?? []).isEmpty }),
                  case .object(var race) = races[i], var endorsements = race["endorsements"]?.arrayValue,
                  case .object(var endorsement) = endorsements[0], case .object(var vote) = endorsement["vote"] else { return }
            change(&vote)
            endorsement["vote"] = .object(vote)
            endorsements[0] = .object(endorsement)
            race["endorsements"] = .array(endorsements)
            races[i] = .object(race)
            o["races"] = .array(races)
        }
    }

    /// stv endorsements carry no share, threshold or base; the others always a threshold and base.
    static let stvBreakers: [(String, @Sendable (inout [String: JSONValue]) -> Void)] = [
        ("an stv share", vote { $0["method"] = .string("stv"); $0["threshold"] = .null; $0["base"] = .null }),
        ("an stv threshold", vote { $0["method"] = .string("stv"); $0["share"] = .null; $0["base"] = .null }),
        ("an stv base", vote { $0["method"] = .string("stv"); $0["share"] = .null; $0["threshold"] = .null }),
        ("an irv vote without threshold", vote { $0["threshold"] = .null }),
        ("an irv vote without base", vote { $0["base"] = .null }),
    ]

    @Test(arguments: 0..<stvBreakers.count)
    func schemaRefusesAMethodsWrongVote(index: Int) throws {
        let (name, mutate) = Self.stvBreakers[index]
        var o = try #require(try JSONValue.parse(Self.published()[0]).objectValue)
        mutate(&o)
        #expect(o != (try JSONValue.parse(Self.published()[0]).objectValue), "the mutation changed nothing")
        let errors = try SchemaCheck.errors(Slate.bytes(of: .object(o)))
        #expect(errors != nil, "schema accepted a slate with \(name)")
    }

    @Test(arguments: 0..<breakers.count)
    func schemaRefuses(index: Int) throws {
        let (name, mutate) = Self.breakers[index]
        var o = try #require(try JSONValue.parse(Self.published()[0]).objectValue)
        mutate(&o)
        let errors = try SchemaCheck.errors(Slate.bytes(of: .object(o)))
        #expect(errors != nil, "schema accepted a slate with \(name)")
    }
}
