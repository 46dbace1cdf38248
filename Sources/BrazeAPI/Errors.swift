import BrazeCore
import Foundation

/// One error Braze reported. Braze uses two shapes: plain strings in `errors`
/// (then only `message` is set) and, for catalogs, objects with an `id`.
public struct BrazeErrorDetail: Sendable, Hashable, CustomStringConvertible {
    /// A machine id such as `catalog-not-found`, when Braze gave one.
    public var id: String?
    public var message: String
    public var parameters: [String]
    public var parameterValues: [String]

    public init(id: String? = nil, message: String, parameters: [String] = [], parameterValues: [String] = []) {
        self.id = id; self.message = message; self.parameters = parameters; self.parameterValues = parameterValues
    }

    public var description: String {
        var text = message
        if !parameters.isEmpty {
            let pairs = zip(parameters, parameterValues + Array(repeating: "", count: max(0, parameters.count - parameterValues.count)))
                .map { $1.isEmpty ? $0 : "\($0)=\($1)" }
            text += " (" + pairs.joined(separator: ", ") + ")"
        }
        if let id { text += " [\(id)]" }
        return text
    }
}

/// A Braze response body's error part: `{"message": ..., "errors": [...]}` in
/// either shape.
public struct BrazeErrorBody: Sendable, Hashable {
    public var message: String?
    public var errors: [BrazeErrorDetail]

    public init(message: String? = nil, errors: [BrazeErrorDetail] = []) {
        self.message = message; self.errors = errors
    }

    /// Decodes whatever error information `data` holds; never fails (an
    /// unparsable body becomes its first 200 characters as the message).
    public static func decode(_ data: Data) -> BrazeErrorBody {
        guard !data.isEmpty else { return BrazeErrorBody() }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let object) = value else {
            let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return BrazeErrorBody(message: text.isEmpty ? nil : text)
        }
        var body = BrazeErrorBody()
        body.message = object["message"]?.stringValue ?? object["error"]?.stringValue
        var list: [JSONValue] = []
        if case .array(let items)? = object["errors"] { list = items }
        else if let single = object["errors"], single != .null { list = [single] }
        for item in list {
            switch item {
            case .string(let text):
                body.errors.append(BrazeErrorDetail(message: text))
            case .object(let fields):
                let id = fields["id"]?.stringValue ?? fields["code"]?.stringValue
                let message = fields["message"]?.stringValue ?? id ?? item.description
                body.errors.append(BrazeErrorDetail(
                    id: id, message: message,
                    parameters: (fields["parameters"]?.arrayValue ?? []).map { $0.stringValue ?? $0.description },
                    parameterValues: (fields["parameter_values"]?.arrayValue ?? []).map { $0.stringValue ?? $0.description }))
            case .null:
                break
            default:
                body.errors.append(BrazeErrorDetail(message: item.description))
            }
        }
        return body
    }

    /// All error ids Braze gave.
    public var ids: [String] { errors.compactMap(\.id) }

    /// Plain words: "Invalid Request: Could not find catalog (catalog_name=x) [catalog-not-found]".
    public var summary: String {
        let details = errors.map(\.description)
        switch (message, details.isEmpty) {
        case (nil, true): return "no details given"
        case (let m?, true): return m
        case (nil, false): return details.joined(separator: "; ")
        case (let m?, false): return "\(m): " + details.joined(separator: "; ")
        }
    }

    func redacted(_ key: BrazeAPIKey) -> BrazeErrorBody {
        BrazeErrorBody(
            message: message.map(key.redact),
            errors: errors.map {
                BrazeErrorDetail(id: $0.id.map(key.redact), message: key.redact($0.message),
                                 parameters: $0.parameters.map(key.redact), parameterValues: $0.parameterValues.map(key.redact))
            })
    }
}

/// A call stopped before any attempt of it was sent (an interrupted apply): it did not land.
public struct CallNotSent: Error, Sendable, CustomStringConvertible {
    public var method: HTTPMethod
    public var path: String
    public var description: String { "\(method.rawValue) \(path) was not sent (stopped)" }
}

