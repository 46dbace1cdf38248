import Foundation
import BrazeCore
import YAML

/// The formats a catalog's `items: {file: PATH}` may take, chosen by extension.
public enum CatalogItemFormat: String, Sendable, Hashable, CaseIterable {
    case csv, json, jsonl, yaml

    /// The format for a path's extension (`.csv`, `.json`, `.jsonl`, `.yaml`, `.yml`, any case), nil for others.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "json": self = .json
        case "jsonl": self = .jsonl
        case "yaml", "yml": self = .yaml
        default: return nil
        }
    }
}

/// Reads a catalog's items (the complete set, keyed by id) from a CSV, JSON, JSONL
/// or YAML file, or from a manifest's inline list, checking them offline against
/// the catalog's fields and Braze's rules:
///
/// - every item has an `id`: text of letters, digits, `-` and `_`, at most 250
///   characters, unique across the set (a duplicate names the first place);
/// - every field of the catalog is present (null is allowed for all but `id`) and no
///   other ("did you mean" when a field name is close);
/// - values coerce to their field's type (see the ``ItemCollector`` coercion rules:
///   an empty CSV cell is the empty string for a `string` field and null otherwise;
///   CSV cells of `array`/`object` fields hold JSON text; a `time` is ISO-8601 with
///   a time zone, or a date `2022-11-01` meaning midnight UTC);
/// - values at most 5,000 characters (for arrays and objects, their compact JSON
///   text); object keys without `.` or `$`; nesting at most 50 levels.
///
/// Every problem is reported with its file, line and column (JSON positions come
/// from our own parser, so they are exact too), sorted by place and capped at 100
/// per file, followed by a line counting the rest. Items with a problem are left
/// out of `items`; when a duplicate id is found, the first item is kept.
public struct CatalogItemReader: Sendable {
    public let fields: [CatalogField]

    public init(fields: [CatalogField]) {
        self.fields = fields
    }

