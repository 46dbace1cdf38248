import Foundation
import YAMLReader

/// A reference from one resource to another, found in its text.
public struct ResourceReference: Sendable, Hashable {
    public var target: ResourceAddress
    public var location: SourceLocation
    /// The field whose text holds it.
    public var field: String
}

/// Finds the references Braze resolves at send time in Liquid:
/// `{{content_blocks.${NAME}}}` (spaces and filters allowed), `{% catalog_items NAME ... %}`,
/// `{% catalog_selection_items NAME ... %}` and `{{preference_center.${NAME}}}`.
public enum LiquidReferences {
    private static let patterns: [(ResourceKind, NSRegularExpression)] = [
        (.contentBlock, try! NSRegularExpression(pattern: #"\{\{-?\s*content_blocks\.\$\{\s*([^}\s]+)\s*\}[^}]*\}\}"#)),
        (.catalog, try! NSRegularExpression(pattern: #"\{%-?\s*catalog_(?:selection_)?items\s+([A-Za-z0-9_-]+)"#)),
        (.preferenceCenter, try! NSRegularExpression(pattern: #"\{\{-?\s*preference_center\.\$\{\s*([^}\s]+)\s*\}"#)),
    ]
    /// `{% form_field_name :subscription_group ID %}` and `{{subscribed_state.${ID}}}` in preference center HTML.
    private static let groupIDPatterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: #"\{%-?\s*form_field_name\s+:subscription_group\s+([^\s%]+)"#),
        try! NSRegularExpression(pattern: #"\{\{-?\s*subscribed_state\.\$\{\s*([^}\s]+)\s*\}"#),
    ]

    /// Liquid references in `text` (after interpolation).
    public static func references(in text: SourcedText, field: String) -> [ResourceReference] {
        let s = text.text
        guard s.contains("{") else { return [] }
        var result: [ResourceReference] = []
        let range = NSRange(s.startIndex..., in: s)
        for (kind, regex) in patterns {
            for match in regex.matches(in: s, range: range) {
                guard let nameRange = Range(match.range(at: 1), in: s), let whole = Range(match.range, in: s) else { continue }
                result.append(ResourceReference(target: ResourceAddress(kind, String(s[nameRange])), location: text.location(ofOffset: whole.lowerBound), field: field))
            }
        }
        return result
    }

    /// Subscription group ids named in preference center Liquid.
    public static func subscriptionGroupIDs(in text: SourcedText) -> [(id: String, location: SourceLocation)] {
        let s = text.text
        guard s.contains("subscri") else { return [] }
        let range = NSRange(s.startIndex..., in: s)
        return groupIDPatterns.flatMap { regex in
            regex.matches(in: s, range: range).compactMap { match in
                guard let idRange = Range(match.range(at: 1), in: s), let whole = Range(match.range, in: s) else { return nil }
                return (String(s[idRange]), text.location(ofOffset: whole.lowerBound))
            }
        }
    }
}

/// Which resources need which: built from references in the manifests' text.
public struct DependencyGraph: Sendable {
    public private(set) var nodes: [ResourceAddress]
    /// Each resource's references, in the order found.
    public private(set) var references: [ResourceAddress: [ResourceReference]]

    public init(nodes: [ResourceAddress], references: [ResourceAddress: [ResourceReference]]) {
        self.nodes = nodes.sorted()
        self.references = references
    }

    /// The declared resources that `address` depends on.
    public func dependencies(of address: ResourceAddress) -> [ResourceAddress] {
        let declared = Set(nodes)
        var seen = Set<ResourceAddress>()
        return (references[address] ?? []).map(\.target).filter { declared.contains($0) && seen.insert($0).inserted }
    }

    /// References to resources no manifest declares.
    public var undeclaredReferences: [(from: ResourceAddress, reference: ResourceReference)] {
        let declared = Set(nodes)
        return nodes.flatMap { from in
            (references[from] ?? []).filter { !declared.contains($0.target) }.map { (from, $0) }
        }
    }

    /// Every cycle, each as the path that closes it (`a -> b -> a`), each reported once.
    public func cycles() -> [[ResourceAddress]] {
        enum Mark { case visiting, done }
        var marks: [ResourceAddress: Mark] = [:]
        var stack: [ResourceAddress] = []
        var found: [[ResourceAddress]] = []
        var seenCycles = Set<Set<ResourceAddress>>()
        // Iterative depth-first search: manifests may chain deeply.
        for start in nodes where marks[start] == nil {
            var work: [(ResourceAddress, [ResourceAddress], Int)] = [(start, dependencies(of: start), 0)]
            marks[start] = .visiting
            stack.append(start)
            while let (node, deps, index) = work.last {
                if index < deps.count {
                    work[work.count - 1].2 += 1
                    let next = deps[index]
                    switch marks[next] {
                    case .visiting:
                        if let at = stack.firstIndex(of: next) {
                            let cycle = Array(stack[at...]) + [next]
                            if seenCycles.insert(Set(cycle)).inserted { found.append(cycle) }
                        }
                    case .done:
                        break
                    case nil:
                        marks[next] = .visiting
                        stack.append(next)
                        work.append((next, dependencies(of: next), 0))
                    }
                } else {
                    marks[node] = .done
                    stack.removeLast()
                    work.removeLast()
                }
            }
        }
        return found
    }

    /// Dependencies first; among the ready, by kind then name: the same input always gives the same order.
    /// Resources on a cycle come last, in address order.
    public func topologicalOrder() -> [ResourceAddress] {
        var remaining = Dictionary(uniqueKeysWithValues: nodes.map { ($0, Set(dependencies(of: $0))) })
        var order: [ResourceAddress] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.value.isEmpty }.keys.sorted()
            if ready.isEmpty {
                order.append(contentsOf: remaining.keys.sorted())
                break
            }
            for address in ready {
                remaining[address] = nil
            }
            for key in remaining.keys { remaining[key]?.subtract(ready) }
            order.append(contentsOf: ready)
        }
        return order
    }
}
