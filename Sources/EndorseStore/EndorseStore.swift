import EndorseCore

/// The PostgreSQL store. Filled in by the store work (issue 3).
public enum EndorseStore {}
