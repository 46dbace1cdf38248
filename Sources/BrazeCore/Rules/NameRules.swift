/// Names Braze accepts for content blocks, catalogs, fields, items and preference centers.
public enum NameRules {
    /// Letters, digits, `-` and `_` only (ASCII).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// The characters of `name` that are not allowed, for messages.
    public static func invalidCharacters(in name: String) -> String {
        var seen = Set<Character>()
        let bad = name.filter { ch in
            !(ch.isASCII && (ch.isLetter || ch.isNumber || ch == "-" || ch == "_")) && seen.insert(ch).inserted
        }
        return bad.map { $0 == " " ? "space" : "'\($0)'" }.joined(separator: ", ")
    }
}
