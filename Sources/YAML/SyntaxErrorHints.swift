/// libyaml's syntax errors in the words of the mistake a person made: a tab, an
/// indentation that matches nothing above it, a quote never closed. libyaml's own
/// text follows in parentheses, for searching.
struct SyntaxErrorHints {
    /// The file's bytes.
    let source: UnsafeBufferPointer<UInt8>
    /// Where each line starts (index 0: line 1), found in one pass.
    private let lineStarts: [Int]

    init(source: UnsafeBufferPointer<UInt8>) {
        self.source = source
        var starts = [0]
        for (i, byte) in source.enumerated() where byte == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and column (columns count characters, as libyaml does).
    struct Mark { var line: Int; var column: Int }

    func explain(problem: String, context: String?, at mark: Mark, contextMark: Mark?) -> String? {
        let here = character(at: mark)
        switch problem {
        case "found character that cannot start any token", "found a tab character that violates indentation",
             "found a tab character where an indentation space is expected":
            if here == "\t" || problem.contains("tab") || precededByTab(mark) {
                return "a tab character: YAML indents with spaces only; replace the tab with spaces"
            }
            if let here {
                return "'\(here)' cannot start an unquoted value (YAML reserves it); put the value in quotes"
            }
        case "mapping values are not allowed in this context":
            return "unexpected ':' — either this line is indented deeper than the key above it (align it with the keys it belongs with), or an unquoted value contains ': ' (put the value in quotes)"
        case "did not find expected key" where context == "while parsing a block mapping":
            if here == "-" {
                return "a list item ('- ') where a key was expected: indent the list under the key it belongs to"
            }
            return "this line's indentation (\(spaces(mark.column - 1))) matches no mapping above it\(indentationsAbove(mark, from: contextMark)); align it with the keys it belongs with"
        case "did not find expected '-' indicator":
            return "this line's indentation (\(spaces(mark.column - 1))) does not continue the list above it\(indentationsAbove(mark, from: contextMark)); start the line with '- ' at the list's indentation"
        case "found unexpected end of stream" where context == "while scanning a quoted scalar":
            return "the quoted value that starts at \(contextMark.map { "line \($0.line), column \($0.column)" } ?? "an earlier line") is never closed: add the closing quote"
        case "could not find expected ':'" where context == "while scanning a simple key":
            return "\(contextMark.map { "line \($0.line)" } ?? "the line above") holds a key without ':' — add ': ' after the key, or indent the line to continue the value above it"
        case "did not find expected ',' or ']'":
            return "the list in brackets that starts at \(contextMark.map { "line \($0.line), column \($0.column)" } ?? "an earlier line") is never closed: add ']' (or a ',' between items)"
        case "did not find expected ',' or '}'":
            return "the mapping in braces that starts at \(contextMark.map { "line \($0.line), column \($0.column)" } ?? "an earlier line") is never closed: add '}' (or a ',' between entries)"
        case "block sequence entries are not allowed in this context":
            return "a list item ('- ') cannot start here: put the list on its own lines, indented under its key"
        case "did not find expected node content":
            if context?.contains("flow") == true {
                return "a value is missing here: a list in brackets or a mapping in braces opened above is still open (close it with ']' or '}')"
            }
            return "a value is missing here"
        default:
            break
        }
        return nil
    }

    private func spaces(_ n: Int) -> String { n == 1 ? "1 space" : "\(n) spaces" }

    /// ", while the lines above it start at 0 or 2 spaces": the indentations of the
    /// lines from the enclosing collection's start to the line before `mark`.
    private func indentationsAbove(_ mark: Mark, from start: Mark?) -> String {
        // The collection's lines, or at most the 20 above (a mapping may start thousands of lines up).
        let first = max(start?.line ?? 1, mark.line - 20)
        var seen: [Int] = []
        for line in first..<mark.line {
            guard let bytes = lineBytes(line) else { continue }
            let indent = bytes.prefix { $0 == 0x20 }.count
            let rest = bytes.dropFirst(indent)
            guard let firstByte = rest.first, firstByte != 0x23, firstByte != 0x0D else { continue }  // blank or a comment
            if !seen.contains(indent) { seen.append(indent) }
        }
        guard !seen.isEmpty else { return "" }
        let sorted = seen.sorted().map(String.init)
        let list = sorted.count == 1 ? sorted[0] : sorted.dropLast().joined(separator: ", ") + " or " + sorted.last!
        return ", while the lines above it start at \(list) spaces"
    }

    /// The bytes of 1-based `line`, without its newline.
    private func lineBytes(_ line: Int) -> ArraySlice<UInt8>? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : source.count
        return Array(source[start..<max(start, end)])[...]
    }

    /// The character at `mark` (columns count characters).
    private func character(at mark: Mark) -> Character? {
        guard let bytes = lineBytes(mark.line) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let index = mark.column - 1
        guard index >= 0, index < text.count else { return nil }
        return text[text.index(text.startIndex, offsetBy: index)]
    }

    private func precededByTab(_ mark: Mark) -> Bool {
        guard let bytes = lineBytes(mark.line) else { return false }
        return bytes.prefix(max(0, mark.column - 1)).contains(0x09)
    }
}
