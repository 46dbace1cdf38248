import Foundation
import Manifest

/// The manifests' dependency graph as text: Mermaid (for pull requests) or
/// Graphviz DOT. Nodes are `kind.name`; an edge goes from a resource to what it
/// references. References to resources no manifest declares are drawn dashed
/// (plan requires them to exist in the workspace). Output is stable: nodes in
/// address order (kind, then name), edges by source then target.
public enum GraphRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot
    }

    struct Edge: Hashable {
        var from: ResourceAddress
        var to: ResourceAddress
    }

    static func parts(_ graph: DependencyGraph) -> (declared: [ResourceAddress], undeclared: [ResourceAddress], edges: [Edge]) {
        let declared = graph.nodes.sorted()
        let declaredSet = Set(declared)
        var undeclared = Set<ResourceAddress>()
        var edges = Set<Edge>()
        for from in declared {
            for reference in graph.references[from] ?? [] {
                edges.insert(Edge(from: from, to: reference.target))
                if !declaredSet.contains(reference.target) { undeclared.insert(reference.target) }
            }
        }
        let sortedEdges = edges.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return (declared, undeclared.sorted(), sortedEdges)
    }

    public static func render(_ graph: DependencyGraph, format: Format) -> String {
        switch format {
        case .mermaid: mermaid(graph)
        case .dot: dot(graph)
        }
    }

    // MARK: Mermaid

    /// `flowchart LR`, ready to paste inside a ```mermaid fence.
    public static func mermaid(_ graph: DependencyGraph) -> String {
        let (declared, undeclared, edges) = parts(graph)
        var ids = MermaidIDs()
        var lines = ["flowchart LR"]
        for node in declared {
            lines.append("  \(ids.id(node))[\"\(mermaidLabel(node.description))\"]")
        }
        for node in undeclared {
            lines.append("  \(ids.id(node))[\"\(mermaidLabel(node.description)) (not in manifests)\"]:::undeclared")
        }
        for edge in edges {
            lines.append("  \(ids.id(edge.from)) --> \(ids.id(edge.to))")
        }
        if !undeclared.isEmpty {
            lines.append("  classDef undeclared stroke-dasharray: 5 5")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Node ids Mermaid accepts: `kind_name` with other characters as `_`, made unique.
    struct MermaidIDs {
        private var assigned: [ResourceAddress: String] = [:]
        private var used = Set<String>()

        mutating func id(_ address: ResourceAddress) -> String {
            if let id = assigned[address] { return id }
            let base = String("\(address.kind.rawValue)_\(address.name)".unicodeScalars.map { s -> Character in
                s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_") ? Character(s) : "_"
            })
            var candidate = base
            var n = 2
            while used.contains(candidate) {
                candidate = "\(base)_\(n)"
                n += 1
            }
            used.insert(candidate)
            assigned[address] = candidate
            return candidate
        }
    }

    /// Mermaid labels in double quotes: quotes and markup characters as entities.
    static func mermaidLabel(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    // MARK: DOT

    public static func dot(_ graph: DependencyGraph) -> String {
        let (declared, undeclared, edges) = parts(graph)
        var lines = ["digraph brazeform {", "  rankdir=LR;", "  node [shape=box];"]
        for node in declared {
            lines.append("  \(dotString(node.description));")
        }
        for node in undeclared {
            lines.append("  \(dotString(node.description)) [style=dashed, label=\(dotString(node.description + "\n(not in manifests)"))];")
        }
        for edge in edges {
            lines.append("  \(dotString(edge.from.description)) -> \(dotString(edge.to.description));")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func dotString(_ text: String) -> String {
        var out = "\""
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
