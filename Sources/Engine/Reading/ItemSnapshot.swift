import BrazeAPI
import BrazeCore
import Foundation
import Manifest

/// What brazeform last knew of one catalog's items, with the `num_items` and
/// `updated_at` Braze reported for that state. Reading a catalog's items costs
/// `ceil(items / 50)` pages at 50 a minute; while `GET /catalogs` still reports the
/// same two values, the snapshot stands in for the pages.
public struct CatalogItemSnapshot: Sendable, Hashable {
    public var numItems: Int
    public var updatedAt: String
    /// When brazeform read (or, after apply, confirmed) these items (ISO-8601, the reader's clock).
    public var savedAt: String
    /// Ids and values as Braze reported them (or as apply wrote them, once Braze showed the writes).
    public var items: [BrazeCatalogItem]

    public init(numItems: Int, updatedAt: String, savedAt: String, items: [BrazeCatalogItem]) {
        self.numItems = numItems; self.updatedAt = updatedAt; self.savedAt = savedAt; self.items = items
    }

    /// Whether the catalog as listed now is the state this snapshot holds.
    public func matches(_ catalog: BrazeCatalog) -> Bool {
        catalog.numItems == numItems && catalog.updatedAt == updatedAt && items.count == numItems
    }
}

/// The item snapshots of one workspace at one endpoint:
/// `.brazeform/snapshots/<workspace>-<endpoint digest>.json` in the project (git-ignored).
///
/// Safe to delete at any time. Holds no secret nor anything derived from one
/// (the endpoint is a URL or the sandbox's file). A file that is missing, corrupt, of
/// another format version, workspace or endpoint reads as empty: the plan reads
/// every page, it never fails for a snapshot.
public struct ItemSnapshotStore: Sendable {
    public static let formatVersion = 1

    private let state: ProjectStateFile
    public var file: URL { state.file }

    public init(projectDirectory: String, workspace: String, endpoint: String) {
        state = ProjectStateFile(projectDirectory: projectDirectory, folder: "snapshots", workspace: workspace, endpoint: endpoint,
                                 formatVersion: Self.formatVersion)
    }

    /// The snapshots in the file; empty when there is none or it cannot be used.
    public func load() -> [String: CatalogItemSnapshot] {
        guard let top = state.read(), case .object(let catalogs)? = top["catalogs"] else { return [:] }
        var result: [String: CatalogItemSnapshot] = [:]
        for (name, value) in catalogs {
            guard case .object(let c) = value, let count = c["num_items"]?.numberValue, let updated = c["updated_at"]?.stringValue,
                  let saved = c["saved_at"]?.stringValue, case .array(let rows)? = c["items"] else { continue }
            var items: [BrazeCatalogItem] = []
            items.reserveCapacity(rows.count)
            var intact = true
            for row in rows {
                guard case .array(let pair) = row, pair.count == 2, case .string(let id) = pair[0], case .object(let values) = pair[1] else { intact = false; break }
                items.append(BrazeCatalogItem(id: id, values: values))
            }
            guard intact, Int(count) == items.count else { continue }
            result[name] = CatalogItemSnapshot(numItems: Int(count), updatedAt: updated, savedAt: saved, items: items)
        }
        return result
    }

    /// Replaces the file with `snapshots` (written to a temporary file, then renamed).
    public func save(_ snapshots: [String: CatalogItemSnapshot]) throws {
        var catalogs: [String: JSONValue] = [:]
        for (name, s) in snapshots {
            catalogs[name] = .object([
                "num_items": .number(Double(s.numItems)), "updated_at": .string(s.updatedAt), "saved_at": .string(s.savedAt),
                "items": .array(s.items.map { .array([.string($0.id), .object($0.values)]) }),
            ])
        }
        try state.write(about: "brazeform's item snapshot: what it last knew of these catalogs' items; safe to delete (the next plan reads every page)",
                        ["catalogs": .object(catalogs)])
    }

    /// Removes the file (nothing to remove is fine).
    public func remove() {
        try? FileManager.default.removeItem(at: file)
    }
}

extension ItemSnapshotStore {
    /// What to keep after a plan: the managed catalogs' items as read (or as taken from the snapshot).
    public static func afterRead(_ live: LiveState) -> [String: CatalogItemSnapshot] {
        var result: [String: CatalogItemSnapshot] = [:]
        for (name, items) in live.catalogItems {
            guard let catalog = live.catalogs[name], let count = catalog.numItems, let updated = catalog.updatedAt, count == items.count else { continue }
            let saved: String = switch live.itemSources[name] {
            case .snapshot(let savedAt)?: savedAt
            default: live.readAt ?? ISOTime.format(Date())
            }
            result[name] = CatalogItemSnapshot(numItems: count, updatedAt: updated, savedAt: saved, items: items)
        }
        return result
    }

