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

    /// Replaces the secret in `text` (say, a server message that echoes a header)
    /// with `[REDACTED]`, in every form a server could echo it: exact, base64
    /// (standard or URL-safe, with or without padding, of the key or of its
    /// `Bearer` header), percent-encoded, and any run of `redactionRun` or more
    /// characters of one of these.
    func redact(_ text: String) -> String {
        Self.redact(text, secret: secret)
    }

    /// Runs of this many characters of the key (or of one of its encodings) are redacted.
    static let redactionRun = 8

    static func forms(of secret: String) -> [String] {
        var forms = [secret]
        for plain in [secret, "Bearer \(secret)"] {
            let standard = Data(plain.utf8).base64EncodedString()
            let unpadded = String(standard.prefix { $0 != "=" })
            let urlSafe = unpadded.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms += [standard, unpadded, urlSafe]
        }
        if let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), percent != secret { forms.append(percent) }
        return forms
    }

    static func redact(_ text: String, secret: String) -> String {
        guard secret.count >= 4, !text.isEmpty else { return text }
        var result = text
        for form in forms(of: secret) where result.contains(form) {
            result = result.replacingOccurrences(of: form, with: "[REDACTED]")
        }
        // Long pieces of the key or its encodings (a server that echoes its first characters).
        let run = redactionRun
        guard secret.count >= run * 2 else { return result }
        var chars = Array(result.unicodeScalars)
        var redact = [Bool](repeating: false, count: chars.count)
        for form in forms(of: secret) {
            let f = Array(form.unicodeScalars)
            guard f.count >= run, chars.count >= run else { continue }
            // Every window of `run` characters of the form, as a set: a window of the text
            // in it starts a match, which is then grown as far as it goes.
            var windows = Set<String>()
            for start in 0...(f.count - run) { windows.insert(String(String.UnicodeScalarView(f[start..<(start + run)]))) }
            var i = 0
            while i + run <= chars.count {
                if windows.contains(String(String.UnicodeScalarView(chars[i..<(i + run)]))) {
                    for k in i..<(i + run) { redact[k] = true }
                }
                i += 1
            }
        }
        guard redact.contains(true) else { return result }
        var out = String.UnicodeScalarView()
        var k = 0
        while k < chars.count {
            if redact[k] {
                out.append(contentsOf: "[REDACTED]".unicodeScalars)
                while k < chars.count, redact[k] { k += 1 }
            } else {
                out.append(chars[k])
                k += 1
            }
        }
        chars = []
        return String(out)
    }
}
