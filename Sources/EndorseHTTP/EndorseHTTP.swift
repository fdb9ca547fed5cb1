import EndorseStore

/// The HTTP service. Filled in by the service work (issue 4).
public enum EndorseHTTP {}
