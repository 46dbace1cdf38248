import Foundation
import YAML

/// Reads a YAML items file straight from libyaml's events, item by item (each a mapping
/// of field values), without building the file's node tree: a 20,000-item
/// file is 160,000 events, and the tree path built 140,000 nodes only to convert
/// them to items and drop them.
///
/// Only the plain shape streams: one document whose root is a list, without
/// anchors, aliases, merge keys (`<<`), tags on collections, or keys that are not
/// untagged scalars. On anything else, and on a syntax error, the batch ends with
/// `.needsTree` and the caller reads the file again by the tree path, with all of its
/// rules and messages (the items given out so far must then be dropped).
///
/// Pulled a batch of items at a time (`read(into:upTo:)`): the collector is not captured by
/// a closure (which cost an exclusivity check per item), a batch can be read on another
/// thread (see ``YAMLItemPipeline``), and on one thread reading 1,024 items, then checking
/// them, takes 10% less time than doing both item by item (libyaml's code and ours each stay
/// in the processor's caches for longer).
struct YAMLItemStream {
    /// Deepest nesting streamed; deeper input goes to the tree path, which refuses it with its message.
    static let maximumDepth = 256

    /// Whether the first document's root is a list: a YAML items file, not a manifest
    /// (the loader leaves such a file unparsed until it knows whether a catalog names it).
    static func startsWithList(_ bytes: [UInt8], file: String) -> ParseEvent? {
        let parser = LibYAMLParser(bytes: bytes)
        guard case .streamStart? = try? parser.next(file: file).kind,
              case .documentStart? = try? parser.next(file: file).kind,
              let first = try? parser.next(file: file), case .sequenceStart = first.kind else { return nil }
        return first
    }

