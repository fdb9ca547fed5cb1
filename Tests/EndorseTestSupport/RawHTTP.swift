import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP over a plain socket to the loopback, for what a test client library would smooth over:
/// slow or half-sent requests, pipelined requests, the exact bytes sent back.
public enum RawHTTP {
    /// A TCP connection to 127.0.0.1:port, nil when nothing listens.
    public static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        return fd
    }

    /// Sends `request` in one write and reads what comes back until the server closes, `done`
    /// says the bytes so far are enough, or `within` passes. nil when nothing listens.
    public static func exchange(port: Int, _ request: String, within: Duration = .seconds(5),
                                done: ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool)? {
        guard let fd = connect(port: port) else { return nil }
        defer { close(fd) }
        let started = ContinuousClock.now
        var timeout = timeval(tv_sec: Int(within.components.seconds) + 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var closed = false
        while ContinuousClock.now - started < within + .seconds(1) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { closed = true; break }
            if n < 0 { break }
            response += buffer[0..<n]
            if done(response) { break }
        }
        return (response, closed)
    }
}
