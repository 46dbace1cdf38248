import YAML

/// Reads a YAML items file straight from libyaml's events, one item (a mapping of
/// field values) at a time, without building the file's node tree: a 20,000-item
/// file is 160,000 events, and the tree path built 140,000 nodes only to convert
/// them to items and drop them.
///
/// Only the plain shape streams: one document whose root is a list, without
/// anchors, aliases, merge keys (`<<`), tags on collections or keys that are not
/// scalars. On anything else, and on a syntax error, `read` answers false and the
/// caller reads the file again by the tree path, with all of its rules and
/// messages (the items given out so far must then be dropped).
enum YAMLItemStream {
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
        var count = bytes.first == UInt8(ascii: "-") ? 1 : 0
        var previous: UInt8 = 0
        for byte in bytes {
            if previous == 0x0A, byte == UInt8(ascii: "-") { count += 1 }
            previous = byte
        }
        return min(count, 10_000_000)
    }

    /// Gives each item of the root list to `item` with its 1-based index; false when the
    /// file must be read by the tree path.
    static func read(bytes: [UInt8], file: String, item: (RawValue, Int) -> Void) -> Bool {
        let parser = LibYAMLParser(bytes: bytes)
        do {
            guard case .streamStart = try parser.next(file: file).kind,
                  case .documentStart = try parser.next(file: file).kind,
                  case .sequenceStart(nil, nil) = try parser.next(file: file).kind else { return false }
            var index = 0
            while true {
                let event = try parser.next(file: file)
                if case .sequenceEnd = event.kind {
                    guard case .documentEnd = try parser.next(file: file).kind,
                          case .streamEnd = try parser.next(file: file).kind else { return false }
                    return true
                }
                guard let value = try value(startingWith: event, parser, file: file) else { return false }
                index += 1
                item(value, index)
            }
        } catch {
            return false
        }
    }

    private final class Open {
        let isMapping: Bool
        let position: ValuePosition
        var elements: [RawValue] = []
        var members: [RawValue.Member] = []
        var pendingKey: (text: String, position: ValuePosition)?

        init(isMapping: Bool, position: ValuePosition) {
            self.isMapping = isMapping
            self.position = position
        }
    }

    /// One value from its first event to its last; nil when it needs the tree path.
    private static func value(startingWith first: ParseEvent, _ parser: LibYAMLParser, file: String) throws -> RawValue? {
        var stack: [Open] = []
        var event = first
        while true {
            let position = ValuePosition.resolved(SourceLocation(file: file, line: event.line, column: event.column))
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
            case .sequenceStart(nil, nil), .mappingStart(nil, nil):
                guard !inKeyPosition, stack.count < maximumDepth else { return nil }
                if case .mappingStart = event.kind {
                    stack.append(Open(isMapping: true, position: position))
                } else {
                    stack.append(Open(isMapping: false, position: position))
                }
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
                guard let top = stack.last else { return value }
                if top.isMapping, let key = top.pendingKey {
                    top.members.append(RawValue.Member(key: key.text, keyPosition: key.position, value: value))
                    top.pendingKey = nil
                } else {
                    top.elements.append(value)
                }
            }
            event = try parser.next(file: file)
        }
    }
}
