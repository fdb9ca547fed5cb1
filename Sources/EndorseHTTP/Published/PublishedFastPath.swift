import HummingbirdCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers GETs and HEADs of the published paths (the voter guide, the slate, its signature, the
/// public key) on the connection's event loop, from the bytes `PublishedCache` holds: no router,
/// no hop to a Swift task and back. Those are what election-day visitors ask for, many at once.
/// Every other request, and a published path whose version check is due, goes on to the router,
/// which answers it as before (and makes the check).
///
/// It sits after Hummingbird's connection state handler, which therefore sees every request and
/// response (idle timeout, graceful shutdown), and answers a request only while no earlier
/// request of the connection is with the router, so responses keep the order of the requests.
final class PublishedFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let published: PublishedCache
    private let serverName: String?
    /// Requests passed on to the router whose response has not ended.
    private var withRouter = 0
    /// The answer to the request being read, sent once the request has ended (its body, if any,
    /// is read and dropped, as the router does).
    private var pending: (answer: PublishedAnswer, close: Bool)?
    /// A request asked to close the connection: nothing more is read.
    private var closing = false

    init(published: PublishedCache, serverName: String?) {
        self.published = published
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let request):
            if withRouter == 0, let answer = published.answerNow(request) {
                pending = (answer, request.headerFields[.connection]?.lowercased().contains("close") == true)
                return
            }
            withRouter += 1
        case .body:
            if pending != nil { return }
        case .end:
            if let (answer, close) = pending {
                pending = nil
                send(answer, close: close, context: context)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), withRouter > 0 { withRouter -= 1 }
        context.write(data, promise: promise)
    }

    /// Writes the answer with the headers the application adds to every response.
    private func send(_ answer: PublishedAnswer, close: Bool, context: ChannelHandlerContext) {
        var headers = answer.headers
        headers[.date] = HTTPDate.now
        if let serverName { headers[.server] = serverName }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        if answer.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(answer.body)), promise: nil) }
        guard close else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        closing = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Hummingbird's HTTP/1 child channel with `PublishedFastPath` put between the connection state
/// handler and the application.
struct PublishedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let published: PublishedCache
    let serverName: String?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let published = published, serverName = serverName
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(PublishedFastPath(published: published, serverName: serverName), position: .after(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
