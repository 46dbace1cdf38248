import BrazeAPI
import BrazeCore
import Foundation
import Manifest
import YAML

// Everything the engine knows of catalogs and their items: the desired and live
// snapshots of the schema, the draft that creates a catalog, the plan (schema
// and items), the digests a saved plan checks, and the export.

enum CatalogKind {
    static func desired(_ c: Catalog) -> Snapshot {
        Snapshot(fields: [.scalar("description", c.description.text), .schema("fields", fieldsText(c.fields.map { ($0.name, $0.type.rawValue) }))])
    }

    static func live(_ c: BrazeCatalog) -> Snapshot {
        Snapshot(fields: [.scalar("description", c.description ?? ""), .schema("fields", fieldsText(c.fields.map { ($0.name, $0.type) }))])
    }

    static func fieldsText(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
    }

    static func draft(_ c: Catalog) -> CatalogDraft {
        CatalogDraft(name: c.name, description: c.description.text, fields: c.fields.map { BrazeCatalogField(name: $0.name, type: $0.type.rawValue) })
    }

    /// A desired item as sent: every field of the catalog, null where the item has no
    /// value (a field with no column in the item file), which Braze's bulk writes take.
    static func wire(_ item: CatalogItem, _ names: [String]) -> BrazeCatalogItem {
        var wire = CatalogItemCanonical.wireItem(item)
        for name in names where wire.values[name] == nil { wire.values[name] = .null }
        return wire
    }

    static func digest(_ name: String, in live: LiveState) -> String? {
        live.catalogs[name].map { LiveDigest.hash(Self.live($0).canonical) }
    }

    /// The live items in the form they are compared in, keyed by id, hashed.
    static func itemsDigest(_ name: String, in live: LiveState, project: Project) -> String? {
        guard live.catalogs[name] != nil else { return nil }
        var fields: [CatalogField] = []
        if case .catalog(let c)? = project.resource(ResourceAddress(.catalog, name))?.body { fields = c.fields }
        let layout = CatalogItemCanonical.Layout(fields)
        var rows: [String: [JSONValue]] = [:]
        for item in live.catalogItems[name] ?? [] { rows[item.id] = CatalogItemCanonical.row(item.values, layout) }
        return LiveDigest.items(canonical: rows)
    }
}

/// How a catalog's fields differ, by name (order beyond `id` first is not a change):
/// fields to add, fields to remove, fields whose type changes.
struct CatalogFieldDiff {
    var added: [BrazeCatalogField] = []
    var removed: [BrazeCatalogField] = []
    var retyped: [(name: String, from: String, to: String)] = []

    init(desired: [Manifest.CatalogField], live: [BrazeCatalogField]) {
        let liveTypes = Dictionary(live.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        let desiredNames = Set(desired.map(\.name))
        for field in desired where field.name != "id" {
            switch liveTypes[field.name] {
            case nil: added.append(BrazeCatalogField(name: field.name, type: field.type.rawValue))
            case let type? where type != field.type.rawValue: retyped.append((field.name, type, field.type.rawValue))
            default: break
            }
        }
        removed = live.filter { $0.name != "id" && !desiredNames.contains($0.name) }
    }

    var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }
}

