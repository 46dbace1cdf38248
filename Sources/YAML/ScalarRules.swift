/// What a plain (unquoted, untagged) YAML scalar means, as brazeform reads it:
/// the one set of rules the reader's `Scalar` accessors and the writer
/// (`YAMLText`) share, so what export writes plain is read back as the same text.
public enum ScalarRules {
    /// Plain words read as null (an empty plain scalar is null too).
    public static let nullWords: Set<String> = ["~", "null", "Null", "NULL"]

    /// Plain words read as booleans (YAML 1.1, as libyaml users read it).
    public static let trueWords: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    public static let falseWords: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    /// Words other YAML 1.1 readers also take as booleans (`y`, `n`, any case):
    /// brazeform reads them as text, but the writer quotes them so that no reader
    /// of an exported manifest has to wonder.
    public static let otherReadersBooleans: Set<String> = ["y", "n"]

    public static func isNull(plain text: String) -> Bool {
        text.isEmpty || nullWords.contains(text)
    }

    public static func bool(plain text: String) -> Bool? {
        if trueWords.contains(text) { return true }
        if falseWords.contains(text) { return false }
        return nil
    }

    /// Decimal, `0x` hex, `0o` octal, `_` separators, an optional sign.
    public static func int(plain text: String) -> Int? {
        var t = text.replacingOccurrences(of: "_", with: "")
        var negative = false
        if t.hasPrefix("-") { negative = true; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
        let magnitude: Int?
        if t.hasPrefix("0x") { magnitude = Int(t.dropFirst(2), radix: 16) }
        else if t.hasPrefix("0o") { magnitude = Int(t.dropFirst(2), radix: 8) }
        else if !t.isEmpty, t.allSatisfy(\.isASCIIDigit) { magnitude = Int(t) }
        else { magnitude = nil }
        guard let m = magnitude else { return nil }
        return negative ? -m : m
    }

    /// Integers, decimals and exponents (`.inf` and `.nan` are not numbers here).
    public static func double(plain text: String) -> Double? {
        if let i = int(plain: text) { return Double(i) }
        let t = text.replacingOccurrences(of: "_", with: "")
        guard let first = t.first, first.isASCIIDigit || first == "-" || first == "+" || first == "." else { return nil }
        guard let d = Double(t), d.isFinite else { return nil }
        return d
    }

    /// Whether the reader takes this text, written plain, as the string itself.
    public static func readsAsString(plain text: String) -> Bool {
        !isNull(plain: text) && bool(plain: text) == nil && double(plain: text) == nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
