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
            changes.append(contentsOf: changesFor(resource, warnings: &warnings))
        }
        changes.append(contentsOf: prunes(warnings: &warnings))
        Self.linkDependencies(&changes, graph: project.graph)
        return Plan(workspace: project.workspace.name, endpoint: endpoint, createdAt: ISOTime.format(now),
                    changes: changes, unmanaged: unmanaged(), warnings: warnings)
    }

    // MARK: references

    /// References to resources that no manifest declares must exist live.
    func checkReferences() throws {
        var problems: [String] = []
        for (from, reference) in project.graph.undeclaredReferences where reference.target.kind != .subscriptionGroup {
            if !live.exists(reference.target) {
                problems.append("\(reference.location): error: \(from.kind.displayName) '\(from.name)' refers to \(reference.target.kind.displayName) '\(reference.target.name)', which is neither declared in the manifests nor present in workspace '\(project.workspace.name)'")
            }
        }
        if !problems.isEmpty { throw PlanningError(invalidManifests: true, messages: problems) }
    }

    // MARK: per kind

    private func changesFor(_ resource: Resource, warnings: inout [String]) -> [Change] {
        let desired = DesiredState.snapshot(resource)
        switch resource.body {
        case .contentBlock(let block):
            let payload = DesiredState.contentBlockPayload(block)
            guard let entry = live.contentBlocks[block.name] else {
                return [change(.create, .contentBlock, block.name, fields: created(desired), calls: [.createContentBlock(payload)])]
            }
            var notes = ["Braze does not return a content block's state; `state: \(block.state.rawValue)` is sent, never compared."]
            guard let detail = entry.detail else {
                notes.append("Braze listed this block but did not return its details; it is written again.")
                return [change(.update, .contentBlock, block.name, fields: [], calls: [.updateContentBlock(id: entry.id, payload)], notes: notes, digest: liveDigest(.contentBlock, block.name))]
            }
            let liveSnapshot = LiveSnapshots.contentBlock(detail)
            let diff = SnapshotComparer.diff(desired: desired, live: liveSnapshot)
            noise(diff, block.name, &warnings)
            guard !diff.changes.isEmpty else { return [] }
            return [change(.update, .contentBlock, block.name, fields: diff.changes, calls: [.updateContentBlock(id: entry.id, payload)], notes: notes, digest: liveDigest(.contentBlock, block.name))]

        case .emailTemplate(let template):
            let payload = DesiredState.emailTemplatePayload(template)
            guard let entry = live.emailTemplates[template.name] else {
                return [change(.create, .emailTemplate, template.name, fields: created(desired), calls: [.createEmailTemplate(payload)])]
            }
            guard let detail = entry.detail else {
                return [change(.update, .emailTemplate, template.name, fields: [], calls: [.updateEmailTemplate(id: entry.id, payload)],
                               notes: ["Braze listed this template but did not return its details; it is written again."], digest: liveDigest(.emailTemplate, template.name))]
            }
            let liveSnapshot = LiveSnapshots.emailTemplate(detail)
            let diff = SnapshotComparer.diff(desired: desired, live: liveSnapshot)
            noise(diff, template.name, &warnings)
            guard !diff.changes.isEmpty else { return [] }
            return [change(.update, .emailTemplate, template.name, fields: diff.changes, calls: [.updateEmailTemplate(id: entry.id, payload)], digest: liveDigest(.emailTemplate, template.name))]

        case .catalog(let catalog):
            return catalogChanges(catalog, desired: desired, warnings: &warnings)

        case .preferenceCenter(let center):
            let payload = DesiredState.preferenceCenterPayload(center)
            guard let entry = live.preferenceCenters[center.name] else {
                return [change(.create, .preferenceCenter, center.name, fields: created(desired), calls: [.createPreferenceCenter(payload)])]
            }
            let liveSnapshot = entry.detail.map(LiveSnapshots.preferenceCenter) ?? Snapshot(fields: [])
            let diff = SnapshotComparer.diff(desired: desired, live: liveSnapshot)
            noise(diff, center.name, &warnings)
            guard !diff.changes.isEmpty else { return [] }
            return [change(.update, .preferenceCenter, center.name, fields: diff.changes, calls: [.updatePreferenceCenter(id: entry.id, payload)], digest: liveDigest(.preferenceCenter, center.name))]

        case .subscriptionGroup(let group):
            return subscriptionChanges(group)
        }
    }

    private func catalogChanges(_ catalog: Manifest.Catalog, desired: Snapshot, warnings: inout [String]) -> [Change] {
        let payload = DesiredState.catalogPayload(catalog)
        // All items are written when the catalog is (re)created; otherwise only what differs.
        var wireItems: [BrazeAPI.CatalogItem]? { catalog.items.map { $0.map(CatalogItemCanonical.wireItem) } }
        guard let liveCatalog = live.catalogs[catalog.name] else {
            var result = [change(.create, .catalog, catalog.name, fields: created(desired), calls: [.createCatalog(payload)])]
            if let items = wireItems, !items.isEmpty {
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: nil))
            }
            return result
        }
        let liveSnapshot = LiveSnapshots.catalog(liveCatalog)
        let diff = SnapshotComparer.diff(desired: desired, live: liveSnapshot)
        if !diff.changes.isEmpty {
            // Braze can change neither a catalog's fields nor its description in place.
            let liveCount = liveCatalog.numItems ?? live.catalogItems[catalog.name]?.count ?? 0
            var notes = ["Braze cannot change a catalog's \(diff.changes.map(\.field).joined(separator: " or ")) in place: the catalog is deleted and created again"]
            if catalog.items == nil {
                notes[0] += "; its \(liveCount) live item\(liveCount == 1 ? "" : "s") are lost, because this manifest does not manage items"
                if liveCount > 0 { warnings.append("catalog '\(catalog.name)': replacing it drops its \(liveCount) live items, which this manifest does not declare") }
            } else {
                notes[0] += " and its items are loaded again"
            }
            var result = [change(.replace, .catalog, catalog.name, fields: diff.changes, calls: [.deleteCatalog(name: catalog.name), .createCatalog(payload)], notes: notes, digest: liveDigest(.catalog, catalog.name))]
            if let items = wireItems, !items.isEmpty {
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: nil))
            }
            return result
        }
        guard let desiredItems = catalog.items else { return [] }
        return itemDiff(catalog, desired: desiredItems, warnings: &warnings)
    }

    /// Item-level diff by id: create new, replace changed, delete removed.
    private func itemDiff(_ catalog: Manifest.Catalog, desired: [Manifest.CatalogItem], warnings: inout [String]) -> [Change] {
        let layout = CatalogItemCanonical.Layout(catalog.fields)
        let liveItems = live.catalogItems[catalog.name] ?? []
        var liveByID: [String: [JSONValue]] = [:]
        liveByID.reserveCapacity(liveItems.count)
        for item in liveItems { liveByID[item.id] = CatalogItemCanonical.row(item.values, layout) }
        var create: [BrazeAPI.CatalogItem] = [], replace: [BrazeAPI.CatalogItem] = []
        var seen = Set<String>()
        seen.reserveCapacity(desired.count)
        for item in desired {
            seen.insert(item.id)
            guard let liveValues = liveByID[item.id] else { create.append(CatalogItemCanonical.wireItem(item)); continue }
            if CatalogItemCanonical.row(desired: item, layout) != liveValues { replace.append(CatalogItemCanonical.wireItem(item)) }
        }
        let delete = liveItems.map(\.id).filter { !seen.contains($0) }.sorted()
        guard !(create.isEmpty && replace.isEmpty && delete.isEmpty) else { return [] }
        if !liveItems.isEmpty, delete.count * 4 > liveItems.count {
            warnings.append("catalog '\(catalog.name)': this plan deletes \(delete.count) of its \(liveItems.count) live items (\(delete.count * 100 / liveItems.count)%) — more than a quarter of the catalog")
        }
        return [itemsChange(catalog.name, create: create, replace: replace, delete: delete, liveCount: liveItems.count, digest: LiveDigest.items(canonical: liveByID))]
    }

    private func itemsChange(_ catalog: String, create: [BrazeAPI.CatalogItem], replace: [BrazeAPI.CatalogItem], delete: [String], liveCount: Int, digest: String?) -> Change {
        let size = BrazeLimits.itemBatchSize
        var calls: [PlannedCall] = []
        calls += stride(from: 0, to: delete.count, by: size).map { PlannedCall(.deleteCatalogItems(catalog: catalog, ids: Array(delete[$0..<min($0 + size, delete.count)]))) }
        calls += stride(from: 0, to: create.count, by: size).map { PlannedCall(.createCatalogItems(catalog: catalog, items: Array(create[$0..<min($0 + size, create.count)]))) }
        calls += stride(from: 0, to: replace.count, by: size).map { PlannedCall(.replaceCatalogItems(catalog: catalog, items: Array(replace[$0..<min($0 + size, replace.count)]))) }
        let action: Action = liveCount == 0 && replace.isEmpty && delete.isEmpty ? .create : .update
        return Change(action: action, kind: .catalogItems, name: catalog, fieldChanges: [],
                      items: ItemCounts(create: create.count, update: replace.count, delete: delete.count, live: liveCount),
                      members: nil, calls: calls, dependsOn: [], notes: [], liveDigest: digest)
    }

    private func subscriptionChanges(_ group: SubscriptionGroup) -> [Change] {
        guard let members = group.members else { return [] }
        let statuses = live.subscriptions[group.name] ?? [:]
        let subscribe = members.subscribed.filter { statuses[$0] != .subscribed }
        let unsubscribe = members.unsubscribed.filter { statuses[$0] != .unsubscribed }
        guard !subscribe.isEmpty || !unsubscribe.isEmpty else { return [] }
        let size = BrazeLimits.subscriptionBatchSize
        var calls: [PlannedCall] = []
        calls += stride(from: 0, to: subscribe.count, by: size).map { PlannedCall(.setSubscriptionState(groupID: group.id.text, state: .subscribed, externalIDs: Array(subscribe[$0..<min($0 + size, subscribe.count)]))) }
        calls += stride(from: 0, to: unsubscribe.count, by: size).map { PlannedCall(.setSubscriptionState(groupID: group.id.text, state: .unsubscribed, externalIDs: Array(unsubscribe[$0..<min($0 + size, unsubscribe.count)]))) }
        var fields: [FieldChange] = []
        if !subscribe.isEmpty { fields.append(FieldChange(field: "subscribe", before: nil, after: subscribe.joined(separator: ", "))) }
        if !unsubscribe.isEmpty { fields.append(FieldChange(field: "unsubscribe", before: nil, after: unsubscribe.joined(separator: ", "))) }
        return [Change(action: .update, kind: .subscriptionGroup, name: group.name, fieldChanges: fields,
                       items: nil, members: MemberCounts(subscribe: subscribe.count, unsubscribe: unsubscribe.count),
                       calls: calls, dependsOn: [], notes: [], liveDigest: liveDigest(.subscriptionGroup, group.name))]
    }

    // MARK: unmanaged and prune

    private func isIgnored(_ kind: ResourceKind, _ name: String) -> Bool {
        (project.configuration.ignore[kind] ?? []).contains { fnmatch($0, name, 0) == 0 }
    }

    private func declared(_ kind: ResourceKind) -> Set<String> {
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
        add(.catalog, live.catalogs.keys)
        add(.preferenceCenter, live.preferenceCenters.keys)
        return result
    }

    /// Live catalogs no manifest declares, deleted only with `prune: true`.
    private func prunes(warnings: inout [String]) -> [Change] {
        guard project.configuration.prune else { return [] }
        let mine = declared(.catalog)
        return live.catalogs.keys.sorted().filter { !mine.contains($0) && !isIgnored(.catalog, $0) }.map { name in
            let count = live.catalogs[name]?.numItems ?? 0
            return change(.delete, .catalog, name, fields: [], calls: [.deleteCatalog(name: name)],
                          notes: ["prune: true and no manifest declares this catalog; its \(count) item\(count == 1 ? "" : "s") go with it"],
                          digest: liveDigest(.catalog, name))
        }
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

    private func change(_ action: Action, _ kind: ChangeKind, _ name: String, fields: [FieldChange], calls: [APIOperation], notes: [String] = [], digest: String? = nil) -> Change {
        Change(action: action, kind: kind, name: name, fieldChanges: fields, items: nil, members: nil,
               calls: calls.map(PlannedCall.init), dependsOn: [], notes: notes, liveDigest: digest)
    }

    private func created(_ desired: Snapshot) -> [FieldChange] {
        desired.fields.map { FieldChange(field: $0.name, before: nil, after: $0.value, isText: $0.isText) }
    }

    private func noise(_ diff: SnapshotDiff, _ name: String, _ warnings: inout [String]) {
        guard !diff.noiseFields.isEmpty else { return }
        warnings.append("'\(name)': live \(diff.noiseFields.joined(separator: ", ")) differ\(diff.noiseFields.count == 1 ? "s" : "") only by what Braze rewrites by itself (link ids, include filters, Liquid spacing); not a change")
    }

    func liveDigest(_ kind: ChangeKind, _ name: String) -> String? {
        LiveDigest.of(kind, name, in: live, project: project)
    }
}

