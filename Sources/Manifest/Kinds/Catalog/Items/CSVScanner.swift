/// One cell of a CSV record: where its text is in the buffer and where it starts.
struct CSVCell {
    /// The cell's first byte (its opening quote, when quoted).
    var position: TextPosition
    /// The text between the quotes, or the whole unquoted cell.
    var contentStart: Int
    var contentEnd: Int
    /// Whether the text holds doubled quotes (`""`) to be undone.
    var hasEscapedQuotes: Bool
}

/// An RFC 4180 CSV scanner over bytes.
///
/// - Cells are separated by `,`, records by LF or CRLF; a final record may end without one.
/// - A quoted cell (`"..."`) may hold commas, line breaks and doubled quotes (`""`).
/// - A quote inside an unquoted cell, or text after a closing quote, is an error.
/// - Empty lines are skipped wherever they are (a blank line is no item).
/// - A UTF-8 byte order mark at the start is skipped.
///
/// Works on an `UnsafeBufferPointer` and hands out byte ranges: no per-character
/// work, so 100,000 rows scan in milliseconds.
struct CSVScanner {
    enum Step {
        /// A record was read into the cells array; `line` is where it starts.
        case record(line: Int)
        case end
        case error(String, TextPosition)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private var line = 1
    private var lineStart: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        index = bom ? 3 : 0
        lineStart = index
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private var position: TextPosition { TextPosition(line: line, offset: index, lineStart: lineStart) }

    /// Reads the next record into `cells` (emptied first).
    mutating func next(into cells: inout [CSVCell]) -> Step {
        cells.removeAll(keepingCapacity: true)
        let n = bytes.count
        // Skip empty lines.
        while index < n {
            if bytes[index] == Self.lf {
                newline(after: index)
            } else if bytes[index] == Self.cr, index + 1 < n, bytes[index + 1] == Self.lf {
                newline(after: index + 1)
            } else {
                break
            }
        }
        guard index < n else { return .end }
        let recordLine = line
        while true {
            let start = position
            if index < n, bytes[index] == Self.quote {
                index += 1
                let contentStart = index
                var escaped = false
                var closed = false
                while index < n {
                    let b = bytes[index]
                    if b == Self.quote {
                        if index + 1 < n, bytes[index + 1] == Self.quote {
                            escaped = true
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == Self.lf {
                        newline(after: index)
                    } else {
                        index += 1
                    }
                }
                guard closed else {
                    return .error("unterminated quoted cell: the quote opened here is never closed", start)
                }
                cells.append(CSVCell(position: start, contentStart: contentStart, contentEnd: index, hasEscapedQuotes: escaped))
                index += 1  // the closing quote
                if index < n, bytes[index] != Self.comma, bytes[index] != Self.lf,
                   !(bytes[index] == Self.cr && (index + 1 == n || bytes[index + 1] == Self.lf)) {
                    return .error("unexpected text after the closing quote of a cell (a quote inside a quoted cell is written \"\")", position)
                }
            } else {
                let contentStart = index
                while index < n {
                    let b = bytes[index]
                    if b == Self.comma || b == Self.lf { break }
                    if b == Self.quote {
                        return .error("quote inside an unquoted cell: quote the whole cell and double the quote (\"5\"\" screen\")", position)
                    }
                    index += 1
                }
                var contentEnd = index
                if index < n, bytes[index] == Self.lf, contentEnd > contentStart, bytes[contentEnd - 1] == Self.cr {
                    contentEnd -= 1
                }
                cells.append(CSVCell(position: start, contentStart: contentStart, contentEnd: contentEnd, hasEscapedQuotes: false))
            }
            if index >= n { return .record(line: recordLine) }
            switch bytes[index] {
            case Self.comma:
                index += 1
            case Self.cr:  // after a quoted cell: CRLF, or a CR that ends the file
                newline(after: min(index + 1, n - 1))
                return .record(line: recordLine)
            default:  // LF
                newline(after: index)
                return .record(line: recordLine)
            }
        }
    }

    private mutating func newline(after lfIndex: Int) {
        index = lfIndex + 1
        line += 1
        lineStart = index
    }

    /// The text of a cell.
    func text(of cell: CSVCell) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[cell.contentStart..<cell.contentEnd])
        guard cell.hasEscapedQuotes else { return String(decoding: content, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(content.count)
        var i = 0
        while i < content.count {
            unescaped.append(content[i])
            i += content[i] == Self.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Whether a cell was written in quotes.
    func isQuoted(_ cell: CSVCell) -> Bool { cell.contentStart != cell.position.offset }
}
