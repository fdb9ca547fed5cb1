/// How a read locks the rows it reads until its transaction ends.
enum RowLock: Sendable {
    /// No lock.
    case none
    /// `FOR SHARE`: others may read and share-lock; a writer waits (ballots against a close).
    case share
    /// `FOR UPDATE`: state changes of the row take turns.
    case update

    /// The clause to append to a `SELECT`.
    var clause: String {
        switch self {
        case .none: ""
        case .share: " FOR SHARE"
        case .update: " FOR UPDATE"
        }
    }
}
