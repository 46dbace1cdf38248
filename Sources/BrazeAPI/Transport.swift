import Foundation

/// An HTTP method, as the Braze REST API uses them.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// Header fields in wire order, looked up without regard to case (Braze has been
/// seen sending `x-ratelimit-limit` as well as `X-RateLimit-Limit`).
public struct HTTPFields: Sendable, Hashable, ExpressibleByArrayLiteral {
    public var fields: [Field]

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }
    public init(arrayLiteral elements: (String, String)...) { self.init(elements) }

    /// The first value of `name` (any case), or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
    /// Every value of `name` (any case), in order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
    public mutating func append(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }
    /// The fields as (name, value) pairs, in order.
    public var pairs: [(String, String)] { fields.map { ($0.name, $0.value) } }
}

/// One request as the client hands it to a transport. The transport sends it as
/// is: the client has already added `Authorization`, `Content-Type` and the body.
public struct TransportRequest: Sendable, Hashable {
    public var method: HTTPMethod
    public var url: URL
    public var headers: HTTPFields
    public var body: Data?
    /// How long the whole exchange (connect, send, receive the full body) may take, in seconds.
    public var timeout: Double

    public init(method: HTTPMethod, url: URL, headers: HTTPFields = [], body: Data? = nil, timeout: Double = 60) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.timeout = timeout
    }
}

/// A complete response: any status (the client interprets 4xx/5xx itself).
public struct TransportResponse: Sendable, Hashable {
    public var status: Int
    public var headers: HTTPFields
    public var body: Data

    public init(status: Int, headers: HTTPFields = [], body: Data = Data()) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// Why a transport could not produce a response. The distinction matters for
/// requests that are not idempotent (creates): one that was never sent can simply
/// be sent again; one that was sent but whose answer was lost may have landed.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The request certainly did not reach the server (connection refused,
        /// DNS failure, connect or TLS handshake timeout).
        case notSent
        /// The request was, or may have been, sent, and no complete response came
        /// back (timeout, connection closed). When in doubt a transport says this.
        case responseLost
    }
    public var kind: Kind
    /// Plain words for logs and error messages. Never contains request headers.
    public var detail: String
    /// Nothing answers at the address (connection refused, host unknown): a wrong
    /// endpoint or a stopped server, not a passing fault, so it is not retried.
    public var unreachable: Bool

    public init(_ kind: Kind, _ detail: String, unreachable: Bool = false) {
        self.kind = kind; self.detail = detail; self.unreachable = unreachable
    }

    public var description: String {
        switch kind {
        case .notSent: return "request not sent: \(detail)"
        case .responseLost: return "response lost: \(detail)"
        }
    }
}

/// Sends one HTTP request and returns its complete response.
///
/// Contract for implementations (the AsyncHTTPClient one, an in-process one over
/// the simulator, test fakes):
/// - Return every response that arrived, whatever its status; never throw for 4xx/5xx.
/// - Throw `TransportError(.notSent, ...)` only when the request certainly did not
///   reach the server, and `TransportError(.responseLost, ...)` when it may have.
///   Any other error thrown is treated as `.responseLost`; `CancellationError`
///   is passed through.
/// - Don't retry, pace or log: `BrazeClient` does that.
/// - Must be safe to call from many tasks at once.
public protocol HTTPTransport: Sendable {
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// A transport that answers with a closure: the seam for an in-process transport
/// (say, straight into a simulator without a socket) and for tests.
///
///     let transport = ClosureTransport { request in await simulator.handle(request) }
public struct ClosureTransport: HTTPTransport {
    private let handler: @Sendable (TransportRequest) async throws -> TransportResponse

    public init(_ handler: @escaping @Sendable (TransportRequest) async throws -> TransportResponse) {
        self.handler = handler
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await handler(request)
    }
}
