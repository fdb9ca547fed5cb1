import EndorseCore
import Foundation
import Hummingbird
import NIOCore

/// Reading a JSON request body within api.md's limits: over 64 KiB -> 413 (refused from the
/// Content-Length when given, else while reading: never more than the limit is buffered), then a
/// content type other than `application/json` -> 415. Parsing is left to the caller, because a
/// malformed body (400) is reported only after the route's resources and the race state.
enum JSONBody {
    static let maxBytes = 64 * 1024

    /// The raw body bytes, or 413/415.
    static func read(_ request: Request) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw APIError.payloadTooLarge
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge
        }
        guard isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// `application/json`, parameters (charset) allowed, case-insensitive.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// The parsed body, or 400 `invalid_body` (malformed JSON, not an object).
    static func object(_ bytes: [UInt8]) -> Result<[String: JSONValue], EndorseError> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            return .failure(EndorseError(.invalidBody, "malformed JSON: \(error.description)"))
        }
        guard let object = value.objectValue else {
            return .failure(EndorseError(.invalidBody, "the body must be a JSON object"))
        }
        if let path = value.pathOfNUL() {
            return .failure(EndorseError(.invalidBody, "\(path) \(NULText.message)", at: path))
        }
        return .success(object)
    }

    /// Throws 400 `invalid_body` naming the first unknown field (byte order) of `object`.
    static func refuseUnknown(_ object: [String: JSONValue], allowed: Set<String>, at prefix: String = "") throws(EndorseError) {
        for key in object.keys.sorted(by: Identifier.byteOrder) where !allowed.contains(key) {
            let known = allowed.sorted(by: Identifier.byteOrder).joined(separator: ", ")
            throw EndorseError(.invalidBody, "unknown field \(key) (expected: \(known))", at: prefix + key)
        }
    }
}
