import BrazeCore
/// The little Liquid the simulator needs to understand: content block includes, and
/// whether tags are closed.
enum Liquid {
    /// The names of content blocks included by `text`, in order of appearance, each once.
    ///
    /// Recognises `{{content_blocks.${name}}}`, with spaces anywhere between the tokens and
    /// with filters after the name (`{{ content_blocks.${name} | id: 'cb3' }}`).
    static func includedContentBlocks(in text: String) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        let prefix = Array("content_blocks.${".unicodeScalars)
        while i + 1 < scalars.count {
            guard scalars[i] == "{", scalars[i + 1] == "{" else { i += 1; continue }
            var j = i + 2
            while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
            if j + prefix.count <= scalars.count, Array(scalars[j..<(j + prefix.count)]) == prefix {
                j += prefix.count
                while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                var name = ""
                while j < scalars.count, scalars[j] != "}", !scalars[j].properties.isWhitespace {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                if j < scalars.count, scalars[j] == "}", !name.isEmpty {
                    // The rest up to `}}` may hold filters; the include counts only when closed.
                    var k = j + 1
                    var closed = false
                    while k + 1 < scalars.count {
                        if scalars[k] == "}" && scalars[k + 1] == "}" { closed = true; break }
                        if scalars[k] == "{" && scalars[k + 1] == "{" { break }
                        k += 1
                    }
                    if closed, seen.insert(name).inserted { names.append(name) }
                }
            }
            i += 2
        }
        return names
    }

    /// True when every `{{` has its `}}` and every `{%` its `%}` before the next tag opens.
    static func isWellFormed(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i + 1 < scalars.count {
            if scalars[i] == "{", scalars[i + 1] == "{" || scalars[i + 1] == "%" {
                let closer: Unicode.Scalar = scalars[i + 1] == "{" ? "}" : "%"
                var j = i + 2
                var closed = false
                while j + 1 < scalars.count {
                    if scalars[j] == closer && scalars[j + 1] == "}" { closed = true; break }
                    if scalars[j] == "{" && (scalars[j + 1] == "{" || scalars[j + 1] == "%") {
                        // `{{ {{` inside an output tag is malformed; `{` alone (JSON in Liquid) is fine.
                        break
                    }
                    j += 1
                }
                guard closed else { return false }
                i = j + 2
            } else {
                i += 1
            }
        }
        return true
    }
}
