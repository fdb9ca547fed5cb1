import EndorseCore
import Hummingbird

extension EndorseError.Code {
    /// HTTP: a body that is malformed, of the wrong type or with an unknown field (api.md).
    public static let invalidBody = EndorseError.Code("invalid_body")
}

/// An HTTP error answer: `{"error": {"code", "message", "field"?}}` (formats.md, api.md) with its
/// status. Every refusal of the service goes through this type.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// The JSON path of the offending field (`ranking[1]`, `answers.q-revenue`), when one is.
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid bearer token is required")
    static let forbidden = APIError(.forbidden, "forbidden", "this token does not have the right to do this")
    static let payloadTooLarge = APIError(.contentTooLarge, "payload_too_large",
                                          "the request body is larger than 64 KiB")
    static let unsupportedMediaType = APIError(.unsupportedMediaType, "unsupported_media_type",
                                               "the request body must be application/json")
    static let unavailable = APIError(.serviceUnavailable, "unavailable",
                                      "the database is unavailable; try again shortly")
    static func notFound(_ message: String = "not found") -> APIError { APIError(.notFound, "not_found", message) }
    static func invalidBody(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, "invalid_body", message, field: field)
    }

    /// The answer for a refusal of the store or core. Messages are the store's (clear, naming the
    /// id); `location` becomes `field` only for body errors, where it is a JSON path.
    public init(_ error: EndorseError) {
        switch error.code {
        case .invalidBody:
            self.init(.badRequest, "invalid_body", error.message, field: error.location)
        case .invalidBallot:
            self.init(.badRequest, "invalid_ballot", error.message, field: error.location)
        case .notOnBallot:
            self.init(.badRequest, "not_on_ballot", error.message, field: error.location)
        case .invalidInput, .usage:
            self.init(.badRequest, "invalid_body", error.description)
        case .notFound:
            self.init(.notFound, "not_found", error.description)
        case .raceNotOpen:
            self.init(.conflict, "race_not_open", error.description)
        case .recused:
            self.init(.forbidden, "recused", error.description)
        case .unavailable:
            self.init(.serviceUnavailable, "unavailable", error.message)
        case .questionnaireClosed:
            self.init(.conflict, "questionnaire_closed", error.description)
        case .conflict, .wrongState:
            self.init(.conflict, "conflict", error.description)
        default:
            // org_inactive, not_on_roster and the like: the org may not act here.
            self.init(.forbidden, error.code.rawValue, error.description)
        }
    }

    /// The error object as JSON.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { object["field"] = .string(field) }
        return .object(["error": .object(object)])
    }

    /// The response carrying this error.
    public var response: Response {
        var r = Response.json(json, status: status)
        if status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer" }
        return r
    }
}
