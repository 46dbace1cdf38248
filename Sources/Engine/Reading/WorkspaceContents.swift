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
