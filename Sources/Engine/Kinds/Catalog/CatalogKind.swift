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

extension Planner {
    func catalogChanges(_ catalog: Catalog, warnings: inout [String]) -> [Change] {
        let desired = CatalogKind.desired(catalog)
        let draft = CatalogKind.draft(catalog)
        // All items are written when the catalog is (re)created; otherwise only what differs.
        var wireItems: [BrazeCatalogItem]? { catalog.items.map { $0.map(CatalogItemCanonical.wireItem) } }
        guard let liveCatalog = live.catalogs[catalog.name] else {
            var result = [change(.create, .catalog, catalog.name, fields: created(desired), calls: [.createCatalog(draft)])]
            if let items = wireItems, !items.isEmpty {
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: nil))
            }
            return result
        }
        let diff = SnapshotComparer.diff(desired: desired, live: CatalogKind.live(liveCatalog))
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
            var result = [change(.replace, .catalog, catalog.name, fields: diff.changes, calls: [.deleteCatalog(name: catalog.name), .createCatalog(draft)], notes: notes, digest: liveDigest(.catalog, catalog.name))]
            if let items = wireItems, !items.isEmpty {
                result.append(itemsChange(catalog.name, create: items, replace: [], delete: [], liveCount: 0, digest: nil))
            }
            return result
        }
        guard let desiredItems = catalog.items else { return [] }
        return itemDiff(catalog, desired: desiredItems, warnings: &warnings)
    }

    /// Item-level diff by id: create new, replace changed, delete removed.
    private func itemDiff(_ catalog: Catalog, desired: [CatalogItem], warnings: inout [String]) -> [Change] {
        let layout = CatalogItemCanonical.Layout(catalog.fields)
        let liveItems = live.catalogItems[catalog.name] ?? []
        var liveByID: [String: [JSONValue]] = [:]
        var liveValues: [String: [String: JSONValue]] = [:]
        liveByID.reserveCapacity(liveItems.count)
        liveValues.reserveCapacity(liveItems.count)
        for item in liveItems { liveByID[item.id] = CatalogItemCanonical.row(item.values, layout); liveValues[item.id] = item.values }
        var create: [BrazeCatalogItem] = [], replace: [BrazeCatalogItem] = []
        var updates: [ItemUpdate] = []
        var seen = Set<String>()
        seen.reserveCapacity(desired.count)
        for item in desired {
            seen.insert(item.id)
            guard let liveRow = liveByID[item.id] else { create.append(CatalogItemCanonical.wireItem(item)); continue }
            let desiredRow = CatalogItemCanonical.row(desired: item, layout)
            if desiredRow != liveRow {
                let wire = CatalogItemCanonical.wireItem(item)
                replace.append(wire)
                // The fields that differ, live value then desired, as Braze returned and as brazeform sends.
                let fields = layout.names.indices.filter { desiredRow[$0] != liveRow[$0] }.map { i in
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