extension Planner {
    func catalogChanges(_ catalog: Catalog, warnings: inout [String]) throws -> [Change] {
        let desired = CatalogKind.desired(catalog)
        let draft = CatalogKind.draft(catalog)
        let names = catalog.fields.map(\.name).filter { $0 != "id" }
        // All items are written when the catalog is (re)created; otherwise only what differs.
        var wireItems: [BrazeCatalogItem]? { catalog.items.map { $0.map { CatalogKind.wire($0, names) } } }
        guard let liveCatalog = live.catalogs[catalog.name] else {
            var result = [change(.create, .catalog, catalog.name, fields: created(desired), calls: [.createCatalog(draft)])]
            if let items = wireItems, !items.isEmpty {
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: nil))
            }
            return result
        }
        let fields = CatalogFieldDiff(desired: catalog.fields, live: liveCatalog.fields)
        let descriptionChanged = catalog.description.text != (liveCatalog.description ?? "")
        if descriptionChanged || (!fields.isEmpty && !live.catalogFieldEndpointsAvailable) {
            let diff = SnapshotComparer.diff(desired: desired, live: CatalogKind.live(liveCatalog))
            let liveCount = liveCatalog.numItems ?? live.catalogItems[catalog.name]?.count ?? 0
            var notes = [descriptionChanged
                ? "a replace, because Braze has no API call that changes a catalog's description: the catalog is deleted and created again"
                : "a replace, because \(fieldEndpointsMissingReason): the catalog is deleted and created again"]
            if catalog.items == nil {
                notes[0] += "; its \(liveCount) live item\(liveCount == 1 ? "" : "s") are lost, because this manifest does not manage items"
                if liveCount > 0 { warnings.append("catalog '\(catalog.name)': replacing it drops its \(liveCount) live items, which this manifest does not declare") }
            } else {
                notes[0] += " and its items are loaded again"
            }
            var result = [change(.replace, .catalog, catalog.name, fields: diff.changes, calls: [.deleteCatalog(name: catalog.name), .createCatalog(draft)], notes: notes, digest: liveDigest(.catalog, catalog.name))]
            if let items = wireItems, !items.isEmpty {
                // The items' digest is of the live items the replace deletes, as apply reads them again.
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: liveDigest(.catalogItems, catalog.name)))
            }
            return result
        }
        var result: [Change] = []
        if !fields.isEmpty { result.append(fieldChange(catalog, fields, warnings: &warnings)) }
        guard let desiredItems = catalog.items else { return result }
        return result + (try itemDiff(catalog, desired: desiredItems, rewrite: Set(fields.retyped.map(\.name)), liveFields: liveCatalog.fields, warnings: &warnings))
    }

    private var fieldEndpointsMissingReason: String {
        guard let missing = live.catalogFieldEndpointsMissing else { return "this workspace answered 404/405 to Braze's catalog field endpoints" }
        return "this workspace answered HTTP \(missing.status) to \(missing.call) on \(missing.seenAt) (it lacks Braze's catalog field endpoints; brazeform remembers that in .brazeform/capabilities/, delete that file to try them again)"
    }

    /// Fields added, removed or retyped in place: an `update` of the catalog. A removal
    /// deletes the field's values, and a type change deletes the field and adds it again
    /// with the new type (Braze cannot change a field's type), so both are destructive.
    private func fieldChange(_ catalog: Catalog, _ fields: CatalogFieldDiff, warnings: inout [String]) -> Change {
        var changes: [FieldChange] = []
        var notes: [String] = []
        var calls: [APIOperation] = []
        let liveItems = live.catalogItems[catalog.name]
        let liveCount = live.catalogs[catalog.name]?.numItems ?? liveItems?.count ?? 0
        func holding(_ field: String) -> String {
            guard let liveItems else {
                return "its \(liveCount) live item\(liveCount == 1 ? "" : "s") may hold values there (not read: this manifest does not manage items)"
            }
            let n = liveItems.reduce(0) { $0 + (($1.values[field].map { !$0.isNull } ?? false) ? 1 : 0) }
            return "\(n) of \(liveItems.count) live item\(liveItems.count == 1 ? "" : "s") hold a value there"
        }
        for field in fields.removed {
            changes.append(FieldChange(field: "field \(field.name)", before: field.type, after: nil))
            notes.append("removing field \(field.name) deletes its values: \(holding(field.name))")
            calls.append(.deleteCatalogField(catalog: catalog.name, field: field.name))
        }
        for field in fields.retyped {
            changes.append(FieldChange(field: "field \(field.name)", before: field.from, after: field.to))
            var note = "Braze cannot change a field's type: field \(field.name) is deleted and added again as \(field.to) (\(holding(field.name)))"
            note += catalog.items == nil ? "; its values are lost, because this manifest does not manage items" : ", and the items' \(field.name) values are written again"
            notes.append(note)
            calls.append(.deleteCatalogField(catalog: catalog.name, field: field.name))
        }
        for field in fields.added { changes.append(FieldChange(field: "field \(field.name)", before: nil, after: field.type)) }
        let adds = fields.retyped.map { BrazeCatalogField(name: $0.name, type: $0.to) } + fields.added
        let size = BrazeLimits.fieldBatchSize
        calls += stride(from: 0, to: adds.count, by: size).map { .createCatalogFields(catalog: catalog.name, fields: Array(adds[$0..<min($0 + size, adds.count)])) }
        if !fields.added.isEmpty { notes.append("fields are added in place; the catalog and its items stay") }
        return change(.update, .catalog, catalog.name, fields: changes, calls: calls, notes: notes, digest: liveDigest(.catalog, catalog.name))
    }

    /// Item-level diff by id: create new, replace changed, delete removed. Items with a
    /// value in a `rewrite` field (one deleted and added again) are written again.
    private func itemDiff(_ catalog: Catalog, desired: [CatalogItem], rewrite: Set<String>, liveFields: [BrazeCatalogField],
                          warnings: inout [String]) throws -> [Change] {
        let layout = CatalogItemCanonical.Layout(catalog.fields)
        let names = layout.names
        let liveItems = live.catalogItems[catalog.name] ?? []
        var liveByID: [String: [JSONValue]] = [:]
        var liveValues: [String: [String: JSONValue]] = [:]
        liveByID.reserveCapacity(liveItems.count)
        liveValues.reserveCapacity(liveItems.count)
        for item in liveItems { liveByID[item.id] = CatalogItemCanonical.row(item.values, layout); liveValues[item.id] = item.values }
        // A field the item file has no column for, which the live catalog already holds
        // values of: planning would clear them silently, so it is an error.
        let liveNames = Set(liveFields.map(\.name))
        let uncolumned = names.filter { name in liveNames.contains(name) && !rewrite.contains(name) && desired.contains { $0.values[name] == nil } }
        if !uncolumned.isEmpty {
            var problems: [String] = []
            for name in uncolumned {
                let cleared = desired.reduce(0) { n, item in
                    item.values[name] == nil && !(liveValues[item.id]?[name]?.isNull ?? true) ? n + 1 : n
                }
                guard cleared > 0 else { continue }
                problems.append("\(catalog.itemsSource ?? catalog.name): error: catalog '\(catalog.name)': the items have no \(name) column, but \(cleared) live item\(cleared == 1 ? "" : "s") hold a \(name) value that applying would clear; add a \(name) column with the values to keep (`brazeform export` writes the live ones), or remove field \(name) from the manifest to delete the field and its values (a destructive change)")
            }
            if !problems.isEmpty { throw PlanningError(invalidManifests: true, messages: problems) }
        }
        var create: [BrazeCatalogItem] = [], replace: [BrazeCatalogItem] = []
        var updates: [ItemUpdate] = []
        var seen = Set<String>()
        seen.reserveCapacity(desired.count)
        for item in desired {
            seen.insert(item.id)
            guard let liveRow = liveByID[item.id] else { create.append(CatalogKind.wire(item, names)); continue }
            let desiredRow = CatalogItemCanonical.row(desired: item, layout)
            if desiredRow != liveRow || rewrite.contains(where: { !(item.values[$0].map { $0 == .null } ?? true) }) {
                let wire = CatalogKind.wire(item, names)
                replace.append(wire)
                // The fields that differ, live value then desired, as Braze returned and as brazeform sends.
                let fields = layout.names.indices.filter { desiredRow[$0] != liveRow[$0] || rewrite.contains(layout.names[$0]) }.map { i in
                    ItemFieldChange(field: layout.names[i], before: liveValues[item.id]?[layout.names[i]] ?? .null, after: wire.values[layout.names[i]] ?? .null)
                }
                updates.append(ItemUpdate(id: item.id, fields: fields))
            }
        }
        let delete = liveItems.map(\.id).filter { !seen.contains($0) }.sorted()
        guard !(create.isEmpty && replace.isEmpty && delete.isEmpty) else { return [] }
        if !liveItems.isEmpty, delete.count * 4 > liveItems.count {
            warnings.append("catalog '\(catalog.name)': this plan deletes \(delete.count) of its \(liveItems.count) live items (\(delete.count * 100 / liveItems.count)%) — more than a quarter of the catalog")
        }
        return [itemsChange(catalog.name, create: create, replace: replace, delete: delete, liveCount: liveItems.count, digest: LiveDigest.items(canonical: liveByID), updates: updates)]
    }

    private func itemsChange(_ catalog: String, create: [BrazeCatalogItem], replace: [BrazeCatalogItem], delete: [String], liveCount: Int, digest: String?, updates: [ItemUpdate] = []) -> Change {
        let size = BrazeLimits.itemBatchSize
        var calls: [PlannedCall] = []
        calls += stride(from: 0, to: delete.count, by: size).map { PlannedCall(.deleteCatalogItems(catalog: catalog, ids: Array(delete[$0..<min($0 + size, delete.count)]))) }
        calls += stride(from: 0, to: create.count, by: size).map { PlannedCall(.createCatalogItems(catalog: catalog, items: Array(create[$0..<min($0 + size, create.count)]))) }
        calls += stride(from: 0, to: replace.count, by: size).map { PlannedCall(.replaceCatalogItems(catalog: catalog, items: Array(replace[$0..<min($0 + size, replace.count)]))) }
        let action: Action = liveCount == 0 && replace.isEmpty && delete.isEmpty ? .create : .update
        return Change(action: action, kind: .catalogItems, name: catalog, fieldChanges: [],
                      items: ItemCounts(create: create.count, update: replace.count, delete: delete.count, live: liveCount),
                      itemChanges: ItemChanges(create: create.map(\.id), update: updates, delete: delete),
                      members: nil, calls: calls, dependsOn: [], notes: [], liveDigest: digest)
    }

    /// Live catalogs no manifest declares, deleted only with `prune: true`.
    func catalogPrunes() -> [Change] {
        guard project.configuration.prune else { return [] }
        let mine = declared(.catalog)
        return live.catalogs.keys.sorted().filter { !mine.contains($0) && !isIgnored(.catalog, $0) }.map { name in
            let count = live.catalogs[name]?.numItems ?? 0
            return change(.delete, .catalog, name, fields: [], calls: [.deleteCatalog(name: name)],
                          notes: ["prune: true and no manifest declares this catalog; its \(count) item\(count == 1 ? "" : "s") go with it"],
                          digest: liveDigest(.catalog, name))
        }
    }
}

