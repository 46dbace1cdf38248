import YAML

extension ProjectLoader {
    /// The resources with every text interpolated for `workspace` (subscription group ids with variables only,
    /// since the other texts use the ids), each checked after interpolation.
    func interpolate(_ resources: [Resource], for workspace: WorkspaceConfiguration, diagnostics: inout Diagnostics) -> [Resource] {
        let variablesOnly = Interpolator(workspace: workspace.name, vars: workspace.vars, groupIDs: [:])
        var groupIDs: [String: String] = [:]
        var groupByID: [String: (name: String, location: SourceLocation)] = [:]
        for resource in resources {
            guard case .subscriptionGroup(let group) = resource.body else { continue }
            let id = variablesOnly.apply(group.id, field: "id", diagnostics: &diagnostics).text
            groupIDs[group.name] = id
            if let other = groupByID[id], !id.isEmpty {
                diagnostics.error("subscription groups '\(other.name)' and '\(group.name)' have the same id '\(id)' in workspace '\(workspace.name)' (first at \(other.location))", at: group.id.location)
            } else {
                groupByID[id] = (group.name, group.id.location)
            }
        }
        let interpolator = Interpolator(workspace: workspace.name, vars: workspace.vars, groupIDs: groupIDs)
        return resources.map { resource in
            var copy = resource
            copy.mapTexts { field, text in
                if case .subscriptionGroup = resource.body { return variablesOnly.apply(text, field: field, diagnostics: &diagnostics) }
                return interpolator.apply(text, field: field, diagnostics: &diagnostics)
            }
            copy.checkInterpolated(workspace: workspace.name, diagnostics: &diagnostics)
            return copy
        }
    }
}
