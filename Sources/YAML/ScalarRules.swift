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
        guard let first = text.utf8.first else { return true }
        // Every null word starts with `~` or `n`/`N` and is at most 4 bytes: most texts are told apart without hashing.
        guard first == UInt8(ascii: "~") || first | 0x20 == UInt8(ascii: "n"), text.utf8.count <= 4 else { return false }
        return nullWords.contains(text)
    }

    public static func bool(plain text: String) -> Bool? {
        // Every boolean word starts with t, f, y, n or o (any case) and is at most 5 bytes.
        guard let first = text.utf8.first.map({ $0 | 0x20 }), text.utf8.count <= 5,
              first == UInt8(ascii: "t") || first == UInt8(ascii: "f") || first == UInt8(ascii: "y")
                || first == UInt8(ascii: "n") || first == UInt8(ascii: "o") else { return nil }
        if trueWords.contains(text) { return true }
        if falseWords.contains(text) { return false }
        return nil
    }

    /// Decimal, `0x` hex, `0o` octal, `_` separators, an optional sign.
    ///
    /// Byte-level and without Foundation: every plain scalar of an items file is asked
    /// (a 20,000-item YAML file is 60,000 of them).
    public static func int(plain text: String) -> Int? {
        let t = withoutUnderscores(text)
        var bytes = Substring(t).utf8[...]
        guard let first = bytes.first else { return nil }
        var negative = false
        if first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() } else if first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let magnitude: Int?
        if bytes.starts(with: "0x".utf8) { magnitude = Int(Substring(bytes.dropFirst(2)), radix: 16) }
        else if bytes.starts(with: "0o".utf8) { magnitude = Int(Substring(bytes.dropFirst(2)), radix: 8) }
        else if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { magnitude = Int(Substring(bytes)) }
        else { magnitude = nil }
        guard let m = magnitude else { return nil }
        return negative ? -m : m
    }

    /// Integers, decimals and exponents (`.inf` and `.nan` are not numbers here).
    public static func double(plain text: String) -> Double? {
        // Most numbers of an items file are short integers and decimals (`12`, `-3.5`): told
        // apart from their bytes, without the general path's copies. The result is the same.
        var bytes = text
        switch bytes.withUTF8(simpleNumber) {
        case .integer(let i): return Double(i)
        case .decimal: return Double(text).flatMap { $0.isFinite ? $0 : nil }
        case .other: break
        }
        // Text that starts with none of a number's bytes (nor `_`, which is dropped) is not one.
        guard let lead = text.utf8.first,
              (lead >= 0x30 && lead <= 0x39) || lead == UInt8(ascii: "-") || lead == UInt8(ascii: "+")
                || lead == UInt8(ascii: ".") || lead == UInt8(ascii: "_") else { return nil }
        return generalDouble(plain: text)
    }

    /// The rule itself, for any text (what `double` answers without its shortcuts; the tests
    /// hold the two to the same answers).
    static func generalDouble(plain text: String) -> Double? {
        let t = withoutUnderscores(text)
        guard let first = t.utf8.first,
              (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") else { return nil }
        if let i = int(plain: t) { return Double(i) }
        guard let d = Double(t), d.isFinite else { return nil }
        return d
    }

    private enum SimpleNumber { case integer(Int), decimal, other }

    /// `[+-]digits` (at most 18: no overflow) is an integer, `[+-]digits.digits` a decimal,
    /// anything else (separators, hex, exponents, long numbers) for the general path.
    private static func simpleNumber(_ b: UnsafeBufferPointer<UInt8>) -> SimpleNumber {
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var value = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            guard i - digitsStart < 18 else { return .other }
            value = value * 10 + Int(b[i] - 0x30)
            i += 1
        }
        guard i > digitsStart else { return .other }
        if i == b.count { return .integer(negative ? -value : value) }
        guard b[i] == UInt8(ascii: ".") else { return .other }
        i += 1
        let fractionStart = i
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        return i == b.count && i > fractionStart ? .decimal : .other
    }

    /// `_` separators dropped (most texts have none: returned as they are).
    private static func withoutUnderscores(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        return String(decoding: text.utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    /// Whether the reader takes this text, written plain, as the string itself.
    public static func readsAsString(plain text: String) -> Bool {
        !isNull(plain: text) && bool(plain: text) == nil && double(plain: text) == nil
    }
}
