import BrazeCore
import YAML

extension ProjectLoader {
    /// Which resources need which, from the references in their texts (before interpolation for
    /// `((subscription_group.NAME.id))`, after it for Liquid); reports cycles, undeclared targets and nested blocks.
    /// With `unreadManifests`, references to undeclared resources are not reported one by one:
    /// the files that could not be read may declare them.
    func buildGraph(raw: [Resource], interpolated: [Resource], unreadManifests: [String] = [], diagnostics: inout Diagnostics) -> DependencyGraph {
        var groupNameByID: [String: String] = [:]
        for resource in interpolated {
            if case .subscriptionGroup(let g) = resource.body { groupNameByID[g.id.text] = g.name }
        }
        var references: [ResourceAddress: [ResourceReference]] = [:]
        var scratch = Diagnostics()  // malformed interpolations were reported while interpolating
        for (before, after) in zip(raw, interpolated) {
            var refs: [ResourceReference] = []
            for (field, text) in before.texts {
                for ref in Interpolator.references(in: text, diagnostics: &scratch) where ref.namespace == .subscriptionGroup {
                    refs.append(ResourceReference(target: ResourceAddress(.subscriptionGroup, ref.name), location: text.location(ofOffset: ref.range.lowerBound), field: field))
                }
            }
            for (field, text) in after.texts {
                refs.append(contentsOf: LiquidReferences.references(in: text, field: field))
                if after.kind == .preferenceCenter {
                    for (id, location) in LiquidReferences.subscriptionGroupIDs(in: text) {
                        if let name = groupNameByID[id] {
                            refs.append(ResourceReference(target: ResourceAddress(.subscriptionGroup, name), location: location, field: field))
                        }
                    }
                }
            }
            references[after.address] = refs
        }
        let graph = DependencyGraph(nodes: interpolated.map(\.address), references: references)

        for cycle in graph.cycles() {
            let path = cycle.map { "\($0.kind.displayName) '\($0.name)'" }.joined(separator: " -> ")
            let start = cycle[0]
            let location = references[start]?.first(where: { $0.target == cycle[1] })?.location
            if cycle.count == 2 {
                diagnostics.error("\(start.kind.displayName) '\(start.name)' includes itself; Braze refuses a block referenced within itself", at: location)
            } else {
                diagnostics.error("reference cycle: \(path); Braze cannot create any of them first", at: location)
            }
        }
        for (from, reference) in graph.undeclaredReferences where reference.target.kind != .subscriptionGroup && unreadManifests.isEmpty {
            let declared = graph.nodes.filter { $0.kind == reference.target.kind }.map(\.name)
            diagnostics.warning("\(from.kind.displayName) '\(from.name)' refers to \(reference.target.kind.displayName) '\(reference.target.name)'\(Suggestions.didYouMean(reference.target.name, in: declared)), which no manifest declares; plan will require it to exist in the workspace", at: reference.location)
        }
        // Braze renders content blocks one level deep: a block inside an included block renders empty.
        let onCycles = Set(graph.cycles().flatMap { $0 })
        let includedByBlocks = Set(graph.nodes.filter { $0.kind == .contentBlock }.flatMap { references[$0] ?? [] }.map(\.target).filter { $0.kind == .contentBlock })
        for block in includedByBlocks.subtracting(onCycles).sorted() {
            for reference in references[block] ?? [] where reference.target.kind == .contentBlock && reference.target != block {
                diagnostics.warning("content block '\(block.name)' is included by another content block and itself includes '\(reference.target.name)'; Braze renders nested blocks one level deep only, so '\(reference.target.name)' renders empty there", at: reference.location)
            }
        }
        return graph
    }
}