extension ManifestExporter {
    func catalog(_ c: WorkspaceContents.CatalogContents, _ names: inout FileNames) -> ResourceFiles {
        let catalog = c.catalog
        var r = ResourceFiles(address: ResourceAddress(.catalog, catalog.name), folder: folder(.catalog), stem: names.stem(for: catalog.name, in: .catalog))
        r.header()
        r.line("kind: catalog")
        r.line("name: \(YAMLText.scalar(catalog.name))")
        r.text("description", catalog.description ?? "", suffix: ".description", ext: "txt")
        var typed: [(name: String, type: CatalogFieldType)] = []
        r.line("fields:")
        for field in catalog.fields {
            r.line("  - {name: \(YAMLText.scalar(field.name, flow: true)), type: \(YAMLText.scalar(field.type, flow: true))}")
            if let type = CatalogFieldType(rawValue: field.type) {
                typed.append((field.name, type))
            } else {
                r.warnings.append("catalog '\(catalog.name)': field '\(field.name)' has type '\(field.type)', which manifests do not know; its values are not exported")
            }
        }
        let output = CatalogItemWriter.write(catalog: catalog.name, fields: typed, items: c.items)
        let file = r.file(suffix: "", ext: output.format.rawValue, data: output.data)
        r.line("items: {file: \(YAMLText.scalar(file, flow: true))}   # \(c.items.count) item\(c.items.count == 1 ? "" : "s")")
        if output.format == .jsonl {
            r.warnings.append("catalog '\(catalog.name)': items written as JSON Lines, because some text fields hold null, which a CSV cell cannot express")
        }
        r.warnings.append(contentsOf: output.problems)
        return r
    }
}
