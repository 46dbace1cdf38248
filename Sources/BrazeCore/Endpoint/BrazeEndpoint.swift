import Foundation

/// Where a workspace's REST API lives: a known Braze instance or an explicit URL.
///
/// Only `https://` is accepted, except plain `http://` to a loopback address
/// (127.0.0.0/8, `localhost`, `[::1]`), which local simulators use. This is the
/// one home of that rule: `validate` (through the manifest's checks) and the
/// client both ask it.
public struct BrazeEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Scheme, host, optional port and optional base path, without a trailing slash.
    public let baseURL: URL
    /// The instance name (`US-01`…) when built from one.
    public let instance: String?

    /// Known instances and their REST hosts, in order.
    public static var knownInstances: [(name: String, url: String)] { BrazeInstances.all }

    /// The endpoint of a Braze instance, by name (`US-01`, `eu-02`: case-insensitive).
    public init(instance name: String) throws(BrazeConfigurationError) {
        let wanted = name.trimmingCharacters(in: .whitespaces).uppercased()
        guard let known = Self.knownInstances.first(where: { $0.name == wanted }),
              let url = URL(string: known.url) else {
            let names = Self.knownInstances.map(\.name).joined(separator: ", ")
            throw .unknownInstance(name: name, known: names)
        }
        baseURL = url
        instance = known.name
    }

    /// An explicit REST endpoint such as `https://rest.fra-01.braze.eu` or
    /// `http://127.0.0.1:9292`.
    public init(url text: String) throws(BrazeConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw .invalidEndpoint(url: text, reason: "it is not an absolute URL such as https://rest.iad-01.braze.com")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidEndpoint(url: "(a URL with credentials)", reason: "it must not contain a user name or password")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidEndpoint(url: text, reason: "it must not contain a query or a fragment")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalidEndpoint(url: text, reason: "its port \(port) is outside 1–65535")
        }
        if components.port == nil, Self.hasEmptyOrUnparsedPort(trimmed) {
            throw .invalidEndpoint(url: text, reason: "its port is not a number in 1–65535")
        }
        switch scheme {
        case "https":
            break
        case "http":
            guard Self.isLoopback(host: host) else {
                throw .invalidEndpoint(url: text, reason: "plain http:// is only allowed to a loopback address (127.0.0.0/8, localhost, [::1]); use https://")
            }
        default:
            throw .invalidEndpoint(url: text, reason: "the scheme must be https:// (or http:// to a loopback address)")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        var rebuilt = URLComponents()
        rebuilt.scheme = scheme
        rebuilt.percentEncodedHost = components.percentEncodedHost
        rebuilt.port = components.port
        rebuilt.percentEncodedPath = path
        guard let url = rebuilt.url else {
            throw .invalidEndpoint(url: text, reason: "it is not a valid URL")
        }
        baseURL = url
        instance = nil
    }

    /// Whether the authority of `text` ends in a `:` with no usable port after it
    /// (`http://127.0.0.1:`), which URLComponents reads as "no port".
    private static func hasEmptyOrUnparsedPort(_ text: String) -> Bool {
        guard let schemeEnd = text.range(of: "://") else { return false }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let afterBracket = authority.lastIndex(of: "]").map { authority[authority.index(after: $0)...] } ?? authority
        return afterBracket.hasSuffix(":")
    }

    /// Whether `port` is a TCP port brazeform will use (1–65535).
    public static func isValidPort(_ port: Int) -> Bool { (1...65535).contains(port) }

    /// Either an instance name or a URL, whichever `text` looks like.
    public static func parse(_ text: String) throws(BrazeConfigurationError) -> BrazeEndpoint {
        if text.contains("://") { return try BrazeEndpoint(url: text) }
        return try BrazeEndpoint(instance: text)
    }

    /// Whether `host` (as in a URL, IPv6 with or without brackets) is a loopback address.
    public static func isLoopback(host rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "localhost." || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        var values: [Int] = []
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(octet), value <= 255 else { return false }
            values.append(value)
        }
        return values[0] == 127
    }

    public var description: String { baseURL.absoluteString }

    public var scheme: String { baseURL.scheme?.lowercased() ?? "" }
    public var host: String { baseURL.host?.lowercased() ?? "" }
    public var port: Int { baseURL.port ?? (scheme == "https" ? 443 : 80) }

    /// Whether `url` has this endpoint's scheme, host and port.
    public func isSameOrigin(_ url: URL) -> Bool {
        guard let otherScheme = url.scheme?.lowercased(), let otherHost = url.host?.lowercased() else { return false }
        let otherPort = url.port ?? (otherScheme == "https" ? 443 : otherScheme == "http" ? 80 : -1)
        return otherScheme == scheme && otherHost == host && otherPort == port
    }

    /// `baseURL` + `path` (already percent-encoded, starting with `/`) + query.
    public func url(path: String, query: [(String, String)] = []) -> URL? {
        var text = baseURL.absoluteString + path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.encodeQuery($0.0))=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        return URL(string: text)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes everything but RFC 3986 unreserved characters (so `+`,
    /// `&`, `=` and brackets in values never change meaning).
    public static func encodeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// One path segment, percent-encoded (catalog names, item ids, preference center ids).
    public static func encodeSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}

/// Braze's REST instances and their hosts. From the OpenAPI seed's `servers`
/// list, plus US-07 (absent from the seed, present in Braze's public list).
public enum BrazeInstances {
    public static let all: [(name: String, url: String)] = [
        ("US-01", "https://rest.iad-01.braze.com"),
        ("US-02", "https://rest.iad-02.braze.com"),
        ("US-03", "https://rest.iad-03.braze.com"),
        ("US-04", "https://rest.iad-04.braze.com"),
        ("US-05", "https://rest.iad-05.braze.com"),
        ("US-06", "https://rest.iad-06.braze.com"),
        ("US-07", "https://rest.iad-07.braze.com"),
        ("US-08", "https://rest.iad-08.braze.com"),
        ("EU-01", "https://rest.fra-01.braze.eu"),
        ("EU-02", "https://rest.fra-02.braze.eu"),
    ]
    public static let hosts: [String: String] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.url) })
    public static let names: [String] = all.map(\.name).sorted()
}
