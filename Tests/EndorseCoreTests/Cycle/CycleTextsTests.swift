import Foundation
import Testing
@testable import EndorseCore

private func header(_ extra: String) -> String {
    CycleDoc.make(header: CycleDoc.header + "\n" + extra)
}

private func named(_ name: String) -> String {
    CycleDoc.make(header: CycleDoc.header.replacingOccurrences(of: "name: Test cycle", with: "name: \(name)"))
}

private func textQuestion(_ extra: String) -> String {
    CycleDoc.make(questionnaire: CycleDoc.questions(
        CycleDoc.question(kind: "text", extra: "max_points: 4\n" + extra, planks: "- plank: p1")))
}

@Suite("CycleFile: display texts in several languages, max_words, questionnaire_closes, publish_answers")
struct CycleTextsTests {
    @Test("a map of language to text: the first entry is the default; plain strings are the same in every language")
    func maps() throws {
        let yaml = CycleDoc.make(
            header: CycleDoc.header.replacingOccurrences(of: "name: Test cycle", with: "name: {es: Ciclo, en: Cycle}"),
            races: CycleDoc.races("id: d1\nname: {es: Distrito 1, en: District 1}\nmethod: irv"))
        let cycle = try CycleDoc.parse(yaml)
        #expect(cycle.name.default == "Ciclo")
        #expect(cycle.name.defaultLanguage == "es")
        #expect(cycle.name.text(for: "en") == "Cycle")
        #expect(cycle.name.text(for: "fr") == "Ciclo")
        #expect(cycle.languages == ["es", "en"])
        #expect(cycle.question("q1")?.text == "Question one")
        #expect(cycle.question("q1")?.text.text(for: "es") == "Question one")
        let plain = try CycleDoc.parse(CycleDoc.make())
        #expect(plain.languages.isEmpty)
    }

