import BrazeCore
import BrazeAPI
import Crypto
import Foundation
import Manifest

/// A problem that stops planning before anything is written.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    /// Problems in the manifests measured against the live workspace (exit 3), or in the workspace itself (exit 1).
    public var invalidManifests: Bool
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}

/// Compares the manifests with the live workspace and orders the calls that make them match.
public struct Planner: Sendable {
    public var project: Project
    public var live: LiveState
    /// `sandbox:<file>` or the REST endpoint, recorded in the plan.
    public var endpoint: String

    public init(project: Project, live: LiveState, endpoint: String) {
        self.project = project
        self.live = live
        self.endpoint = endpoint
    }

    public func plan(now: Date = Date()) throws -> Plan {
        try checkReferences()
        var changes: [Change] = []
        var warnings: [String] = []
        let order = project.graph.topologicalOrder()
        let byAddress = Dictionary(project.resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        for address in order {
            guard let resource = byAddress[address] else { continue }
            changes.append(contentsOf: try changesFor(resource, warnings: &warnings))
        }
        changes.append(contentsOf: catalogPrunes())
        Self.linkDependencies(&changes, graph: project.graph)
        return Plan(workspace: project.workspace.name, endpoint: endpoint, createdAt: ISOTime.format(now),
                    changes: changes, unmanaged: unmanaged(), warnings: warnings, reading: PlanReading(live))
    }

    // MARK: references

    /// References to resources that no manifest declares must exist live.
    func checkReferences() throws {
        var problems: [String] = []
        for (from, reference) in project.graph.undeclaredReferences where reference.target.kind != .subscriptionGroup {
            if reference.target.kind == .catalog, project.configuration.prune, live.exists(reference.target), !isIgnored(.catalog, reference.target.name) {
                problems.append("\(reference.location): error: \(from.kind.displayName) '\(from.name)' refers to catalog '\(reference.target.name)', which no manifest declares, so prune: true would delete it; declare the catalog, list it under ignore, or remove the reference")
            } else if !live.exists(reference.target) {
                let known = declared(reference.target.kind).sorted() + live.names(of: reference.target.kind)
                problems.append("\(reference.location): error: \(from.kind.displayName) '\(from.name)' refers to \(reference.target.kind.displayName) '\(reference.target.name)'\(Suggestions.didYouMean(reference.target.name, in: known)), which is neither declared in the manifests nor present in workspace '\(project.workspace.name)'")
            }
        }
        if !problems.isEmpty { throw PlanningError(invalidManifests: true, messages: problems) }
    }

    // MARK: per kind (one file each under Kinds/)

    private func changesFor(_ resource: Resource, warnings: inout [String]) throws -> [Change] {
        switch resource.body {
        case .contentBlock(let block): contentBlockChanges(block, warnings: &warnings)
        case .emailTemplate(let template): emailTemplateChanges(template, warnings: &warnings)
        case .catalog(let catalog): try catalogChanges(catalog, warnings: &warnings)
        case .preferenceCenter(let center): preferenceCenterChanges(center, warnings: &warnings)
        case .subscriptionGroup(let group): subscriptionGroupChanges(group)
        }
    }

    // MARK: unmanaged and prune

    func isIgnored(_ kind: ResourceKind, _ name: String) -> Bool {
        (project.configuration.ignore[kind] ?? []).contains { fnmatch($0, name, 0) == 0 }
    }

    func declared(_ kind: ResourceKind) -> Set<String> {
        Set(project.resources.filter { $0.kind == kind }.map(\.name))
    }

    func unmanaged() -> [UnmanagedResource] {
        var result: [UnmanagedResource] = []
        func add(_ kind: ResourceKind, _ names: some Sequence<String>) {
            let mine = declared(kind)
            for name in names.sorted() where !mine.contains(name) && !isIgnored(kind, name) {
                result.append(UnmanagedResource(kind: ChangeKind(kind), name: name))
            }
        }
        add(.contentBlock, live.contentBlocks.keys)
        add(.emailTemplate, live.emailTemplates.keys)
        // With prune: true, undeclared catalogs are planned deletes, not unmanaged.
        if !project.configuration.prune { add(.catalog, live.catalogs.keys) }
        add(.preferenceCenter, live.preferenceCenters.keys)
        return result
    }

    // MARK: ordering

    /// Each change depends on the changes of what its resource references;
    /// items depend on their catalog; deletes run last, in reverse order.
    static func linkDependencies(_ changes: inout [Change], graph: DependencyGraph) {
        let ids = Set(changes.map(\.id))
        for i in changes.indices {
            var deps: [String] = []
            let change = changes[i]
            if change.kind == .catalogItems, ids.contains("catalog.\(change.name)") { deps.append("catalog.\(change.name)") }
            if let kind = ResourceKind(rawValue: change.kind.rawValue), change.action != .delete {
                for dep in graph.dependencies(of: ResourceAddress(kind, change.name)) {
                    let id = "\(dep.kind.rawValue).\(dep.name)"
                    if ids.contains(id) { deps.append(id) }
                }
            }
            changes[i].dependsOn = deps
        }
        let deletes = changes.filter { $0.action == .delete }
        changes.removeAll { $0.action == .delete }
        changes.append(contentsOf: deletes.reversed())
    }

    // MARK: helpers

    func change(_ action: Action, _ kind: ChangeKind, _ name: String, fields: [FieldChange], calls: [APIOperation], notes: [String] = [], digest: String? = nil) -> Change {
        Change(action: action, kind: kind, name: name, fieldChanges: fields, items: nil, members: nil,
               calls: calls.map(PlannedCall.init), dependsOn: [], notes: notes, liveDigest: digest)
    }

    func created(_ desired: Snapshot) -> [FieldChange] {
        desired.fields.map { FieldChange(field: $0.name, before: nil, after: $0.value, isText: $0.isText, style: $0.style) }
    }

    func noise(_ diff: SnapshotDiff, _ name: String, _ warnings: inout [String]) {
        guard !diff.noiseFields.isEmpty else { return }
        warnings.append("'\(name)': live \(diff.noiseFields.joined(separator: ", ")) differ\(diff.noiseFields.count == 1 ? "s" : "") only by what Braze rewrites by itself (link ids, include filters, Liquid spacing); not a change")
    }

    func liveDigest(_ kind: ChangeKind, _ name: String) -> String? {
        LiveDigest.of(kind, name, in: live, project: project)
    }
}
