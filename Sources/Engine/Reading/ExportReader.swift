import BrazeAPI
import Foundation
import Manifest

/// Which live resources `export` writes: by kind and by name pattern.
public struct ExportFilter: Sendable {
    /// nil: every kind export can write.
    public var kinds: Set<ResourceKind>?
    /// Shell patterns (`*`, `?`, `[...]`); empty: every name.
    public var namePatterns: [String]
    /// The project's `ignore` patterns: live resources brazeform leaves alone are not exported either.
    public var ignore: [ResourceKind: [String]]

    public init(kinds: Set<ResourceKind>? = nil, namePatterns: [String] = [], ignore: [ResourceKind: [String]] = [:]) {
        self.kinds = kinds
        self.namePatterns = namePatterns
        self.ignore = ignore
    }

    /// The kinds export can write: subscription groups cannot be listed through the API.
    public static let exportableKinds: [ResourceKind] = [.contentBlock, .emailTemplate, .catalog, .preferenceCenter]

    public func includes(kind: ResourceKind) -> Bool {
        Self.exportableKinds.contains(kind) && (kinds?.contains(kind) ?? true)
    }

    public func includes(_ kind: ResourceKind, _ name: String) -> Bool {
        guard includes(kind: kind) else { return false }
        if (ignore[kind] ?? []).contains(where: { fnmatch($0, name, 0) == 0 }) { return false }
        return namePatterns.isEmpty || namePatterns.contains { fnmatch($0, name, 0) == 0 }
    }
}

/// Everything export read of a workspace: full details of every selected resource.
public struct WorkspaceContents: Sendable {
    public struct CatalogContents: Sendable {
        public var catalog: BrazeCatalog
        public var items: [BrazeCatalogItem]
        public init(catalog: BrazeCatalog, items: [BrazeCatalogItem]) {
            self.catalog = catalog
            self.items = items
        }
    }

    public var contentBlocks: [BrazeContentBlock] = []
    public var emailTemplates: [BrazeEmailTemplate] = []
    public var catalogs: [CatalogContents] = []
    public var preferenceCenters: [BrazePreferenceCenter] = []
    /// Resources that were listed but cannot be exported, and why.
    public var skipped: [(address: ResourceAddress, reason: String)] = []

    public init() {}

    public var isEmpty: Bool { contentBlocks.isEmpty && emailTemplates.isEmpty && catalogs.isEmpty && preferenceCenters.isEmpty }
}

/// Reads a workspace for export: one list per kind, then the details of every
/// selected resource (not only managed ones, unlike `LiveStateReader`) and the
/// items of every selected catalog, with reads in parallel.
public struct ExportReader: Sendable {
    public var client: BrazeClient
    public var detailConcurrency: Int

    public init(client: BrazeClient, detailConcurrency: Int = 8) {
        self.client = client
        self.detailConcurrency = detailConcurrency
    }

    public func read(_ filter: ExportFilter = ExportFilter()) async throws -> WorkspaceContents {
        var contents = WorkspaceContents()
        let helper = LiveStateReader(client: client, detailConcurrency: detailConcurrency)

        if filter.includes(kind: .contentBlock) {
            let listed = Self.unique(try await client.listContentBlocks().map { ($0.id, $0.name) }, kind: .contentBlock, filter: filter, skipped: &contents.skipped)
            let details = try await helper.forEach(listed) { entry in (entry, try await client.contentBlockInfo(id: entry.id)) }
            for (entry, detail) in details {
                if let detail { contents.contentBlocks.append(detail) } else {
                    contents.skipped.append((ResourceAddress(.contentBlock, entry.name), "Braze listed it but returned no details"))
                }
            }
        }
        if filter.includes(kind: .emailTemplate) {
            let listed = Self.unique(try await client.listEmailTemplates().map { ($0.id, $0.name) }, kind: .emailTemplate, filter: filter, skipped: &contents.skipped)
            let details = try await helper.forEach(listed) { entry in (entry, try await client.emailTemplateInfo(id: entry.id)) }
            for (entry, detail) in details {
                if var detail {
                    detail.name = entry.name
                    contents.emailTemplates.append(detail)
                } else {
                    contents.skipped.append((ResourceAddress(.emailTemplate, entry.name), "Braze listed it but returned no details (a drag-and-drop template?)"))
                }
            }
        }
        if filter.includes(kind: .catalog) {
            let catalogs = try await client.listCatalogs().filter { filter.includes(.catalog, $0.name) }
            let withItems = try await helper.forEach(catalogs) { catalog in
                WorkspaceContents.CatalogContents(catalog: catalog, items: try await client.listCatalogItems(catalog: catalog.name))
            }
            contents.catalogs = withItems
        }
        if filter.includes(kind: .preferenceCenter) {
            let listed = Self.unique(try await client.listPreferenceCenters().map { ($0.id, $0.name) }, kind: .preferenceCenter, filter: filter, skipped: &contents.skipped)
            let details = try await helper.forEach(listed) { entry in (entry, try await client.preferenceCenter(id: entry.id)) }
            for (entry, detail) in details {
                if var detail {
                    detail.name = entry.name
                    contents.preferenceCenters.append(detail)
                } else {
                    contents.skipped.append((ResourceAddress(.preferenceCenter, entry.name), "Braze listed it but returned no details"))
                }
            }
        }
        contents.contentBlocks.sort { $0.name < $1.name }
        contents.emailTemplates.sort { $0.name < $1.name }
        contents.catalogs.sort { $0.catalog.name < $1.catalog.name }
        contents.preferenceCenters.sort { $0.name < $1.name }
        return contents
    }

    struct Listed: Sendable {
        var id: String
        var name: String
    }

    /// The selected entries of a list; a name listed twice is skipped (brazeform manages by name).
    static func unique(_ entries: [(id: String, name: String)], kind: ResourceKind, filter: ExportFilter,
                       skipped: inout [(address: ResourceAddress, reason: String)]) -> [Listed] {
        var count: [String: Int] = [:]
        for e in entries { count[e.name, default: 0] += 1 }
        var result: [Listed] = []
        var reported = Set<String>()
        for e in entries where filter.includes(kind, e.name) {
            if count[e.name]! > 1 {
                if reported.insert(e.name).inserted {
                    skipped.append((ResourceAddress(kind, e.name), "the workspace has \(count[e.name]!) \(kind.displayName)s with this name; brazeform manages resources by name and will not guess (archive one in the dashboard)"))
                }
                continue
            }
            result.append(Listed(id: e.id, name: e.name))
        }
        return result
    }
}
