/// Cycles, their races, planks and questionnaire (`cycle load`), candidates, member orgs and recusals.
public struct CatalogStore: StoreArea {
    public let base: ActingStore
}