/// What went wrong talking to Braze. `description` is plain words naming the
/// call; none of it ever contains the API key.
public enum BrazeAPIError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// 401 or 403: the key is wrong or lacks a permission.
    case authentication(status: Int, method: HTTPMethod, path: String, body: BrazeErrorBody)
    /// Braze refused the request (a 4xx other than 401/403/429).
    case rejected(status: Int, method: HTTPMethod, path: String, body: BrazeErrorBody)
    /// Retries (server errors, lost responses, rate limiting) ran out.
    case gaveUp(method: HTTPMethod, path: String, attempts: Int, elapsedSeconds: Double, lastProblem: String)
    /// A 2xx response whose body could not be read as the documented shape.
    case invalidResponse(method: HTTPMethod, path: String, status: Int, reason: String)
    /// A paged listing misbehaved (repeated cursor, foreign next link, endless pages).
    case pagination(path: String, reason: String)
    /// A request the client refuses to send (too many items for one call, an empty id).
    case invalidRequest(String)
    /// A lookup by name found more than one live resource.
    case ambiguous(kind: String, name: String, count: Int)
    /// Nothing answers at the endpoint (connection refused, unknown host): not retried.
    case unreachable(method: HTTPMethod, path: String, endpoint: String, reason: String)
    /// The workspace has no such endpoint: 405, or a 404 without any of Braze's error
    /// ids (a route it does not know, not a catalog or field it cannot find). Seen for the
    /// catalog field endpoints on workspaces of the seed text's API.
    case endpointUnavailable(status: Int, method: HTTPMethod, path: String, body: BrazeErrorBody)

    public var description: String {
        switch self {
        case let .authentication(status, method, path, body):
            let what = status == 401 ? "rejected the API key" : "refused permission"
            return "Braze \(what) for \(method.rawValue) \(path) (HTTP \(status)): \(body.summary). Check the key and its permissions."
        case let .rejected(status, method, path, body):
            return "Braze rejected \(method.rawValue) \(path) (HTTP \(status)): \(body.summary)"
        case let .gaveUp(method, path, attempts, elapsed, last):
            return "gave up on \(method.rawValue) \(path) after \(attempts) attempt\(attempts == 1 ? "" : "s") over \(Self.format(elapsed)): \(last)"
        case let .invalidResponse(method, path, status, reason):
            return "unexpected response to \(method.rawValue) \(path) (HTTP \(status)): \(reason)"
        case let .pagination(path, reason):
            return "listing \(path) failed: \(reason)"
        case let .invalidRequest(reason):
            return "invalid request: \(reason)"
        case let .ambiguous(kind, name, count):
            return "Braze holds \(count) \(kind)s named '\(name)'; managing them by name is ambiguous"
        case let .unreachable(method, path, endpoint, reason):
            return "nothing answers at \(endpoint) (\(reason)) for \(method.rawValue) \(path); check the workspace's endpoint or instance, or start the server"
        case let .endpointUnavailable(status, method, path, body):
            return "this workspace does not offer \(method.rawValue) \(path) (HTTP \(status): \(body.summary)); nothing was changed by this call"
        }
    }

    public var errorDescription: String? { description }

    /// Starts `lastProblem` of a `gaveUp` whose every attempt was answered 429 (so it did not land).
    static let refusedByRateLimitMarker = "every attempt was refused: "

    /// Whether Braze certainly did not perform the call: it gave up after nothing but
    /// rate limiting (429 means "not processed"), never after a lost answer or a 5xx.
    public var certainlyNotApplied: Bool {
        if case let .gaveUp(_, _, _, _, last) = self { return last.hasPrefix(Self.refusedByRateLimitMarker) }
        return false
    }

    /// Whether the workspace has no such endpoint (so the call did not land either).
    public var isEndpointUnavailable: Bool {
        if case .endpointUnavailable = self { return true }
        return false
    }

    /// The HTTP status Braze answered, when there was one.
    public var status: Int? {
        switch self {
        case .authentication(let s, _, _, _), .rejected(let s, _, _, _), .invalidResponse(_, _, let s, _),
             .endpointUnavailable(let s, _, _, _): return s
        default: return nil
        }
    }

    /// Braze's error body, when it sent one.
    public var body: BrazeErrorBody? {
        switch self {
        case .authentication(_, _, _, let b), .rejected(_, _, _, let b), .endpointUnavailable(_, _, _, let b): return b
        default: return nil
        }
    }

    /// Braze's error ids (`catalog-not-found`, ...).
    public var errorIDs: [String] { body?.ids ?? [] }

    /// Whether Braze said the thing does not exist (404, or a `*-not-found` id).
    public var isNotFound: Bool {
        if case .endpointUnavailable = self { return false }
        if status == 404 { return true }
        return errorIDs.contains { $0.replacingOccurrences(of: "_", with: "-").hasSuffix("not-found") }
    }

    public enum Category: Sendable, Hashable {
        /// Any other failure talking to Braze (exit 1).
        case failed
        /// 401/403 (exit 4).
        case authentication
        /// Retries exhausted (exit 5).
        case gaveUp
    }

    public var category: Category {
        switch self {
        case .authentication: return .authentication
        case .gaveUp: return .gaveUp
        default: return .failed
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1fs", seconds) : "\(Int(seconds.rounded()))s"
    }
}
