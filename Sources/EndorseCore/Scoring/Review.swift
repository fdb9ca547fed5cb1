/// One reviewer's rubric points for a candidate's text answer.
public struct Review: Hashable, Sendable {
    /// Who reviewed (over HTTP, the token name).
    public var reviewer: String
    /// 0...max_points of the question.
    public var points: Int

    public init(reviewer: String, points: Int) {
        self.reviewer = reviewer
        self.points = points
    }

    /// The latest review of each reviewer from a chronological list (oldest first): scoring uses
    /// only these (scoring.md). Reviewers keep the order of their first review.
    public static func latestPerReviewer(_ ordered: [Review]) -> [Review] {
        var result: [Review] = []
        var position: [String: Int] = [:]
        for review in ordered {
            if let i = position[review.reviewer] {
                result[i] = review
            } else {
                position[review.reviewer] = result.count
                result.append(review)
            }
        }
        return result
    }
}

extension Question {
    /// Refuses a review that cannot be recorded (scoring.md): one of a question that is not
    /// `text`, or with points outside 0...max_points.
    public func validateReview(points: Int) throws(EndorseError) {
        guard case .text(let maxPoints) = kind else {
            throw EndorseError(.invalidInput,
                               "question \(id) is a \(kind.name) question; only text answers are reviewed",
                               at: id)
        }
        guard (0...maxPoints).contains(points) else {
            throw EndorseError(.invalidInput,
                               "\(points) points is outside 0..\(maxPoints) for question \(id)",
                               at: id)
        }
    }
}
