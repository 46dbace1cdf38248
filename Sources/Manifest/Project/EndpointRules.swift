import Foundation

/// Which REST endpoints brazeform will talk to.
public enum EndpointRules {
    /// nil when `endpoint` is acceptable; otherwise what is wrong with it.
    public static func problem(with endpoint: String) -> String? {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "endpoint '\(endpoint)' is not a URL such as https://rest.iad-01.braze.com"
        }
        switch scheme {
        case "https":
            return nil
        case "http":
            return isLoopback(host) ? nil : "endpoint '\(endpoint)' uses plain http; use https:// (http:// is allowed only to a loopback address such as 127.0.0.1)"
        default:
            return "endpoint '\(endpoint)' must start with https://"
        }
    }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
