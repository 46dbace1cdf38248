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

/// A libyaml event as read, its text not yet converted: what a reader that matches keys
/// by their bytes needs, at no cost for the events it only steps over. Its `text` points
/// into the parser's event: valid until the parser's next `advance` or `next` (or its end).
public struct EventView {
    public enum Kind: Sendable {
        case streamStart, streamEnd, documentStart, documentEnd, alias, scalar
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }
    public let kind: Kind
    public let line: Int
    public let column: Int
    /// A scalar's text; empty for other events.
    public let text: UnsafeBufferPointer<UInt8>
    /// A scalar's style; `.plain` for other events.
    public let style: ScalarStyle
    /// Whether the event carries an anchor or a tag (`!` included): such an event is read
    /// through `ParseEvent`, which resolves both.
    public let isDecorated: Bool

    /// Whether a scalar's text is exactly `bytes`.
    public func textEquals(_ bytes: [UInt8]) -> Bool {
        guard text.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        guard let mine = text.baseAddress else { return false }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, mine, bytes.count) == 0 }
    }
}

/// Owns a `yaml_parser_t` and the bytes it reads; frees both in `deinit`. Not safe to
/// share between tasks (one parser, one reader).
public final class LibYAMLParser {
    // The parser and its current event live in memory of their own, not in stored
    // properties: passing a class's stored property `&inout` to C costs a dynamic
    // exclusivity check on every call, and libyaml is called several times per item.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    /// The text, handed to libyaml a chunk at a time as it asks (see `init`).
    private let input: Input
    private var finished = false
    /// The event `advance` read last, kept until the next call (an `EventView` points into it).
    private let current = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    private var holdsEvent = false

    /// The bytes libyaml reads and how far it has read them.
    private final class Input {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// libyaml reads through a handler that copies its next chunk (16 KB at most) out of the
    /// caller's array: no copy of the whole text is made (a 5 MB items file was copied once
    /// more, its pages touched, for every parser over it).
    public init(bytes: [UInt8]) {
        input = Input(bytes)
        parser.initialize(to: yaml_parser_t())
        current.initialize(to: yaml_event_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_input(parser, { data, buffer, size, sizeRead in
            guard let data, let buffer, let sizeRead else { return 0 }
            let input = Unmanaged<Input>.fromOpaque(data).takeUnretainedValue()
            let count = min(size, input.bytes.count - input.offset)
            if count > 0 {
                input.bytes.withUnsafeBufferPointer { source in
                    buffer.update(from: source.baseAddress! + input.offset, count: count)
                }
                input.offset += count
            }
            sizeRead.pointee = count
            return 1
        }, Unmanaged.passUnretained(input).toOpaque())
    }

    deinit {
        if holdsEvent { yaml_event_delete(current) }
        yaml_parser_delete(parser)
        parser.deallocate()
        current.deallocate()
    }

    /// A scalar's style as libyaml reports it (both `advance` and `currentEvent` ask).
    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// libyaml counts lines and columns from 0; brazeform from 1. Converted here only.
    private static func position(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
        (Int(mark.line) + 1, Int(mark.column) + 1)
    }

    /// The next event; after the stream's end, `.streamEnd` again. Syntax errors are
    /// `YAMLError`s with friendly words (see `SyntaxErrorHints`).
    public func next(file: String) throws -> ParseEvent {
        _ = try advance(file: file)
        return try currentEvent(file: file)
    }

    /// Reads the next event and shows it without converting its text (see `EventView`);
    /// `currentEvent` converts it when needed. After the stream's end, `.streamEnd` again.
    public func advance(file: String) throws -> EventView {
        if holdsEvent {
            yaml_event_delete(current)
            holdsEvent = false
        }
        if finished {
            return EventView(kind: .streamEnd, line: 1, column: 1, text: UnsafeBufferPointer(start: nil, count: 0), style: .plain, isDecorated: false)
        }
        guard yaml_parser_parse(parser, current) == 1 else {
            throw currentError(file: file)
        }
        holdsEvent = true
        let (line, column) = Self.position(current.pointee.start_mark)
        let kind: EventView.Kind
        var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var style = ScalarStyle.plain
        var decorated = false
        switch current.pointee.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd; finished = true
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT: kind = .alias
        case YAML_SCALAR_EVENT:
            kind = .scalar
            let s = current.pointee.data.scalar
            text = UnsafeBufferPointer(start: s.value, count: s.length)
            style = Self.style(s.style)
            decorated = s.anchor != nil || s.tag != nil
        case YAML_SEQUENCE_START_EVENT:
            kind = .sequenceStart
            decorated = current.pointee.data.sequence_start.anchor != nil || current.pointee.data.sequence_start.tag != nil
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            kind = .mappingStart
            decorated = current.pointee.data.mapping_start.anchor != nil || current.pointee.data.mapping_start.tag != nil
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default:
            throw YAMLError("unexpected YAML event", at: SourceLocation(file: file, line: line, column: column))
        }
        return EventView(kind: kind, line: line, column: column, text: text, style: style, isDecorated: decorated)
    }

    /// The event `advance` read last, converted to Swift values (text, anchor and tag).
    public func currentEvent(file: String) throws -> ParseEvent {
        guard holdsEvent else { return ParseEvent(kind: .streamEnd, line: 1, column: 1) }
        let (line, column) = Self.position(current.pointee.start_mark)
        let kind: ParseEvent.Kind
        switch current.pointee.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT:
            kind = .alias(anchor: Self.string(current.pointee.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let s = current.pointee.data.scalar
            let text = Self.string(s.value, length: s.length) ?? ""
            let style = Self.style(s.style)
            var tag = Self.string(s.tag)
            if tag == "!" { tag = nil }  // the non-specific tag: a string by its style
            kind = .scalar(Scalar(text: text, style: style, tag: tag), anchor: Self.string(s.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let s = current.pointee.data.sequence_start
            kind = .sequenceStart(anchor: Self.string(s.anchor), tag: Self.string(s.tag))
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let m = current.pointee.data.mapping_start
            kind = .mappingStart(anchor: Self.string(m.anchor), tag: Self.string(m.tag))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default:
            throw YAMLError("unexpected YAML event", at: SourceLocation(file: file, line: line, column: column))
        }
        return ParseEvent(kind: kind, line: line, column: column)
    }

    private func currentError(file: String) -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        var message = problem
        if let context = parser.pointee.context.map({ String(cString: $0) }) {
            message = "\(context), \(problem)"
        }
        // The problem mark says where libyaml stopped; some errors (the reader's,
        // e.g. invalid UTF-8) have only an offset, counted in bytes.
        var (line, column) = Self.position(parser.pointee.problem_mark)
        if parser.pointee.error == YAML_READER_ERROR {
            (line, column) = lineAndColumn(ofByte: Int(parser.pointee.problem_offset))
            message = "invalid text: \(problem)"
        } else {
            let context = parser.pointee.context.map { String(cString: $0) }
            let contextMark = context == nil ? nil : Self.position(parser.pointee.context_mark)
            let friendly = input.bytes.withUnsafeBufferPointer { source in
                SyntaxErrorHints(source: source).explain(problem: problem, context: context, at: .init(line: line, column: column),
                                                         contextMark: contextMark.map { .init(line: $0.line, column: $0.column) })
            }
            if let friendly {
                message = "\(friendly) (YAML: \(message))"
            }
        }
        return YAMLError(message, at: SourceLocation(file: file, line: line, column: column))
    }

    private func lineAndColumn(ofByte offset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for byte in input.bytes.prefix(min(offset, input.bytes.count)) {
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
