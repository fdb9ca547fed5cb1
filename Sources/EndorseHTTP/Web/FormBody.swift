import Foundation
import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body, read within api.md's 64 KiB.
struct FormBody: Sendable {
    /// Fields in the order sent; a repeated name keeps every value.
    var fields: [(name: String, value: String)]

    enum Failure: Error { case tooLarge }

    /// Reads and decodes the body; `.tooLarge` over 64 KiB (never buffering more).
    static func read(_ request: Request) async throws -> FormBody {
        let limit = JSONBody.maxBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Failure.tooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Failure.tooLarge
        }
        return FormBody(decoding: String(buffer: buffer))
    }

    init(decoding text: String) {
        fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.unescape(parts[0]), parts.count > 1 ? Self.unescape(parts[1]) : "")
        }
    }

    /// The first value of `name`.
    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// `+` is a space, `%XX` a byte; the bytes are UTF-8 (invalid sequences become U+FFFD).
    static func unescape(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if b == UInt8(ascii: "%"), it.count >= 2,
                      let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
