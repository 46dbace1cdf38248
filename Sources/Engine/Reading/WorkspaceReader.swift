import BrazeAPI
import BrazeCore
import Foundation
import Manifest

/// The one reader of a workspace, for plan and for export: one list per kind,
/// then details in parallel, with one rule for a name Braze lists twice
/// (`duplicateNames`).
///
/// - `read(for:)` (plan, apply): the details of managed resources only, items
///   only of catalogs whose items are managed, member states only of declared
///   members; a managed name listed twice stops the plan.
/// - `readContents(_:)` (export): the details of every selected resource and the
///   items of every selected catalog; a name listed twice is skipped and said.
public struct WorkspaceReader: Sendable {
    public var client: BrazeClient
    /// Detail reads in flight at once (the client paces them per rate-limit group).
    public var detailConcurrency: Int
    /// Item snapshots by catalog (`ItemSnapshotStore`): a managed catalog that Braze lists
    /// with the same `num_items` and `updated_at` is taken from here instead of its pages.
    /// Empty (`--refresh`): every page is read.
    public var snapshots: [String: CatalogItemSnapshot]
    /// Told after each item page (pages read of pages expected, time the rate limit leaves).
    public var onItemProgress: @Sendable (ItemReadProgress) -> Void

    public init(client: BrazeClient, detailConcurrency: Int = 8, snapshots: [String: CatalogItemSnapshot] = [:],
                onItemProgress: @escaping @Sendable (ItemReadProgress) -> Void = { _ in }) {
        self.client = client
        self.detailConcurrency = detailConcurrency
        self.snapshots = snapshots
        self.onItemProgress = onItemProgress
    }

