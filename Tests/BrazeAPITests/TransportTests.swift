import BrazeCore
import BrazeAPI
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
import VirtualTime

/// A tiny HTTP/1.1 server on 127.0.0.1 for the real transport.
final class LoopbackServer: Sendable {
    enum Mode: Sendable { case answer, closeWithoutAnswer }
    let channel: any Channel
    let seen = Mutex<[(method: String, uri: String, authorization: String?, body: String)]>([])
    var port: Int { channel.localAddress?.port ?? 0 }

    init(mode: Mode) async throws {
        let recorder = Recorder()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(mode: mode, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        recorderBox = recorder
    }
    private let recorderBox: Recorder
    var requests: [Recorder.Entry] { recorderBox.entries.withLock { $0 } }

    func close() async throws { try await channel.close() }

    final class Recorder: Sendable {
        struct Entry: Sendable { var method: String; var uri: String; var authorization: String?; var body: String }
        let entries = Mutex<[Entry]>([])
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let mode: Mode
        let recorder: Recorder
        var head: HTTPRequestHead?
        var body = ""
        init(mode: Mode, recorder: Recorder) { self.mode = mode; self.recorder = recorder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head; body = ""
            case .body(var buffer): body += buffer.readString(length: buffer.readableBytes) ?? ""
            case .end:
                let entry = Recorder.Entry(method: head?.method.rawValue ?? "", uri: head?.uri ?? "",
                                           authorization: head?.headers.first(name: "authorization"), body: body)
                recorder.entries.withLock { $0.append(entry) }
                if mode == .closeWithoutAnswer { context.close(promise: nil); return }
                let payload = #"{"catalogs": [{"name": "restaurants", "fields": []}], "message": "success"}"#
                var headers = HTTPHeaders()
                headers.add(name: "content-type", value: "application/json")
                headers.add(name: "x-ratelimit-limit", value: "5")
                headers.add(name: "x-ratelimit-remaining", value: "4")
                headers.add(name: "content-length", value: "\(payload.utf8.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: payload)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

@Suite("AsyncHTTPClient transport", .serialized)
struct TransportTests {
    @Test func realRequestOverLoopback() async throws {
        let server = try await LoopbackServer(mode: .answer)
        let transport = AsyncHTTPClientTransport()
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1:\(server.port)"),
                                 apiKey: try BrazeAPIKey(secret: testSecret), transport: transport)
        do {
            let catalogs = try await client.listCatalogs()
            #expect(catalogs.map(\.name) == ["restaurants"])
            let state = await client.rateLimitState(.catalogManagement)
            #expect(state.limit == 5)
            #expect(server.requests.first?.method == "GET")
            #expect(server.requests.first?.uri == "/catalogs")
            #expect(server.requests.first?.authorization == "Bearer \(testSecret)")
        } catch {
            Issue.record("\(error)")
        }
        try await transport.shutdown()
        try await server.close()
    }

    @Test func refusedConnectionIsNotSent() async throws {
        let server = try await LoopbackServer(mode: .answer)
        let port = server.port
        try await server.close()
        let transport = AsyncHTTPClientTransport()
        do {
            _ = try await transport.send(TransportRequest(method: .post, url: URL(string: "http://127.0.0.1:\(port)/catalogs")!, body: Data("{}".utf8), timeout: 5))
            Issue.record("no error")
        } catch let error as TransportError {
            #expect(error.kind == .notSent, "\(error)")
        } catch {
            Issue.record("unclassified \(type(of: error)): \(error)")
        }
        try await transport.shutdown()
    }

    @Test func closedAfterRequestIsResponseLost() async throws {
        let server = try await LoopbackServer(mode: .closeWithoutAnswer)
        let transport = AsyncHTTPClientTransport()
        do {
            _ = try await transport.send(TransportRequest(method: .post, url: URL(string: "http://127.0.0.1:\(server.port)/catalogs")!,
                                                          body: Data(#"{"catalogs": []}"#.utf8), timeout: 5))
            Issue.record("no error")
        } catch let error as TransportError {
            #expect(error.kind == .responseLost, "\(error)")
        } catch {
            Issue.record("unclassified \(type(of: error)): \(error)")
        }
        #expect(server.requests.count == 1)
        try await transport.shutdown()
        try await server.close()
    }
}
