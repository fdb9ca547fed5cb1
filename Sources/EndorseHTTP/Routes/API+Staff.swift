import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// Staff routes: scores, answers, reviews (the tally is in API+Tally.swift).
    func registerStaff(_ router: Router<Context>) {
        // Scoring JSON of scoring.md.
        add(router, .get, "/v1/cycles/:cycle/scores", .staff) { _, context, caller in
            let cycle = try Self.cycle(context)
            let report = try await self.acting(caller).answers.scores(cycle: cycle)
            return .json(report.json)
        }
        add(router, .put, "/v1/cycles/:cycle/candidates/:id/answers", .staff) { request, context, caller in
            let bytes = try await JSONBody.read(request)
            let cycle = try Self.cycle(context)
            let candidate = try Self.id(context, "id")
            let changed = try await self.acting(caller).answers.replaceAnswers(cycle: cycle, candidate: candidate) { c in
                try StaffBodies.answers(bytes, cycle: c)
            }
            return .json(.object(["cycle": .string(cycle), "candidate": .string(candidate),
                                  "changed": .strings(changed)]))
        }
        // A review; the reviewer is the token's name.
        add(router, .post, "/v1/cycles/:cycle/candidates/:id/reviews", .staff) { request, context, caller in
            let bytes = try await JSONBody.read(request)
            let cycleID = try Self.cycle(context)
            let candidate = try Self.id(context, "id")
            guard let caller else { throw APIError.forbidden }
            let store = self.acting(caller)
            let cycle = try await store.answers.cycle(cycleID, candidate: candidate)
            let review = try StaffBodies.review(bytes, cycle: cycle)
            let added = try await store.answers.addReview(cycle: cycleID, candidate: candidate, question: review.question,
                                                          points: review.points, reviewer: caller.name, note: review.note)
            return .json(.object(["id": .int(added.id), "cycle": .string(cycleID), "candidate": .string(candidate),
                                  "question": .string(review.question), "points": .int(review.points),
                                  "reviewer": .string(caller.name), "note": .optional(review.note),
                                  "answer_version": .int(added.answerVersion)]), status: .created)
        }
    }
}