    public func read(for project: Project) async throws -> LiveState {
        let managed = Dictionary(grouping: project.resources, by: \.kind).mapValues { Set($0.map(\.name)) }
        async let blocks = client.listContentBlocks()
        async let templates = client.listEmailTemplates()
        async let catalogs = client.listCatalogs()
        async let centers = client.listPreferenceCenters()
        async let subscriptions = readSubscriptions(project)

        var state = LiveState()
        let started = client.timeSource.now()
        state.readAt = ISOTime.format(started)
        let blockList = try await blocks
        try Self.refuseDuplicates(blockList.map(\.name), kind: .contentBlock, managed: managed[.contentBlock] ?? [])
        let templateList = try await templates
        try Self.refuseDuplicates(templateList.map(\.name), kind: .emailTemplate, managed: managed[.emailTemplate] ?? [])
        let centerList = try await centers
        for c in try await catalogs { state.catalogs[c.name] = c }

        // Details of what the manifests manage, in parallel.
        let blockIDs = blockList.filter { managed[.contentBlock]?.contains($0.name) == true }.map(\.id)
        let templateIDs = templateList.filter { managed[.emailTemplate]?.contains($0.name) == true }.map(\.id)
        let centerIDs = centerList.filter { managed[.preferenceCenter]?.contains($0.name) == true }.map(\.id)
        async let blockDetails = forEach(blockIDs) { try await client.contentBlockInfo(id: $0) }
        async let templateDetails = forEach(templateIDs) { try await client.emailTemplateInfo(id: $0) }
        async let centerDetails = forEach(centerIDs) { try await client.preferenceCenter(id: $0) }
        let managedItems = project.resources.compactMap { r -> String? in
            guard case .catalog(let c) = r.body, c.items != nil, state.catalogs[c.name] != nil else { return nil }
            return c.name
        }
        // Catalogs Braze lists as the snapshot left them need no page; the others are read
        // at once (they share one rate-limit group, so together they wait no longer than one).
        var toRead: [String] = []
        for name in managedItems {
            if let snapshot = snapshots[name], let listed = state.catalogs[name], snapshot.matches(listed) {
                state.catalogItems[name] = snapshot.items
                state.itemSources[name] = .snapshot(savedAt: snapshot.savedAt)
            } else {
                toRead.append(name)
            }
        }
        let progress = ItemPageProgress(client: client, expected: toRead.reduce(0) { total, name in
            total + max(1, ((state.catalogs[name]?.numItems ?? 0) + BrazeLimits.itemPageSize - 1) / BrazeLimits.itemPageSize)
        }, report: onItemProgress)
        async let items = forEach(toRead, concurrency: max(detailConcurrency, toRead.count)) { name in
            (name, try await client.listCatalogItems(catalog: name, afterPage: { _ in await progress.pageRead() }))
        }

        let blockDetail = Dictionary(try await blockDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for b in blockList { state.contentBlocks[b.name] = .init(id: b.id, name: b.name, detail: blockDetail[b.id]) }
        let templateDetail = Dictionary(try await templateDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for t in templateList { state.emailTemplates[t.name] = .init(id: t.id, name: t.name, detail: templateDetail[t.id]) }
        let centerDetail = Dictionary(try await centerDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for c in centerList { state.preferenceCenters[c.name] = .init(id: c.id, name: c.name, detail: centerDetail[c.id]) }
        let itemLists = try await items
        for (name, list) in itemLists {
            state.catalogItems[name] = list
            state.itemSources[name] = .pages(max(1, (list.count + BrazeLimits.itemPageSize - 1) / BrazeLimits.itemPageSize))
        }
        if !itemLists.isEmpty {
            state.itemReading = ItemReading(pages: await progress.read, catalogs: itemLists.count,
                                            seconds: client.timeSource.now().timeIntervalSince(started),
                                            limit: await client.rateLimit(.catalogItemsSync))
        }
        state.subscriptions = try await subscriptions
        return state
    }

    /// Member states of every declared group; a group Braze does not know is an error.
    private func readSubscriptions(_ project: Project) async throws -> [String: [String: SubscriptionStatus]] {
        var result: [String: [String: SubscriptionStatus]] = [:]
        for resource in project.resources {
            guard case .subscriptionGroup(let group) = resource.body else { continue }
            var ids = (group.members?.subscribed ?? []) + (group.members?.unsubscribed ?? [])
            // Braze cannot list groups; asking for one user's state tells whether the group exists.
            let probing = ids.isEmpty
            if probing { ids = ["brazeform-probe"] }
            do {
                let statuses = try await client.subscriptionStatuses(groupID: group.id.text, externalIDs: ids)
                result[group.name] = probing ? [:] : statuses
            } catch let error as BrazeAPIError where error.category == .failed && (error.status == 400 || error.status == 404) {
                throw LiveStateError(message: "subscription group '\(group.name)' (id \(group.id.text)) does not exist in workspace '\(project.workspace.name)' (\(error.body?.summary ?? "Braze refused it")); copy the id from the dashboard's Subscription Groups page. Groups cannot be created through the API.", invalidManifests: true)
            }
        }
        return result
    }

    /// Names a list holds more than once, with how often: brazeform manages by
    /// name, so such a resource is ambiguous.
    static func duplicateNames(_ names: [String]) -> [String: Int] {
        var count: [String: Int] = [:]
        for name in names { count[name, default: 0] += 1 }
        return count.filter { $0.value > 1 }
    }

    /// Why a name listed `count` times cannot be managed or exported.
    static func ambiguity(_ kind: ResourceKind, _ name: String, count: Int) -> String {
        "the workspace has \(count) \(kind.displayName)s named '\(name)'; brazeform manages resources by name and will not guess which one is meant (archive one in the dashboard)"
    }

    /// A list that names a managed resource twice makes name-keyed management ambiguous.
    static func refuseDuplicates(_ names: [String], kind: ResourceKind, managed: Set<String>) throws {
        for (name, count) in duplicateNames(names).sorted(by: { $0.key < $1.key }) where managed.contains(name) {
            throw LiveStateError(message: ambiguity(kind, name, count: count))
        }
    }

    /// Runs `body` over `inputs` with at most `detailConcurrency` at once, results in input order.
    func forEach<Input: Sendable, Output: Sendable>(_ inputs: [Input], concurrency: Int? = nil, _ body: @escaping @Sendable (Input) async throws -> Output) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var results = [Output?](repeating: nil, count: inputs.count)
            var next = 0
            for _ in 0..<min(concurrency ?? detailConcurrency, inputs.count) {
                let i = next, input = inputs[i]
                group.addTask { (i, try await body(input)) }
                next += 1
            }
            while let (i, output) = try await group.next() {
                results[i] = output
                if next < inputs.count {
                    let j = next, input = inputs[j]
                    group.addTask { (j, try await body(input)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    // MARK: export

    public func readContents(_ filter: ExportFilter = ExportFilter()) async throws -> WorkspaceContents {
        var contents = WorkspaceContents()

        if filter.includes(kind: .contentBlock) {
            let listed = Self.unique(try await client.listContentBlocks().map { ($0.id, $0.name) }, kind: .contentBlock, filter: filter, skipped: &contents.skipped)
            let details = try await forEach(listed) { entry in (entry, try await client.contentBlockInfo(id: entry.id)) }
            for (entry, detail) in details {
                if let detail { contents.contentBlocks.append(detail) } else {
                    contents.skipped.append((ResourceAddress(.contentBlock, entry.name), "Braze listed it but returned no details"))
                }
            }
        }
        if filter.includes(kind: .emailTemplate) {
            let listed = Self.unique(try await client.listEmailTemplates().map { ($0.id, $0.name) }, kind: .emailTemplate, filter: filter, skipped: &contents.skipped)
            let details = try await forEach(listed) { entry in (entry, try await client.emailTemplateInfo(id: entry.id)) }
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
            let withItems = try await forEach(catalogs) { catalog in
                WorkspaceContents.CatalogContents(catalog: catalog, items: try await client.listCatalogItems(catalog: catalog.name))
            }
            contents.catalogs = withItems
        }
        if filter.includes(kind: .preferenceCenter) {
            let listed = Self.unique(try await client.listPreferenceCenters().map { ($0.id, $0.name) }, kind: .preferenceCenter, filter: filter, skipped: &contents.skipped)
            let details = try await forEach(listed) { entry in (entry, try await client.preferenceCenter(id: entry.id)) }
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
        let duplicates = duplicateNames(entries.map(\.name))
        var result: [Listed] = []
        var reported = Set<String>()
        for e in entries where filter.includes(kind, e.name) {
            if let count = duplicates[e.name] {
                if reported.insert(e.name).inserted {
                    skipped.append((ResourceAddress(kind, e.name), ambiguity(kind, e.name, count: count)))
                }
                continue
            }
            result.append(Listed(id: e.id, name: e.name))
        }
        return result
    }
}

/// Counts the item pages of one read and says, after each, how many remain and
/// how long the rate limit leaves to wait for them.
actor ItemPageProgress {
    let client: BrazeClient
    let expected: Int
    let report: @Sendable (ItemReadProgress) -> Void
    private(set) var read = 0

    init(client: BrazeClient, expected: Int, report: @escaping @Sendable (ItemReadProgress) -> Void) {
        self.client = client
        self.expected = expected
        self.report = report
    }

    func pageRead() async {
        read += 1
        let limit = await client.rateLimit(.catalogItemsSync)
        let (_, remaining, resetAt) = await client.rateLimitState(.catalogItemsSync)
        let left = max(0, expected - read)
        var seconds = 0.0
        if left > remaining {
            let windows = Double((left - remaining + limit.requests - 1) / limit.requests)
            let toReset = resetAt.map { max(0, $0.timeIntervalSince(client.timeSource.now())) } ?? limit.window
            seconds = toReset + (windows - 1) * limit.window
        }
        report(ItemReadProgress(pagesRead: read, pagesExpected: max(expected, read), secondsLeft: seconds, limit: limit))
    }
}
