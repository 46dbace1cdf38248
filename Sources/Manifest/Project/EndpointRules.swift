import BrazeCore
import Foundation

/// Which REST endpoints brazeform will talk to: the client's own rule
/// (`BrazeEndpoint`), asked before any request so that `validate` and `plan`
/// agree on every URL.
public enum EndpointRules {
    /// nil when `endpoint` is acceptable; otherwise what is wrong with it.
    public static func problem(with endpoint: String) -> String? {
        do {
            _ = try BrazeEndpoint(url: endpoint)
            return nil
        } catch {
            switch error {
            case .invalidEndpoint(_, let reason): return "endpoint '\(endpoint)': \(reason)"
            default: return "\(error)"
            }
        }
    }
}
