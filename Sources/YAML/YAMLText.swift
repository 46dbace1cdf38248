/// Writing YAML scalars that brazeform's reader (libyaml, `ScalarRules`) reads
/// back as exactly the same text: the writer `export` uses.
///
/// A value is written plain when nothing in it could be read another way (no
/// indicator characters, no leading or trailing space, not a word YAML 1.1 reads
/// as null or a boolean); otherwise double-quoted with escapes, which can hold any
/// single-line text exactly. Multi-line text goes to its own file instead.
public enum YAMLText {
    /// Longest value (in characters) written inline; longer text goes to a file.
    public static let inlineLimit = 120

    /// True when `text` can be written on the manifest's own line, exactly and readably:
    /// one line (no line break of any kind YAML knows) and not too long.
    public static func canInline(_ text: String, limit: Int = inlineLimit) -> Bool {
        guard text.count <= limit else { return false }
        return !text.unicodeScalars.contains { isLineBreak($0) }
    }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        s == "\n" || s == "\r" || s.value == 0x85 || s.value == 0x2028 || s.value == 0x2029
    }

    /// The scalar as YAML text: plain when that is unambiguous, double-quoted otherwise.
    /// In flow context (inside `[...]` or `{...}`) commas and colons always need quotes.
    public static func scalar(_ text: String, flow: Bool = false) -> String {
        isPlainSafe(text, flow: flow) ? text : doubleQuoted(text)
    }

    /// Plain only for text that starts with a letter and holds letters, digits and a
    /// few harmless punctuation marks: no brackets, braces or double quotes; in block
    /// context also `,`, `:` not followed by a space (URLs) and `#` not after a space.
    static func isPlainSafe(_ text: String, flow: Bool = false) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard first.isASCII, first.properties.isAlphabetic else { return false }
        guard last != " " else { return false }
        // What the reader would take as null, a boolean or a number is never plain, in any
        // letter case (so nobody has to wonder), nor what other YAML 1.1 readers take as booleans.
        let lower = text.lowercased()
        if !ScalarRules.readsAsString(plain: lower) || !ScalarRules.readsAsString(plain: text)
            || ScalarRules.otherReadersBooleans.contains(lower) { return false }
        let scalars = Array(text.unicodeScalars)
        var previous: Unicode.Scalar = first
        for (i, s) in scalars.enumerated() {
            if s.isASCII {
                let next = i + 1 < scalars.count ? scalars[i + 1] : nil
                var ok = s.properties.isAlphabetic || ("0"..."9").contains(s) || " _-./()!?@+=%&".unicodeScalars.contains(s)
                    || (s == "'" && previous != " ")
                if !flow {
                    ok = ok || s == "," || (s == ":" && next != nil && next != " ") || (s == "#" && previous != " ")
                }
                if !ok { return false }
                if s == " " && previous == " " { return false }
            } else if !(s.properties.isAlphabetic || s.properties.numericType != nil) {
                return false
            }
            previous = s
        }
        return true
    }

    /// Double-quoted, with every character YAML would not keep literally escaped.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                let v = s.value
                if v == 0x85 { out += "\\N" }
                else if v == 0x2028 { out += "\\L" }
                else if v == 0x2029 { out += "\\P" }
                else if isPrintable(v) && v != 0xFEFF { out.unicodeScalars.append(s) }
                else if v <= 0xFF { out += "\\x" + hex(v, 2) }
                else if v <= 0xFFFF { out += "\\u" + hex(v, 4) }
                else { out += "\\U" + hex(v, 8) }
            }
        }
        return out + "\""
    }

    /// YAML's printable set (what may appear unescaped in a stream).
    static func isPrintable(_ v: UInt32) -> Bool {
        (0x20...0x7E).contains(v) || (0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A flow list of scalars: `[a, "b c"]`.
    public static func flowList(_ values: [String]) -> String {
        "[" + values.map { scalar($0, flow: true) }.joined(separator: ", ") + "]"
    }

    /// A comment line: `# text`, with line breaks flattened so it stays one comment.
    public static func comment(_ text: String) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { isLineBreak($0) || !isPrintable($0.value) ? " " : $0 }))
        return flat.isEmpty ? "#" : "# " + flat
    }
}
