/// Turns the event stream into documents of nodes, without recursion.
///
/// Resolves aliases, merges `<<` keys and records duplicate keys. Every node
/// carries its expanded size (itself plus everything below it once aliases are
/// counted in full) and its expanded bytes (the scalar text it stands for), so an
/// alias bomb is refused before anything walks it, whether it multiplies many
/// small nodes or a few long strings.
///
/// Open collections live in reference-typed frames, so appending an item is
/// amortised O(1): a frame held in an enum payload was copied on every append,
/// which made a 20,000-item list quadratic.
struct DocumentBuilder {
    let file: String
    let maximumDepth: Int
    let maximumExpandedNodes: Int
    let maximumExpandedBytes: Int

    private(set) var documents: [YAMLDocument] = []

    private struct Sized {
        var node: Node
        var size: Int
        var bytes: Int
    }

    private final class Frame {
        let isMapping: Bool
        var items: [Sized] = []
        var pairs: [(key: Sized, value: Sized)] = []
        var pendingKey: Sized?
        let location: SourceLocation
        let anchor: String?
        let tag: String?

        init(isMapping: Bool, location: SourceLocation, anchor: String?, tag: String?) {
            self.isMapping = isMapping
            self.location = location
            self.anchor = anchor
            self.tag = tag
        }
    }

    private var stack: [Frame] = []
    private var anchors: [String: Sized] = [:]
    private var root: Sized?
    private var documentLocation = SourceLocation(file: "", line: 1, column: 1)
    private var duplicates: [DuplicateKey] = []
    private var expanded = 0
    private var expandedBytes = 0

    init(file: String, maximumDepth: Int, maximumExpandedNodes: Int, maximumExpandedBytes: Int = 256 << 20) {
        self.file = file
        self.maximumDepth = maximumDepth
        self.maximumExpandedNodes = maximumExpandedNodes
        self.maximumExpandedBytes = maximumExpandedBytes
    }

    private func location(_ event: ParseEvent) -> SourceLocation {
        SourceLocation(file: file, line: event.line, column: event.column)
    }

    mutating func handle(_ event: ParseEvent) throws {
        switch event.kind {
        case .streamStart, .streamEnd:
            break
        case .documentStart:
            stack = []
            anchors = [:]
            root = nil
            duplicates = []
            expanded = 0
            expandedBytes = 0
            documentLocation = location(event)
        case .documentEnd:
            documents.append(YAMLDocument(root: root?.node, location: documentLocation, duplicateKeys: duplicates))
        case .alias(let anchor):
            guard let target = anchors[anchor] else {
                throw YAMLError("unknown alias '*\(anchor)': no anchor '&\(anchor)' is defined before it", at: location(event))
            }
            try add(target, at: location(event))
        case .scalar(let scalar, let anchor):
            let node = Sized(node: Node(.scalar(scalar), location: location(event)), size: 1, bytes: scalar.text.utf8.count)
            if let anchor { anchors[anchor] = node }
            try add(node, at: location(event))
        case .sequenceStart(let anchor, let tag):
            try push(Frame(isMapping: false, location: location(event), anchor: anchor, tag: tag), at: location(event))
        case .mappingStart(let anchor, let tag):
            try push(Frame(isMapping: true, location: location(event), anchor: anchor, tag: tag), at: location(event))
        case .sequenceEnd:
            guard let frame = stack.popLast(), !frame.isMapping else { return }
            let items = frame.items
            frame.items = []
            let node = Sized(node: Node(.sequence(items.map(\.node)), location: frame.location, tag: frame.tag),
                             size: items.reduce(1) { $0 + $1.size }, bytes: items.reduce(0) { $0 + $1.bytes })
            if let anchor = frame.anchor { anchors[anchor] = node }
            try add(node, at: frame.location, counted: true)
        case .mappingEnd:
            guard let frame = stack.popLast(), frame.isMapping else { return }
            let pairs = frame.pairs
            frame.pairs = []
            let merged = try mergeKeys(pairs)
            let node = Sized(node: Node(.mapping(merged.map { Node.Pair(key: $0.key.node, value: $0.value.node) }), location: frame.location, tag: frame.tag),
                             size: merged.reduce(1) { $0 + $1.key.size + $1.value.size },
                             bytes: merged.reduce(0) { $0 + $1.key.bytes + $1.value.bytes })
            if let anchor = frame.anchor { anchors[anchor] = node }
            try add(node, at: frame.location, counted: true)
        }
    }

    private mutating func push(_ frame: Frame, at location: SourceLocation) throws {
        guard stack.count < maximumDepth else {
            throw YAMLError("nesting deeper than \(maximumDepth) levels", at: location)
        }
        stack.append(frame)
    }

    /// Adds a finished node to its parent. Collections were counted as their
    /// children arrived (`counted`); scalars and aliases are counted here.
    private mutating func add(_ node: Sized, at location: SourceLocation, counted: Bool = false) throws {
        let (nodes, nodesOverflow) = expanded.addingReportingOverflow(counted ? 1 : node.size)
        guard !nodesOverflow, nodes <= maximumExpandedNodes else {
            throw YAMLError("the document expands to more than \(maximumExpandedNodes) nodes through aliases", at: location)
        }
        expanded = nodes
        // Collections' bytes were counted as their scalars arrived; aliases count in full.
        if !counted {
            let (bytes, bytesOverflow) = expandedBytes.addingReportingOverflow(node.bytes)
            guard !bytesOverflow, bytes <= maximumExpandedBytes else {
                throw YAMLError("the document expands to more than \(maximumExpandedBytes >> 20) MiB of text through aliases", at: location)
            }
            expandedBytes = bytes
        }
        guard let top = stack.last else {
            root = node
            return
        }
        if top.isMapping {
            if let key = top.pendingKey {
                top.pairs.append((key, node))
                top.pendingKey = nil
            } else {
                top.pendingKey = node
            }
        } else {
            top.items.append(node)
        }
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        if s.tag == "tag:yaml.org,2002:merge" { return true }
        return s.style == .plain && s.tag == nil && s.text == "<<"
    }

    /// Applies YAML merge keys: explicit keys win, then earlier merge sources.
    /// Records explicit keys written twice.
    private mutating func mergeKeys(_ pairs: [(key: Sized, value: Sized)]) throws -> [(key: Sized, value: Sized)] {
        var explicit: [(key: Sized, value: Sized)] = []
        var sources: [Sized] = []
        var seen: [String: SourceLocation] = [:]
        for pair in pairs {
            if Self.isMergeKey(pair.key.node) {
                switch pair.value.node.value {
                case .mapping:
                    sources.append(pair.value)
                case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }):
                    sources.append(contentsOf: items.map { Sized(node: $0, size: 1, bytes: 0) })
                default:
                    throw YAMLError("a merge key '<<' takes a mapping or a list of mappings, not \(pair.value.node.kindDescription)",
                                    at: pair.value.node.location)
                }
                continue
            }
            if let text = pair.key.node.text {
                if let first = seen[text] {
                    duplicates.append(DuplicateKey(key: text, first: first, second: pair.key.node.location))
                } else {
                    seen[text] = pair.key.node.location
                }
            }
            explicit.append(pair)
        }
        guard !sources.isEmpty else { return explicit }
        var result = explicit
        for source in sources {
            for pair in source.node.mapping ?? [] {
                guard let text = pair.key.text, seen[text] == nil else { continue }
                seen[text] = pair.key.location
                result.append((Sized(node: pair.key, size: 1, bytes: 0), Sized(node: pair.value, size: 1, bytes: 0)))
            }
        }
        return result
    }
}