    /// What to keep after an apply: catalogs the plan did not touch as they were; a
    /// touched catalog only when every change to it landed and Braze showed the item
    /// writes (its items are then the manifest's, with the `num_items` and `updated_at`
    /// of the list that confirmed them); any other touched catalog is forgotten.
    public static func afterApply(_ before: [String: CatalogItemSnapshot], plan: Plan, report: ApplyReport, project: Project, now: Date) -> [String: CatalogItemSnapshot] {
        var result = before
        var touched: [String: Bool] = [:]   // catalog name: every change to it landed
        for outcome in report.outcomes where outcome.change.kind == .catalog || outcome.change.kind == .catalogItems {
            touched[outcome.change.name] = (touched[outcome.change.name] ?? true) && outcome.isComplete
        }
        for (name, complete) in touched {
            result[name] = nil
            guard complete, !report.unconfirmedItemWrites.contains(name),
                  let confirmed = report.confirmedCatalogs[name], let count = confirmed.numItems, let updated = confirmed.updatedAt,
                  case .catalog(let c)? = project.resource(ResourceAddress(.catalog, name))?.body, let items = c.items,
                  items.count == count else { continue }
            result[name] = CatalogItemSnapshot(numItems: count, updatedAt: updated, savedAt: ISOTime.format(now),
                                               items: items.map(CatalogItemCanonical.wireItem))
        }
        return result
    }
}

/// Where a catalog's live items came from in one read.
public enum ItemSource: Sendable, Hashable {
    /// The snapshot brazeform saved at `savedAt`; `GET /catalogs` reported the same `num_items` and `updated_at`.
    case snapshot(savedAt: String)
    /// Read page by page.
    case pages(Int)
}

/// How long reading item pages took, and why.
public struct ItemReading: Sendable, Hashable {
    public var pages: Int
    public var catalogs: Int
    /// On the client's clock (virtual in tests and benchmarks).
    public var seconds: Double
    /// The item-read limit Braze stated (headers) or documents.
    public var limit: RateLimit

    public init(pages: Int, catalogs: Int, seconds: Double, limit: RateLimit) {
        self.pages = pages; self.catalogs = catalogs; self.seconds = seconds; self.limit = limit
    }
}

/// Progress of the item pages a plan reads, after each page.
public struct ItemReadProgress: Sendable, Hashable {
    public var pagesRead: Int
    /// `ceil(num_items / 50)` of every catalog read (at least one page each).
    public var pagesExpected: Int
    /// What the rate limit leaves to wait for the remaining pages, in seconds.
    public var secondsLeft: Double
    public var limit: RateLimit
}

/// What a plan says of how it read catalog items (text footer; not part of a saved plan).
public struct PlanReading: Sendable, Hashable {
    public struct FromSnapshot: Sendable, Hashable {
        public var catalog: String
        public var items: Int
        public var savedAt: String

        public init(catalog: String, items: Int, savedAt: String) {
            self.catalog = catalog; self.items = items; self.savedAt = savedAt
        }
    }

    /// Catalogs whose items came from the snapshot, by name.
    public var fromSnapshot: [FromSnapshot]
    public var pages: ItemReading?

    public init(fromSnapshot: [FromSnapshot], pages: ItemReading?) {
        self.fromSnapshot = fromSnapshot
        self.pages = pages
    }

    init?(_ live: LiveState) {
        fromSnapshot = live.itemSources.sorted { $0.key < $1.key }.compactMap { name, source in
            guard case .snapshot(let savedAt) = source else { return nil }
            return FromSnapshot(catalog: name, items: live.catalogItems[name]?.count ?? 0, savedAt: savedAt)
        }
        pages = live.itemReading
        if fromSnapshot.isEmpty && pages == nil { return nil }
    }

    /// The footer lines: e.g. "Read 2,000 item pages of 1 catalog in 40m (Braze allows 50 a minute)."
    public var lines: [String] {
        var out: [String] = []
        if let p = pages {
            out.append("Read \(Self.count(p.pages)) item page\(p.pages == 1 ? "" : "s") of \(p.catalogs) catalog\(p.catalogs == 1 ? "" : "s") in \(Self.duration(p.seconds)) (Braze allows \(Self.rate(p.limit)); \(BrazeLimits.itemPageSize) items a page).")
        }
        for s in fromSnapshot {
            out.append("Items of catalog '\(s.catalog)' (\(Self.count(s.items))) from the snapshot of \(s.savedAt): Braze reports the same num_items and updated_at; no page read (--refresh reads them).")
        }
        return out
    }

    public static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    public static func rate(_ limit: RateLimit) -> String {
        switch limit.window {
        case 60: "\(count(limit.requests)) a minute"
        case 3_600: "\(count(limit.requests)) an hour"
        default: "\(count(limit.requests)) per \(duration(limit.window))"
        }
    }

    /// "0.4s", "17s", "1m 53s", "40m", "1h 5m".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", max(0, seconds)) }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m \(s % 60)s" }
        return (s % 3_600) / 60 == 0 ? "\(s / 3_600)h" : "\(s / 3_600)h \((s % 3_600) / 60)m"
    }
}
