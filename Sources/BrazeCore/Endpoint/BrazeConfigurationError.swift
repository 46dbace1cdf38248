import Foundation

/// A problem with how the client was configured, found before any request
/// (an invalid configuration: nothing is sent).
public enum BrazeConfigurationError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    case unknownInstance(name: String, known: String)
    case invalidEndpoint(url: String, reason: String)
    case missingAPIKey(variable: String)
    case emptyAPIKey(variable: String?)
    case malformedAPIKey(variable: String?)

    public var description: String {
        switch self {
        case let .unknownInstance(name, known):
            return "unknown Braze instance '\(name)'; known instances: \(known)"
        case let .invalidEndpoint(url, reason):
            return "invalid Braze endpoint '\(url)': \(reason)"
        case let .missingAPIKey(variable):
            return "the Braze REST API key is read from the environment variable \(variable), which is not set"
        case let .emptyAPIKey(variable):
            if let variable { return "the environment variable \(variable) is empty; it must hold the Braze REST API key" }
            return "the Braze REST API key is empty"
        case let .malformedAPIKey(variable):
            if let variable { return "the environment variable \(variable) holds control characters; it must hold only the Braze REST API key" }
            return "the Braze REST API key holds control characters"
        }
    }

    public var errorDescription: String? { description }
}
