import EndorseCore
import Foundation

/// The answers part of the guide (cycle.md `publish_answers`): a candidate's answers question by
/// question, and with `all` a plank-by-plank table of every candidate who answered in a race.
extension GuidePage {
    /// A candidate who answered but was not endorsed.
    func answered(_ c: GuideAnswers.Candidate) -> [String: Any] {
        Self.clean([
            "name": c.name,
            "ballotLine": word("ballotAs", c.ballotName),
            "overallLine": word("overall", c.overall ?? "n/a"),
            "incumbent": c.incumbent,
            "website": c.website,
            "answers": answerList(c),
        ])
    }

    /// `{summary, items: [{question, questionLang, answer, answerLang}]}` in questionnaire order.
    func answerList(_ c: GuideAnswers.Candidate) -> [String: Any] {
        let items: [[String: Any]] = cycle.questionnaire.map { q in
            let question = localized(q.text, fallback: q.id)
            var item: [String: Any] = ["question": question["text"] ?? q.id]
            if let lang = question["lang"] { item["questionLang"] = lang }
            guard let value = c.answers[q.id] else {
                item["answer"] = word("noAnswer")
                return item
            }
            switch q.kind {
            case .yesNo:
                item["answer"] = value == "yes" ? word("yes") : value == "no" ? word("no") : value
            case .scale(let min, let max):
                item["answer"] = word("scale", value, String(min), String(max))
            case .choice(let options):
                let label = localized(options.first { $0.id == value }?.label, fallback: value)
                item["answer"] = label["text"] ?? value
                if let lang = label["lang"] { item["answerLang"] = lang }
            case .text:
                // Candidates' own answers are shown as written (web.md).
                item["answer"] = value
                item["asWritten"] = true
            }
            return item
        }
        return ["summary": word("answersOf", c.name), "items": items]
    }

    /// The table of a race: one column per candidate shown, one row per plank, then overall.
    func comparison(_ shown: [GuideAnswers.Candidate], raceName: String) -> [String: Any] {
        let columns: [[String: Any]] = shown.map { ["name": $0.name, "endorsed": $0.endorsed] }
        var rows: [[String: Any]] = cycle.platform.map { plank in
            let title = localized(plank.title, fallback: plank.id)
            return Self.clean([
                "title": title["text"] ?? plank.id,
                "titleLang": title["lang"],
                "cells": shown.map { ($0.planks[plank.id] ?? nil) ?? "n/a" },
            ])
        }
        rows.append(["title": word("overallRow"), "cells": shown.map { $0.overall ?? "n/a" }])
        return ["label": word("compareLabel", raceName), "columns": columns, "rows": rows]
    }
}