    /// About how many items a list holds: the lines that start with `- ` (for room to be
    /// made once, not grown 17 times for 100,000 items).
    static func estimatedItems(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var count = buffer.first == UInt8(ascii: "-") ? 1 : 0
            var offset = 0
            // From newline to newline with memchr: a byte-by-byte loop was 1% of reading the file.
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if newline + 1 < buffer.count, buffer[newline + 1] == UInt8(ascii: "-") { count += 1 }
                offset = newline + 1
            }
            return min(count, 10_000_000)
        }
    }

    /// One item as the stream read it.
    enum Item: Sendable {
        /// A mapping (the usual item), member by member: scalar values as written, other
        /// values (lists, mappings, tagged scalars) as raw values. Its members are these
        /// places of its batch's `members`.
        case members(Range<Int>, position: ValuePosition)
        /// Anything else at the list's top level (a scalar, a list): for the collector to refuse.
        case value(RawValue)
    }

    /// One `key: value` of an item mapping, small (a batch's items pass through one list of
    /// these, member by member): positions as line and column, a raw value boxed.
    struct Member: Sendable {
        /// The key's index in the `keys` given to the stream; nil for another key.
        var slot: Int?
        /// The key as written (for a known key, the string given in `keys`: not made again).
        var key: String
        var keyAt: LineColumn
        var valueAt: LineColumn
        var value: Value

        enum Value: Sendable {
            /// An untagged scalar, as written.
            case scalar(String, ScalarStyle)
            /// A list, a mapping or a tagged scalar.
            indirect case raw(RawValue)
        }

        /// The member as the collector's general rules take it.
        var raw: RawValue.Member {
            switch value {
            case .scalar(let text, let style):
                return RawValue.Member(key: key, keyPosition: keyAt.position, value: RawValue(scalar: Scalar(text: text, style: style), position: valueAt.position))
            case .raw(let r):
                return RawValue.Member(key: key, keyPosition: keyAt.position, value: r)
            }
        }
    }

    struct LineColumn: Sendable {
        var line: Int
        var column: Int
        var position: ValuePosition { .lineColumn(line: line, column: column) }
    }

    /// What `next` read.
    private enum Step {
        /// The next item and its 1-based index.
        case item(Item, index: Int)
        case ended(Ending)
    }

    /// How the stream ended.
    enum Ending: Sendable {
        /// The list and the file ended well.
        case end
        /// Something the stream does not read (see above): read the file by the tree path.
        case needsTree
    }

    /// Items read together: their members, in `members`, and how the stream ended when
    /// nothing follows.
    struct Batch: Sendable {
        /// Items to a batch unless told otherwise: about a millisecond of work (see above;
        /// 64 to 4,096 measured alike, 1 took 10% longer).
        static let standardSize = 1024

        var members: [Member] = []
        var items: [(item: Item, index: Int)] = []
        var ending: Ending?
    }

    /// Empties `batch` (keeping its room) and reads up to `count` items into it; `ending`
    /// says when the stream has ended (then nothing more is read).
    mutating func read(into batch: inout Batch, upTo count: Int) {
        batch.members.removeAll(keepingCapacity: true)
        batch.items.removeAll(keepingCapacity: true)
        batch.ending = nil
        while batch.items.count < max(1, count) {
            switch next(into: &batch.members) {
            case .item(let item, let index): batch.items.append((item, index))
            case .ended(let ending):
                batch.ending = ending
                return
            }
        }
    }

    private let parser: LibYAMLParser
    private let file: String
    private let keys: [String]
    private let keyBytes: [[UInt8]]
    private var slotByKey: [String: Int] = [:]
    private var index = 0
    private var started = false
    private var done = false
    private var stack: [Frame] = []

    /// Item keys are matched against `keys` by their bytes (a catalog's few field names),
    /// so that a known key costs no string.
    init(bytes: [UInt8], file: String, keys: [String]) {
        parser = LibYAMLParser(bytes: bytes)
        self.file = file
        self.keys = keys
        keyBytes = keys.map { Array($0.utf8) }
        if keys.count > 16 { for (i, k) in keys.enumerated() where slotByKey[k] == nil { slotByKey[k] = i } }
    }

    private func slot(of view: EventView) -> Int? {
        guard keys.count > 16 else { return keyBytes.firstIndex { view.textEquals($0) } }
        return slotByKey[String(decoding: view.text, as: UTF8.self)]
    }

    /// The next item, its members appended to `members`.
    private mutating func next(into members: inout [Member]) -> Step {
        guard !done else { return .ended(.end) }
        do {
            if let step = try read(into: &members) { return step }
            done = true
            return .ended(.needsTree)
        } catch {
            done = true
            return .ended(.needsTree)  // a syntax error: the tree path reports it
        }
    }

    /// The next step; nil when the file needs the tree path.
    private mutating func read(into members: inout [Member]) throws -> Step? {
        if !started {
            started = true
            guard try parser.advance(file: file).kind == .streamStart,
                  try parser.advance(file: file).kind == .documentStart else { return nil }
            let root = try parser.advance(file: file)
            guard root.kind == .sequenceStart, !root.isDecorated else { return nil }
        }
        let event = try parser.advance(file: file)
        switch event.kind {
        case .sequenceEnd:
            guard try parser.advance(file: file).kind == .documentEnd,
                  try parser.advance(file: file).kind == .streamEnd else { return nil }
            done = true
            return .ended(.end)
        case .mappingStart where !event.isDecorated:
            index += 1
            let position = ValuePosition.lineColumn(line: event.line, column: event.column)
            let first = members.count
            while true {
                let key = try parser.advance(file: file)
                if key.kind == .mappingEnd { break }
                // A key that is a list or a mapping, anchored or tagged, or a merge key: the tree path.
                guard key.kind == .scalar, !key.isDecorated else { return nil }
                if key.style == .plain, key.textEquals(Self.mergeKey) { return nil }
                let keySlot = slot(of: key)
                let keyText = keySlot.map { keys[$0] } ?? String(decoding: key.text, as: UTF8.self)
                let keyAt = LineColumn(line: key.line, column: key.column)
                let value = try parser.advance(file: file)
                let valueAt = LineColumn(line: value.line, column: value.column)
                let memberValue: Member.Value
                if value.kind == .scalar, !value.isDecorated {
                    memberValue = .scalar(String(decoding: value.text, as: UTF8.self), value.style)
                } else {
                    guard let raw = try Self.value(startingWith: try parser.currentEvent(file: file), parser, file: file,
                                                   depth: 1, stack: &stack) else { return nil }
                    memberValue = .raw(raw)
                }
                members.append(Member(slot: keySlot, key: keyText, keyAt: keyAt, valueAt: valueAt, value: memberValue))
            }
            return .item(.members(first..<members.count, position: position), index: index)
        default:
            index += 1
            guard let value = try Self.value(startingWith: try parser.currentEvent(file: file), parser, file: file,
                                             depth: 0, stack: &stack) else { return nil }
            return .item(.value(value), index: index)
        }
    }

    private static let mergeKey = Array("<<".utf8)

    /// A list or mapping whose end has not been read yet.
    private struct Frame {
        let isMapping: Bool
        let position: ValuePosition
        var elements: [RawValue] = []
        var members: [RawValue.Member] = []
        var pendingKey: (text: String, position: ValuePosition)?
    }

    /// One value from its first event to its last, `depth` levels into its item; nil when it
    /// needs the tree path. `stack` is kept between values for its room.
    private static func value(startingWith first: ParseEvent, _ parser: LibYAMLParser, file: String,
                              depth: Int, stack: inout [Frame]) throws -> RawValue? {
        stack.removeAll(keepingCapacity: true)
        var event = first
        while true {
            // Line and column only: the collector knows the file (a String in every position cost a retain and release each).
            let position = ValuePosition.lineColumn(line: event.line, column: event.column)
            let inKeyPosition = stack.last.map { $0.isMapping && $0.pendingKey == nil } ?? false
            var finished: RawValue?
            switch event.kind {
            case .scalar(let scalar, let anchor):
                guard anchor == nil else { return nil }
                if inKeyPosition {
                    let isMerge = scalar.tag == "tag:yaml.org,2002:merge" || (scalar.style == .plain && scalar.tag == nil && scalar.text == "<<")
                    guard !isMerge else { return nil }
                    stack[stack.count - 1].pendingKey = (scalar.text, position)
                } else {
                    finished = RawValue(scalar: scalar, position: position)
                }
            case .sequenceStart(nil, nil):
                guard !inKeyPosition, depth + stack.count < maximumDepth else { return nil }
                stack.append(Frame(isMapping: false, position: position))
            case .mappingStart(nil, nil):
                guard !inKeyPosition, depth + stack.count < maximumDepth else { return nil }
                stack.append(Frame(isMapping: true, position: position))
            case .sequenceEnd:
                guard let open = stack.popLast(), !open.isMapping else { return nil }
                finished = RawValue(kind: .array(open.elements), position: open.position)
            case .mappingEnd:
                guard let open = stack.popLast(), open.isMapping, open.pendingKey == nil else { return nil }
                finished = RawValue(kind: .object(open.members), position: open.position)
            default:
                return nil  // an alias, an anchor or tag on a collection, a document boundary
            }
            if let value = finished {
                guard !stack.isEmpty else { return value }
                let top = stack.count - 1
                if stack[top].isMapping, let key = stack[top].pendingKey {
                    stack[top].members.append(RawValue.Member(key: key.text, keyPosition: key.position, value: value))
                    stack[top].pendingKey = nil
                } else {
                    stack[top].elements.append(value)
                }
            }
            event = try parser.next(file: file)
        }
    }
}
