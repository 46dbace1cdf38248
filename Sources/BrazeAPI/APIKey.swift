import BrazeCore
import Foundation

/// A Braze REST API key. The secret never appears in `description`,
/// `debugDescription`, `dump`, string interpolation or any error: only in the
/// `Authorization` header the client sends.
public struct BrazeAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: String

    /// Wraps a key. Surrounding whitespace (a trailing newline from a secrets
    /// file) is removed; an empty key is refused.
    public init(secret: String) throws(BrazeConfigurationError) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyAPIKey(variable: nil) }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .malformedAPIKey(variable: nil)
        }
        self.secret = trimmed
    }

    /// Reads the key from the environment variable `name`.
    public static func fromEnvironment(
        _ name: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(BrazeConfigurationError) -> BrazeAPIKey {
        guard let value = environment[name] else { throw .missingAPIKey(variable: name) }
        do {
            return try BrazeAPIKey(secret: value)
        } catch .emptyAPIKey {
            throw .emptyAPIKey(variable: name)
        } catch {
            throw .malformedAPIKey(variable: name)
        }
    }

    public var description: String { "BrazeAPIKey(redacted)" }
    public var debugDescription: String { "BrazeAPIKey(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The `Authorization` header value.
    var authorizationValue: String { "Bearer \(secret)" }

    /// Replaces every occurrence of the secret in `text` (say, a server message
    /// that echoes a header) with `[REDACTED]`.
    func redact(_ text: String) -> String {
        guard secret.count >= 4, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "[REDACTED]")
    }
}
