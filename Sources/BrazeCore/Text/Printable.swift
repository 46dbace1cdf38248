/// Untrusted text made safe to print inside a message: control characters
/// escaped (a name holding a newline must not break the `file:line` layout, nor an
/// escape sequence repaint the terminal) and long values clipped.
public enum Printable {
    /// The most characters of one value a message repeats.
    public static let defaultLimit = 200

    /// `text` with C0/C1 control characters, DEL, the Unicode line and paragraph
    /// separators and the bidirectional overrides written as `\n`, `\t`, `\u{1B}`, `\u{202E}`…
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` escaped and, when longer than `limit` characters, cut to its first
    /// `limit` characters and told how much was left out.
    public static func clipped(_ text: String, limit: Int = defaultLimit) -> String {
        let escapedText = escaped(text)
        guard escapedText.count > limit else { return escapedText }
        let kept = escapedText.prefix(limit)
        return "\(kept)… (\(escapedText.count - limit) more characters)"
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 || isBidiOverride(scalar)
    }

    /// The explicit bidirectional embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069): printed raw, `promo\u{202E}gnp.exe` reads as `promoexe.png` ("Trojan
    /// source"). The plain marks (U+200E, U+200F), which right-to-left text needs, are kept.
    public static func isBidiOverride(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }
}
