internal import CYAML
import Foundation

/// A problem that stops a YAML file from being read: the syntax error libyaml
/// reports, or a document too large or deep to be a manifest.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// A key written twice in one mapping (merge keys excepted: they may be overridden).
public struct DuplicateKey: Sendable {
    public var key: String
    public var first: SourceLocation
    public var second: SourceLocation
}

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    /// The root node; nil for an empty document.
    public var root: Node?
    /// Where the document starts (its `---`, or its first node).
    public var location: SourceLocation
    public var duplicateKeys: [DuplicateKey]
}

/// Reads YAML text with the system libyaml into positioned nodes.
///
/// The parser is iterative (no recursion on nesting), bounds nesting depth and the
/// number of nodes that aliases can expand to (so "billion laughs" input is an
/// error, not a hang), and reports libyaml's errors with 1-based line and column.
public struct YAMLReader: Sendable {
    /// Deepest nesting accepted; deeper input is refused with an error.
    public var maximumDepth: Int
    /// Most nodes a file may expand to once aliases are resolved.
    public var maximumExpandedNodes: Int
    /// Most bytes of scalar text a file may expand to once aliases are resolved.
    public var maximumExpandedBytes: Int

    public init(maximumDepth: Int = 256, maximumExpandedNodes: Int = 5_000_000, maximumExpandedBytes: Int = 256 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumExpandedNodes = maximumExpandedNodes
        self.maximumExpandedBytes = maximumExpandedBytes
    }

    /// Reads the file at `path`; `displayPath` is what locations will name.
    public func read(fileAt path: String, displayPath: String? = nil) throws -> [YAMLDocument] {
        let shown = displayPath ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLError("cannot read file", at: SourceLocation(file: shown, line: 1, column: 1))
        }
        return try read(bytes: [UInt8](data), file: shown)
    }

    /// Reads YAML text; `file` is what locations will name.
    public func read(_ text: String, file: String = "<input>") throws -> [YAMLDocument] {
        try read(bytes: Array(text.utf8), file: file)
    }

    public func read(bytes: [UInt8], file: String) throws -> [YAMLDocument] {
        let parser = LibYAMLParser(bytes: bytes)
        var builder = DocumentBuilder(file: file, maximumDepth: maximumDepth, maximumExpandedNodes: maximumExpandedNodes, maximumExpandedBytes: maximumExpandedBytes)
        while true {
            let event = try parser.next(file: file)
            if case .streamEnd = event.kind { break }
            try builder.handle(event)
        }
        return builder.documents
    }
}

// MARK: - libyaml events

/// A libyaml event converted to Swift values, with its 1-based position: the level
/// below documents, for reading a large list item by item without building its tree.
public struct ParseEvent: Sendable {
    public enum Kind: Sendable {
        case streamStart, streamEnd
        case documentStart, documentEnd
        case alias(anchor: String)
        case scalar(Scalar, anchor: String?)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }
    public var kind: Kind
    public var line: Int
    public var column: Int
}

/// Owns a `yaml_parser_t` and the bytes it reads; frees both in `deinit`. Not safe to
/// share between tasks (one parser, one reader).
public final class LibYAMLParser {
    private var parser = yaml_parser_t()
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private let length: Int
    private var finished = false

    public init(bytes: [UInt8]) {
        buffer = .allocate(capacity: max(bytes.count, 1))
        length = bytes.count
        _ = buffer.initialize(from: bytes)
        yaml_parser_initialize(&parser)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        buffer.deallocate()
    }

    /// libyaml counts lines and columns from 0; brazeform from 1. Converted here only.
    private static func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
        (Int(mark.line) + 1, Int(mark.column) + 1)
    }

    /// The next event; after the stream's end, `.streamEnd` again. Syntax errors are
    /// `YAMLError`s with friendly words (see `SyntaxErrorHints`).
    public func next(file: String) throws -> ParseEvent {
        if finished { return ParseEvent(kind: .streamEnd, line: 1, column: 1) }
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw currentError(file: file)
        }
        defer { yaml_event_delete(&event) }
        let (line, column) = Self.position(event.start_mark)
        let kind: ParseEvent.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd; finished = true
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT:
            kind = .alias(anchor: Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = Self.string(s.value, length: s.length) ?? ""
            let style: ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            var tag = Self.string(s.tag)
            if tag == "!" { tag = nil }  // the non-specific tag: a string by its style
            kind = .scalar(Scalar(text: text, style: style, tag: tag), anchor: Self.string(s.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            kind = .sequenceStart(anchor: Self.string(s.anchor), tag: Self.string(s.tag))
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            kind = .mappingStart(anchor: Self.string(m.anchor), tag: Self.string(m.tag))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default:
            throw YAMLError("unexpected YAML event", at: SourceLocation(file: file, line: line, column: column))
        }
        return ParseEvent(kind: kind, line: line, column: column)
    }

    private func currentError(file: String) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(context), \(problem)"
        }
        // The problem mark says where libyaml stopped; some errors (the reader's,
        // e.g. invalid UTF-8) have only an offset, counted in bytes.
        var (line, column) = Self.position(parser.problem_mark)
        if parser.error == YAML_READER_ERROR {
            (line, column) = lineAndColumn(ofByte: Int(parser.problem_offset))
            message = "invalid text: \(problem)"
        } else {
            let context = parser.context.map { String(cString: $0) }
            let contextMark = context == nil ? nil : Self.position(parser.context_mark)
            let hints = SyntaxErrorHints(source: UnsafeBufferPointer(rebasing: buffer[0..<length]))
            if let friendly = hints.explain(problem: problem, context: context, at: .init(line: line, column: column),
                                            contextMark: contextMark.map { .init(line: $0.line, column: $0.column) }) {
                message = "\(friendly) (YAML: \(message))"
            }
        }
        return YAMLError(message, at: SourceLocation(file: file, line: line, column: column))
    }

    private func lineAndColumn(ofByte offset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for byte in buffer.prefix(min(offset, buffer.count)) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String? {
        guard let pointer else { return nil }
        let bytes = UnsafeBufferPointer(start: pointer, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
