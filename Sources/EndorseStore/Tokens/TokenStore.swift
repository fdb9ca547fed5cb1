/// API bearer tokens (api.md, "Roles and tokens"): created once, stored as SHA-256, revocable.
public struct TokenStore: StoreArea {
    public let base: ActingStore
}
