/// Which resources need which: built from references in the manifests' text.
public struct DependencyGraph: Sendable {
    public private(set) var nodes: [ResourceAddress]
    /// Each resource's references, in the order found.
    public private(set) var references: [ResourceAddress: [ResourceReference]]

    /// `nodes` as a set, built once (asking it per call made the cycle search quadratic).
    private let declared: Set<ResourceAddress>

    public init(nodes: [ResourceAddress], references: [ResourceAddress: [ResourceReference]]) {
        self.nodes = nodes.sorted()
        self.references = references
        self.declared = Set(nodes)
    }

    /// The declared resources that `address` depends on.
    public func dependencies(of address: ResourceAddress) -> [ResourceAddress] {
        var seen = Set<ResourceAddress>()
        return (references[address] ?? []).map(\.target).filter { declared.contains($0) && seen.insert($0).inserted }
    }

    /// References to resources no manifest declares.
    public var undeclaredReferences: [(from: ResourceAddress, reference: ResourceReference)] {
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
        // Kahn's algorithm in waves: each wave is every resource whose dependencies are all
        // placed, sorted; linear in resources and references (plus the sorting).
        var waiting: [ResourceAddress: Int] = [:]
        var dependents: [ResourceAddress: [ResourceAddress]] = [:]
        for node in nodes {
            let deps = dependencies(of: node)
            waiting[node] = deps.count
            for dep in deps { dependents[dep, default: []].append(node) }
        }
        var order: [ResourceAddress] = []
        order.reserveCapacity(nodes.count)
        var ready = nodes.filter { waiting[$0] == 0 }
        while !ready.isEmpty {
            ready.sort()
            order.append(contentsOf: ready)
            var next: [ResourceAddress] = []
            for address in ready {
                waiting[address] = nil
                for dependent in dependents[address] ?? [] {
                    guard let count = waiting[dependent] else { continue }
                    waiting[dependent] = count - 1
                    if count == 1 { next.append(dependent) }
                }
            }
            ready = next
        }
        if !waiting.isEmpty { order.append(contentsOf: waiting.keys.sorted()) }
        return order
    }
}
