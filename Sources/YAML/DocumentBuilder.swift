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
        /// A sequence's items, a mapping's pairs: nodes as the document will hold them (no
        /// copy at the end), with their expanded sizes kept beside them.
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        var pairSizes: [(size: Int, bytes: Int)] = []
        var pendingKey: Sized?
        /// 1 + the children's expanded sizes, and their bytes, as they arrive.
        var size = 1
        var bytes = 0
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
            let node = Sized(node: Node(.sequence(items), location: frame.location, tag: frame.tag), size: frame.size, bytes: frame.bytes)
            if let anchor = frame.anchor { anchors[anchor] = node }
            try add(node, at: frame.location, counted: true)
        case .mappingEnd:
            guard let frame = stack.popLast(), frame.isMapping else { return }
            let pairs = frame.pairs, sizes = frame.pairSizes
            frame.pairs = []
            frame.pairSizes = []
            let node: Sized
            if let merged = try mergeKeys(pairs, sizes: sizes) {
                node = Sized(node: Node(.mapping(merged.pairs), location: frame.location, tag: frame.tag), size: merged.size, bytes: merged.bytes)
            } else {
                node = Sized(node: Node(.mapping(pairs), location: frame.location, tag: frame.tag), size: frame.size, bytes: frame.bytes)
            }
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
        top.size += node.size
        top.bytes += node.bytes
        if top.isMapping {
            if let key = top.pendingKey {
                top.pairs.append(Node.Pair(key: key.node, value: node.node))
                top.pairSizes.append((key.size + node.size, key.bytes + node.bytes))
                top.pendingKey = nil
            } else {
                top.pendingKey = node
            }
        } else {
            top.items.append(node.node)
        }
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        if s.tag == "tag:yaml.org,2002:merge" { return true }
        return s.style == .plain && s.tag == nil && s.text == "<<"
    }

    /// Applies YAML merge keys: explicit keys win, then earlier merge sources.
    /// Records explicit keys written twice. Nil when the mapping has no merge key
    /// (its pairs stand as they are).
    private mutating func mergeKeys(_ pairs: [Node.Pair], sizes: [(size: Int, bytes: Int)]) throws -> (pairs: [Node.Pair], size: Int, bytes: Int)? {
        let hasMerge = pairs.contains { Self.isMergeKey($0.key) }
        // The common case, a small mapping without merge keys (an item of a 20,000-item file):
        // duplicates by comparing keys pairwise, without building a dictionary per mapping.
        if !hasMerge, pairs.count <= 16 {
            for i in pairs.indices {
                guard let text = pairs[i].key.text else { continue }
                for j in pairs.startIndex..<i where pairs[j].key.text == text {
                    duplicates.append(DuplicateKey(key: text, first: pairs[j].key.location, second: pairs[i].key.location))
                    break
                }
            }
            return nil
        }
        var explicit: [Node.Pair] = []
        var size = 1, bytes = 0
        var sources: [Node] = []
        var seen: [String: SourceLocation] = [:]
        for (pair, sized) in zip(pairs, sizes) {
            if Self.isMergeKey(pair.key) {
                switch pair.value.value {
                case .mapping:
                    sources.append(pair.value)
                case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }):
                    sources.append(contentsOf: items)
                default:
                    throw YAMLError("a merge key '<<' takes a mapping or a list of mappings, not \(pair.value.kindDescription)",
                                    at: pair.value.location)
                }
                continue
            }
            if let text = pair.key.text {
                if let first = seen[text] {
                    duplicates.append(DuplicateKey(key: text, first: first, second: pair.key.location))
                } else {
                    seen[text] = pair.key.location
                }
            }
            explicit.append(pair)
            size += sized.size
            bytes += sized.bytes
        }
        guard hasMerge else { return nil }
        var result = explicit
        for source in sources {
            for pair in source.mapping ?? [] {
                guard let text = pair.key.text, seen[text] == nil else { continue }
                seen[text] = pair.key.location
                result.append(pair)
                size += 2
            }
        }
        return (result, size, bytes)
    }
}