    @Test("the sample cycle is in English (default) and Spanish, with the same ids and numbers")
    func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config/sample-2026.yaml")
        let cycle = try CycleFile.parse([UInt8](try Data(contentsOf: url)), file: "sample-2026.yaml")
        #expect(cycle.languages == ["en", "es"])
        #expect(cycle.name.default == "Sample City Board of Education, General Election 2026")
        #expect(cycle.races.allSatisfy { $0.name.languages == ["en", "es"] })
        #expect(cycle.questionnaire.allSatisfy { $0.text.languages == ["en", "es"] && $0.text.text(for: "es") != $0.text.default })
        #expect(cycle.questionnaire.filter { $0.maxWords == 250 }.count == 3)
        #expect(cycle.publishAnswers == .endorsed)
        #expect(cycle.questionnaireCloses == nil)
    }

    static let cases: [BadCycle] = [
        .init(name: "a map naming other languages than the first map",
              yaml: CycleDoc.make(header: CycleDoc.header.replacingOccurrences(of: "name: Test cycle", with: "name: {en: A, es: B}"),
                                  races: CycleDoc.races("id: d1\nname: {en: District 1, fr: District un}\nmethod: irv")),
              path: "races[0].name", message: "names the languages en, fr, but name names en, es"),
        .init(name: "a map with another default language",
              yaml: CycleDoc.make(header: CycleDoc.header.replacingOccurrences(of: "name: Test cycle", with: "name: {en: A, es: B}"),
                                  races: CycleDoc.races("id: d1\nname: {es: Distrito 1, en: District 1}\nmethod: irv")),
              path: "races[0].name", message: "the default first"),
        .init(name: "an empty translation", yaml: named("{en: A, es: \"\"}"),
              path: "name.es", message: "must not be empty"),
        .init(name: "a translation that is a list", yaml: named("{en: A, es: [x]}"),
              path: "name.es", message: "must be text"),
        .init(name: "a key that is not a language code", yaml: named("{en: A, Spanish: B}"),
              path: "name", message: "is not a language code"),
        .init(name: "an empty map", yaml: named("{}"), path: "name", message: "not an empty mapping"),
        .init(name: "max_words on a yes_no question",
              yaml: CycleDoc.make(questionnaire: CycleDoc.questions(CycleDoc.question(kind: "yes_no", extra: "max_words: 10"))),
              path: "questionnaire[0].max_words", message: "\"max_words\" is only for text questions, and this one is yes_no"),
        .init(name: "max_words 0", yaml: textQuestion("max_words: 0"),
              path: "questionnaire[0].max_words", message: "max_words must be at least 1, not 0"),
        .init(name: "max_words as text", yaml: textQuestion("max_words: many"),
              path: "questionnaire[0].max_words", message: "must be a whole number"),
        .init(name: "questionnaire_closes without an offset", yaml: header("questionnaire_closes: 2026-09-15T23:59:00"),
              path: "questionnaire_closes", message: "is not a date and time with an offset (RFC 3339"),
        .init(name: "questionnaire_closes as a date only", yaml: header("questionnaire_closes: 2026-09-15"),
              path: "questionnaire_closes", message: "is not a date and time with an offset"),
        .init(name: "questionnaire_closes on a day that does not exist", yaml: header("questionnaire_closes: 2026-02-30T10:00:00Z"),
              path: "questionnaire_closes", message: "RFC 3339"),
        .init(name: "publish_answers unknown", yaml: header("publish_answers: some"),
              path: "publish_answers", message: "unknown publish_answers \"some\" (use endorsed, all or none)"),
    ]

    @Test("each mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }

    @Test("questionnaire_closes: RFC 3339 with its offset, compared as an instant")
    func deadline() throws {
        let cycle = try CycleDoc.parse(header("questionnaire_closes: 2026-09-15T23:59:00-05:00\npublish_answers: all"))
        let closes = try #require(cycle.questionnaireCloses)
        #expect(closes.text == "2026-09-15T23:59:00-05:00")
        #expect(closes.offsetMinutes == -300)
        // 2026-09-16T04:59:00Z
        #expect(closes.unixMicroseconds == 1_789_534_740 * 1_000_000)
        #expect(cycle.questionnaireIsOpen(atUnixMicroseconds: closes.unixMicroseconds - 1))
        #expect(!cycle.questionnaireIsOpen(atUnixMicroseconds: closes.unixMicroseconds))
        #expect(cycle.publishAnswers == .all)
        #expect(OffsetDateTime(parsing: "2026-09-16T04:59:00.5Z")?.unixMicroseconds == 1_789_534_740_500_000)
        #expect(OffsetDateTime(parsing: "2026-09-16T04:59:00+25:00") == nil)
    }

    @Test("the JSON summary keeps maps, languages and the new keys, and reads back")
    func summaryRoundTrip() throws {
        let yaml = CycleDoc.make(
            header: CycleDoc.header.replacingOccurrences(of: "name: Test cycle", with: "name: {en: Cycle, es: Ciclo}")
                + "\nquestionnaire_closes: 2026-09-15T23:59:00-05:00",
            questionnaire: CycleDoc.questions(CycleDoc.question(kind: "text", extra: "max_points: 4\nmax_words: 20",
                                                                planks: "- plank: p1")))
        let cycle = try CycleDoc.parse(yaml)
        let json = CycleSummary.json(cycle)
        #expect(json["name"] == .object(["en": .string("Cycle"), "es": .string("Ciclo")]))
        #expect(json["languages"] == .strings(["en", "es"]))
        #expect(json["questionnaire_closes"] == .string("2026-09-15T23:59:00-05:00"))
        #expect(json["publish_answers"] == .string("endorsed"))
        #expect(json["questionnaire"]?.arrayValue?.first?["max_words"] == .int(20))
        #expect(CycleSummary.cycle(from: json) == cycle)
    }
}

@Suite("Word limits and line endings of text answers")
struct WordsTests {
    @Test(arguments: [("", 0), ("  ", 0), ("one", 1), ("one two", 2), (" one\n\ntwo\tthree ", 3), ("a\u{00A0}b", 2)])
    func counts(_ text: String, _ n: Int) { #expect(Words.count(text) == n) }

    @Test func lineEndings() {
        #expect(Words.normalizingLineEndings("a\r\nb\rc\nd") == "a\nb\nc\nd")
        #expect(Words.normalizingLineEndings("a\r\n\r\n") == "a\n\n")
    }

    static let question = Question(id: "q-t", text: "T", kind: .text(maxPoints: 4),
                                    planks: [PlankMapping(plank: "p")], maxWords: 3)

    @Test("a text over max_words is refused with the count and the limit, by the cell and by JSON")
    func tooManyWords() throws {
        #expect(try Self.question.parseAnswer(cell: "one two three") == .text("one two three"))
        #expect(throws: AnswerProblem.tooManyWords(4, limit: 3)) {
            try Self.question.parseAnswer(cell: "one two three four")
        }
        do {
            _ = try Self.question.parseAnswer(json: .string("a b c d e"))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .tooManyWords)
            #expect(error.message == "5 words, more than the limit of 3 words")
            #expect(error.words?.count == 5 && error.words?.limit == 3)
        }
    }

    @Test("CRLF in a text answer is stored as LF, so the same text from a browser compares equal")
    func normalised() throws {
        #expect(try Self.question.parseAnswer(cell: "one\r\ntwo") == .text("one\ntwo"))
    }
}
