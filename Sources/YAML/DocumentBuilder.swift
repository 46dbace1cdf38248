/// Turns the event stream into documents of nodes, without recursion.
///
/// Resolves aliases, merges `<<` keys and records duplicate keys. Every node
/// carries its expanded size (itself plus everything below it once aliases are
/// counted in full), so an alias bomb is refused before anything walks it.
struct DocumentBuilder {
    let file: String
    let maximumDepth: Int
    let maximumExpandedNodes: Int

    private(set) var documents: [YAMLDocument] = []

    private struct Sized {
        var node: Node
        var size: Int
    }

    private enum Frame {
        case sequence(items: [Sized], location: SourceLocation, anchor: String?, tag: String?)
        case mapping(pairs: [(key: Sized, value: Sized)], pendingKey: Sized?, location: SourceLocation, anchor: String?, tag: String?)
    }

    private var stack: [Frame] = []
    private var anchors: [String: Sized] = [:]
    private var root: Sized?
    private var documentLocation = SourceLocation(file: "", line: 1, column: 1)
    private var duplicates: [DuplicateKey] = []
    private var expanded = 0

    init(file: String, maximumDepth: Int, maximumExpandedNodes: Int) {
        self.file = file
        self.maximumDepth = maximumDepth
        self.maximumExpandedNodes = maximumExpandedNodes
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
            documentLocation = location(event)
        case .documentEnd:
            documents.append(YAMLDocument(root: root?.node, location: documentLocation, duplicateKeys: duplicates))
        case .alias(let anchor):
            guard let target = anchors[anchor] else {
                throw YAMLError("unknown alias '*\(anchor)': no anchor '&\(anchor)' is defined before it", at: location(event))
            }
            try add(target, at: location(event))
        case .scalar(let scalar, let anchor):
            let node = Sized(node: Node(.scalar(scalar), location: location(event)), size: 1)
            if let anchor { anchors[anchor] = node }
            try add(node, at: location(event))
        case .sequenceStart(let anchor, let tag):
            try push(.sequence(items: [], location: location(event), anchor: anchor, tag: tag), at: location(event))
        case .mappingStart(let anchor, let tag):
            try push(.mapping(pairs: [], pendingKey: nil, location: location(event), anchor: anchor, tag: tag), at: location(event))
        case .sequenceEnd:
            guard case .sequence(let items, let loc, let anchor, let tag)? = stack.popLast() else { return }
            let node = Sized(node: Node(.sequence(items.map(\.node)), location: loc, tag: tag),
                             size: items.reduce(1) { $0 + $1.size })
            if let anchor { anchors[anchor] = node }
            try add(node, at: loc, counted: true)
        case .mappingEnd:
            guard case .mapping(let pairs, _, let loc, let anchor, let tag)? = stack.popLast() else { return }
            let merged = try mergeKeys(pairs)
            let node = Sized(node: Node(.mapping(merged.map { Node.Pair(key: $0.key.node, value: $0.value.node) }), location: loc, tag: tag),
                             size: merged.reduce(1) { $0 + $1.key.size + $1.value.size })
            if let anchor { anchors[anchor] = node }
            try add(node, at: loc, counted: true)
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
        expanded += counted ? 1 : node.size
        guard expanded <= maximumExpandedNodes else {
            throw YAMLError("the document expands to more than \(maximumExpandedNodes) nodes through aliases", at: location)
        }
        guard var top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let loc, let anchor, let tag):
            items.append(node)
            top = .sequence(items: items, location: loc, anchor: anchor, tag: tag)
        case .mapping(var pairs, let pending, let loc, let anchor, let tag):
            if let key = pending {
                pairs.append((key, node))
                top = .mapping(pairs: pairs, pendingKey: nil, location: loc, anchor: anchor, tag: tag)
            } else {
                top = .mapping(pairs: pairs, pendingKey: node, location: loc, anchor: anchor, tag: tag)
            }
        }
        stack.append(top)
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
                    sources.append(contentsOf: items.map { Sized(node: $0, size: 1) })
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
                result.append((Sized(node: pair.key, size: 1), Sized(node: pair.value, size: 1)))
            }
        }
        return result
    }
}