    /// Items from a file; `displayPath` is what diagnostics name. Format from the
    /// extension (.csv, .json, .jsonl, .yaml, .yml); another extension is an error.
    public func read(fileAt path: String, displayPath: String) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        guard let format = CatalogItemFormat(path: path) else {
            return ([], [.error("items file '\(displayPath)' has an unsupported extension; use .csv, .json, .jsonl, .yaml or .yml", at: start)])
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReading.readRegularFile(path)
        } catch {
            return ([], [.error("cannot read items file '\(displayPath)': \(error.reason)", at: start)])
        }
        return read(bytes: bytes, format: format, displayPath: displayPath)
    }

    public func read(bytes: [UInt8], format: CatalogItemFormat, displayPath: String) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        read(bytes: bytes, format: format, displayPath: displayPath, yamlReading: .automatic)
    }

    /// Where a YAML items file's stream is read, and how many items at a time.
    enum YAMLReading: CustomStringConvertible {
        /// A large file, when this process may run on more than one core, on a thread of its
        /// own (see ``YAMLItemPipeline``: 64 items first, doubling up to 1,024), else on the
        /// caller's, 1,024 items at a time.
        case automatic
        case oneThread(batchSize: Int)
        /// On a thread of its own whatever the file and the machine.
        case pipelined(batchSize: Int)

        var description: String {
            switch self {
            case .automatic: return "automatic"
            case .oneThread(let size): return "one thread, \(size) items a batch"
            case .pipelined(let size): return "two threads, \(size) items a batch"
            }
        }
    }

    func read(bytes: [UInt8], format: CatalogItemFormat, displayPath: String, yamlReading: YAMLReading) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        let source = SourceText(bytes: bytes, file: displayPath)
        var collector = ItemCollector(fields: fields, source: source, file: displayPath)
        if format != .yaml, let bad = Self.firstInvalidUTF8(bytes) {
            // libyaml checks YAML itself; our CSV and JSON readers decode without checking.
            collector.error("the file is not valid UTF-8 text (save it as UTF-8)", at: .text(bad))
            return collector.finish()
        }
        switch format {
        case .csv:
            collector.addItems(csv: source)
        case .json:
            let start = Self.skipBOM(bytes)
            if bytes[start...].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                collector.error("the JSON file is empty; write [] for a catalog with no items", at: .text(TextPosition(line: 1, offset: start, lineStart: start)))
                break
            }
            switch JSONParser.parse(bytes, start: start, lineStart: start) {
            case .failure(let e):
                collector.error("invalid JSON: \(e.message)", at: .text(e.position))
            case .success(let root):
                guard case .array(let elements) = root.kind else {
                    collector.error("expected a JSON array of item objects, found \(root.kindDescription)", at: root.position)
                    break
                }
                collector.expectItems(elements.count)
                for (i, element) in elements.enumerated() {
                    collector.addItem(element, label: "item \(i + 1)")
                }
            }
        case .jsonl:
            readJSONLines(bytes, into: &collector)
        case .yaml:
            // The plain shape streams, a batch of items at a time; anything else (anchors, merge
            // keys, several documents, a syntax error) is read again by the tree path, afresh.
            collector.expectItems(YAMLItemStream.estimatedItems(bytes))
            let streamed = Self.addItems(yaml: bytes, displayPath: displayPath, reading: yamlReading, into: &collector)
            if streamed == .end { return collector.finish() }
            collector = ItemCollector(fields: fields, source: source, file: displayPath)
            let parsed: Result<[YAMLDocument], YAMLError>
            do {
                parsed = .success(try YAMLReader().read(bytes: bytes, file: displayPath))
            } catch let e as YAMLError {
                parsed = .failure(e)
            } catch {
                parsed = .failure(YAMLError("\(error)", at: SourceLocation(file: displayPath, line: 1, column: 1)))
            }
            addItems(yaml: parsed, displayPath: displayPath, into: &collector)
        }
        return collector.finish()
    }

    /// Streams a YAML file's items into `collector`, a batch at a time: read on another thread
    /// while the collector checks the batch before (see ``YAMLItemPipeline``), or on this one.
    /// How the stream ended (`.needsTree`: the items given so far must be dropped).
    private static func addItems(yaml bytes: [UInt8], displayPath: String, reading: YAMLReading,
                                 into collector: inout ItemCollector) -> YAMLItemStream.Ending {
        let batchSize: Int
        let pipelined: Bool
        switch reading {
        case .automatic:
            batchSize = YAMLItemStream.Batch.standardSize
            pipelined = YAMLItemPipeline.isWorthwhile(byteCount: bytes.count)
        case .oneThread(let size):
            (batchSize, pipelined) = (size, false)
        case .pipelined(let size):
            (batchSize, pipelined) = (size, true)
        }
        // A batch that ends in `.needsTree` is not checked: the caller drops what was collected.
        if pipelined, let pipeline = YAMLItemPipeline(bytes: bytes, file: displayPath, keys: collector.streamKeys, batchSize: batchSize) {
            while true {
                let batch = pipeline.next()
                if batch.ending == .needsTree { return .needsTree }
                collector.addItems(streamed: batch)
                if let ending = batch.ending { return ending }
                pipeline.recycle(consume batch)
            }
        }
        var stream = YAMLItemStream(bytes: bytes, file: displayPath, keys: collector.streamKeys)
        var batch = YAMLItemStream.Batch()
        while true {
            stream.read(into: &batch, upTo: batchSize)
            if batch.ending == .needsTree { return .needsTree }
            collector.addItems(streamed: batch)
            if let ending = batch.ending { return ending }
        }
    }

    /// Items from a YAML file already parsed, by the tree path (what `read(bytes:)` falls back to).
    public func read(yaml parsed: Result<[YAMLDocument], YAMLError>, displayPath: String) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        var collector = ItemCollector(fields: fields, source: nil, file: displayPath)
        addItems(yaml: parsed, displayPath: displayPath, into: &collector)
        return collector.finish()
    }

    private func addItems(yaml parsed: Result<[YAMLDocument], YAMLError>, displayPath: String, into collector: inout ItemCollector) {
        switch parsed {
        case .failure(let e):
            collector.error(e.message, at: .resolved(e.location))
        case .success(let documents):
            if documents.count > 1 {
                collector.error("the file holds \(documents.count) YAML documents; an items file holds one list",
                                at: .resolved(documents[1].location))
            } else if let root = documents.first?.root {
                collector.addItems(yaml: root, what: "the file")
            } else {
                collector.error("the YAML file is empty; write [] for a catalog with no items",
                                at: .resolved(documents.first?.location ?? SourceLocation(file: displayPath, line: 1, column: 1)))
            }
        }
    }

    /// Items written inline in a manifest (a YAML sequence of mappings).
    public func read(inline node: Node) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        var collector = ItemCollector(fields: fields, source: nil, file: node.location.file)
        collector.addItems(yaml: node, what: "items")
        return collector.finish()
    }

    /// One object per line; blank lines are skipped; a bad line is reported and the next ones still read.
    private func readJSONLines(_ bytes: [UInt8], into collector: inout ItemCollector) {
        var start = Self.skipBOM(bytes)
        collector.expectItems(bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1)
        var line = 1
        var count = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let blank = bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !blank {
                count += 1
                switch JSONParser.parse(bytes, start: start, end: end, line: line, lineStart: start) {
                case .failure(let e):
                    collector.error("line \(line): invalid JSON: \(e.message)", at: .text(e.position))
                case .success(let value):
                    collector.addItem(value, label: "item \(count) (line \(line))")
                }
            }
            start = next
            line += 1
        }
    }

    private static func skipBOM(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Where the first byte that is not UTF-8 is, nil when all is well.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> TextPosition? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        // Rare path: find the line, then the byte.
        var lineStart = 0
        var line = 1
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            if String(validating: bytes[lineStart..<end], as: UTF8.self) == nil {
                var good = lineStart
                var probe = lineStart + 1
                while probe <= end {
                    if String(validating: bytes[lineStart..<probe], as: UTF8.self) != nil { good = probe }
                    else if probe - good > 4 { break }
                    probe += 1
                }
                return TextPosition(line: line, offset: good, lineStart: lineStart)
            }
            lineStart = end + 1
            line += 1
        }
        return TextPosition(line: 1, offset: 0, lineStart: 0)
    }
}
