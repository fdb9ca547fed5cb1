/// Candidates' questionnaire answers (CSV import and `PUT .../answers`, versioned), staff reviews of text answers, and scores (scoring.md).
public struct AnswerStore: StoreArea {
    public let base: ActingStore
}
