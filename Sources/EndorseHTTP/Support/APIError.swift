import EndorseCore
import Hummingbird
import Logging

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

    static let unauthorized = APIError(EndorseError(.unauthorized, "a valid bearer token is required"))
    static let forbidden = APIError(EndorseError(.forbidden, "this token does not have the right to do this"))
    static let payloadTooLarge = APIError(.contentTooLarge, "payload_too_large",
                                          "the request body is larger than 64 KiB")
    static let unsupportedMediaType = APIError(.unsupportedMediaType, "unsupported_media_type",
                                               "the request body must be application/json")
    static func notFound(_ message: String = "not found") -> APIError { APIError(.notFound, "not_found", message) }
    static func invalidBody(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, "invalid_body", message, field: field)
    }

    /// The answer for a refusal of the store or core (`ErrorStatus`). Messages are the store's
    /// (clear, naming the id); `location` becomes `field` only for body errors, where it is a
    /// JSON path.
    public init(_ error: EndorseError) {
        let (status, code, isBody) = ErrorStatus.of(error.code)
        if isBody {
            self.init(status, code, error.message, field: error.location)
        } else if error.code == .unavailable || error.code == .unauthorized || error.code == .forbidden {
            self.init(status, code, error.message)
        } else {
            self.init(status, code, error.description)
        }
    }

    /// The answer for anything a route throws: refusals by their code, Hummingbird's own errors
    /// by their status; anything else is logged and answered 500 without details.
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let e as APIError:
            self = e
        case let e as EndorseError:
            self.init(e)
            if status == .internalServerError {
                logger.error("request failed", metadata: ["error": "\(String(reflecting: e))"])
            }
        case let e as HTTPError:
            self.init(e.status, e.status == .notFound ? "not_found" : "invalid_request", e.body ?? e.status.reasonPhrase)
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            self.init(.internalServerError, "internal", "internal error")
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
        // The database is down or busy, or the ballot queue full: come back shortly.
        if status == .serviceUnavailable { r.headers[.retryAfter] = "1" }
        return r
    }
}
