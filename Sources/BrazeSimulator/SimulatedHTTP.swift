import BrazeCore
import Foundation

/// One HTTP request as the simulator sees it, independent of any transport.
public struct SimulatedRequest: Sendable {
    /// Upper-case HTTP method (`GET`, `POST`, ...).
    public var method: String
    /// The percent-decoded path, without the query (`/catalogs/restaurants/items`).
    public var path: String
    /// The decoded query parameters, in order (names may repeat).
    public var query: [(name: String, value: String)]
    /// The request headers, in order, names as sent.
    public var headers: [(String, String)]
    public var body: Data

    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [(String, String)] = [], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Builds a request from a request target such as `/content_blocks/list?limit=10&offset=1`.
    public init(method: String, target: String, headers: [(String, String)] = [], body: Data = Data()) {
        let pathPart: Substring
        let queryPart: Substring?
        if let mark = target.firstIndex(of: "?") {
            pathPart = target[..<mark]
            queryPart = target[target.index(after: mark)...]
        } else {
            pathPart = Substring(target)
            queryPart = nil
        }
        var query: [(name: String, value: String)] = []
        if let queryPart {
            for pair in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
                if let eq = pair.firstIndex(of: "=") {
                    query.append((SimulatedRequest.decodeQueryComponent(pair[..<eq]), SimulatedRequest.decodeQueryComponent(pair[pair.index(after: eq)...])))
                } else {
                    query.append((SimulatedRequest.decodeQueryComponent(pair), ""))
                }
            }
        }
        let decodedPath = String(pathPart).removingPercentEncoding ?? String(pathPart)
        self.init(method: method, path: decodedPath, query: query, headers: headers, body: body)
    }

    /// Convenience for tests and in-process callers: a JSON body and a bearer key.
    public init(method: String, target: String, apiKey: String?, json: JSONValue? = nil) {
        var headers: [(String, String)] = []
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        self.init(method: method, target: target, headers: headers, body: json?.data() ?? Data())
    }

    static func decodeQueryComponent(_ raw: Substring) -> String {
        let spaced = raw.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of a query parameter.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    public var isWrite: Bool { !["GET", "HEAD", "OPTIONS"].contains(method) }
}

/// One HTTP answer of the simulator.
public struct SimulatedResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// Set by fault injection: the transport must not deliver this answer but fail the
    /// connection instead (the server closes it without writing anything).
    public var dropped: Bool

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data(), dropped: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.dropped = dropped
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (nil when it is not JSON).
    public var json: JSONValue? { try? JSONValue.parse(body) }

    /// For in-process transports: throws `SimulatedConnectionError` when the answer was
    /// dropped, as a real connection would fail; returns the answer otherwise.
    public func deliver(method: String, path: String) throws(SimulatedConnectionError) -> SimulatedResponse {
        if dropped { throw SimulatedConnectionError(method: method, path: path) }
        return self
    }

    static func json(_ status: Int, _ value: JSONValue) -> SimulatedResponse {
        SimulatedResponse(status: status, headers: [("Content-Type", "application/json")], body: value.data())
    }

    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.0.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((name, value))
    }
}

/// The connection error an in-process transport reports for a dropped answer (the request
/// may or may not have been performed, exactly as with a lost HTTP response).
public struct SimulatedConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let method: String
    public let path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "connection closed without a response to \(method) \(path)" }
}
