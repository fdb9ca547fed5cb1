import EndorseCore
import Hummingbird
import NIOCore

extension Response {
    /// A JSON answer: the compact canonical bytes of `value` (keys sorted, as every endorse JSON).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(value.canonicalBytes, status: status, contentType: "application/json")
    }

    /// Raw bytes with a content type.
    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String,
                      headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty answer (204, 304).
    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: .init())
    }
}
