import YAML

/// A place in a byte buffer, cheap to record: the line, the byte offset and the
/// offset where that line starts. The character column is worked out only when a
/// diagnostic needs it (a 10 MB one-line JSON file would otherwise cost O(n) per value).
struct TextPosition: Sendable, Hashable {
    var line: Int
    var offset: Int
    var lineStart: Int
}

/// Where a raw value was written: in a byte buffer we scanned ourselves, at a line and
/// column of the file being read (what libyaml's events give the streamed YAML path: the
/// file is the reader's, not repeated in every one of a large file's positions), or at a
/// location the YAML reader already resolved.
enum ValuePosition: Sendable {
    case text(TextPosition)
    case lineColumn(line: Int, column: Int)
    case resolved(SourceLocation)

    /// Orders positions within one file without resolving columns.
    var sortKey: (Int, Int) {
        switch self {
        case .text(let p): return (p.line, p.offset)
        case .lineColumn(let line, let column): return (line, column)
        case .resolved(let l): return (l.line, l.column)
        }
    }
}

/// The bytes of one file and the name diagnostics give it.
struct SourceText: Sendable {
    let bytes: [UInt8]
    let file: String

    /// 1-based line and character column (Unicode scalars, as libyaml counts them).
    func location(_ position: TextPosition) -> SourceLocation {
        var column = 1
        var i = position.lineStart
        let end = min(position.offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(file: file, line: position.line, column: column)
    }

    func location(_ position: ValuePosition) -> SourceLocation {
        switch position {
        case .text(let p): return location(p)
        case .lineColumn(let line, let column): return SourceLocation(file: file, line: line, column: column)
        case .resolved(let l): return l
        }
    }
}