/// A digest of what the live workspace holds for one resource: recorded in a
/// saved plan for each resource it changes, and compared again before applying it.
public enum LiveDigest {
    /// nil when the resource is absent live.
    public static func of(_ kind: ChangeKind, _ name: String, in live: LiveState, project: Project) -> String? {
        switch kind {
        case .contentBlock:
            guard let entry = live.contentBlocks[name] else { return nil }
            return hash(entry.detail.map { LiveSnapshots.contentBlock($0).canonical } ?? "id=\(entry.id)")
        case .emailTemplate:
            guard let entry = live.emailTemplates[name] else { return nil }
            return hash(entry.detail.map { LiveSnapshots.emailTemplate($0).canonical } ?? "id=\(entry.id)")
        case .preferenceCenter:
            guard let entry = live.preferenceCenters[name] else { return nil }
            return hash(entry.detail.map { LiveSnapshots.preferenceCenter($0).canonical } ?? "id=\(entry.id)")
        case .catalog:
            return live.catalogs[name].map { hash(LiveSnapshots.catalog($0).canonical) }
        case .catalogItems:
            guard live.catalogs[name] != nil else { return nil }
            var fields: [Manifest.CatalogField] = []
            if case .catalog(let c)? = project.resource(ResourceAddress(.catalog, name))?.body { fields = c.fields }
            let layout = CatalogItemCanonical.Layout(fields)
            var rows: [String: [JSONValue]] = [:]
            for item in live.catalogItems[name] ?? [] { rows[item.id] = CatalogItemCanonical.row(item.values, layout) }
            return items(canonical: rows)
        case .subscriptionGroup:
            guard let statuses = live.subscriptions[name] else { return nil }
            return hash(statuses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ","))
        }
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of items already in canonical form (the planner has them from the diff).
    static func items(canonical: [String: [JSONValue]]) -> String {
        var hasher = SHA256()
        var text = ""
        text.reserveCapacity(1 << 20)
        for id in canonical.keys.sorted() {
            text += "\(id.count):\(id)"
            CatalogItemCanonical.write(.array(canonical[id]!), into: &text)
            if text.utf8.count >= 1 << 20 {  // hashed a megabyte at a time, not an item at a time
                hasher.update(data: Data(text.utf8))
                text.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: Data(text.utf8))
        return hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

/// Live resources as snapshots, with what Braze computes (ids, timestamps, counts,
/// liquid tags) left out so it never shows as a difference.
enum LiveSnapshots {
    static func contentBlock(_ b: BrazeAPI.ContentBlock) -> Snapshot {
        Snapshot(fields: [.text("content", b.content), .scalar("description", b.description ?? ""), Snapshot.Field.tags(b.tags)!])
    }

    static func emailTemplate(_ t: BrazeAPI.EmailTemplate) -> Snapshot {
        var fields: [Snapshot.Field] = [.scalar("subject", t.subject ?? ""), .scalar("preheader", t.preheader ?? ""), .text("body", t.body ?? ""),
                                        .text("plaintext_body", t.plaintextBody ?? "")]
        if let css = t.shouldInlineCSS { fields.append(.scalar("should_inline_css", String(css))) }
        fields.append(Snapshot.Field.tags(t.tags)!)
        return Snapshot(fields: fields)
    }

    static func catalog(_ c: BrazeAPI.Catalog) -> Snapshot {
        Snapshot(fields: [.scalar("description", c.description ?? ""), .scalar("fields", DesiredState.fieldsText(c.fields.map { ($0.name, $0.type) }))])
    }

    static func preferenceCenter(_ p: BrazeAPI.PreferenceCenter) -> Snapshot {
        let options = p.options.compactMapValues { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        var fields: [Snapshot.Field] = [.scalar("title", p.title ?? ""), .text("page_html", p.pageHTML ?? ""), .text("confirmation_page_html", p.confirmationPageHTML ?? ""),
                                        .scalar("options", DesiredState.optionsText(options))]
        if let state = p.state { fields.append(.scalar("state", state.rawValue)) }
        return Snapshot(fields: fields)
    }
}
