import BrazeAPI
import Foundation
import Manifest

/// What brazeform read of a workspace: every live resource of the managed kinds
/// by name, and the details of those the manifests manage.
public struct LiveState: Sendable {
    public struct Entry<Detail: Sendable>: Sendable {
        public var id: String
        public var name: String
        /// Read for managed resources only (nil for those only listed).
        public var detail: Detail?
    }

    public var contentBlocks: [String: Entry<BrazeContentBlock>] = [:]
    public var emailTemplates: [String: Entry<BrazeEmailTemplate>] = [:]
    public var catalogs: [String: BrazeCatalog] = [:]
    /// Items of the catalogs whose items are managed and that exist live.
    public var catalogItems: [String: [BrazeCatalogItem]] = [:]
    public var preferenceCenters: [String: Entry<BrazePreferenceCenter>] = [:]
    /// Declared group name to the states of the users its manifest lists.
    public var subscriptions: [String: [String: SubscriptionStatus]] = [:]

    public init() {}

    func exists(_ address: ResourceAddress) -> Bool {
        switch address.kind {
        case .contentBlock: contentBlocks[address.name] != nil
        case .emailTemplate: emailTemplates[address.name] != nil
        case .catalog: catalogs[address.name] != nil
        case .preferenceCenter: preferenceCenters[address.name] != nil
        case .subscriptionGroup: subscriptions[address.name] != nil
        }
    }
}

/// Something in the live workspace that makes planning impossible.
public struct LiveStateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The manifests name something the workspace cannot have (exit 3), rather than the workspace being odd (exit 1).
    public var invalidManifests: Bool = false
    public var description: String { message }
}

/// Reads live state with as few calls as the API allows: one list per kind, the
/// details of managed resources only, items only of catalogs whose items are
/// managed, and member states only of declared members; kinds in parallel.
public struct LiveStateReader: Sendable {
    public var client: BrazeClient
    /// Detail reads in flight at once (the client paces them per rate-limit group).
    public var detailConcurrency: Int

    public init(client: BrazeClient, detailConcurrency: Int = 8) {
        self.client = client
        self.detailConcurrency = detailConcurrency
    }

    public func read(for project: Project) async throws -> LiveState {
        let managed = Dictionary(grouping: project.resources, by: \.kind).mapValues { Set($0.map(\.name)) }
        async let blocks = client.listContentBlocks()
        async let templates = client.listEmailTemplates()
        async let catalogs = client.listCatalogs()
        async let centers = client.listPreferenceCenters()
        async let subscriptions = readSubscriptions(project)

        var state = LiveState()
        let blockList = try await blocks
        try Self.refuseDuplicates(blockList.map(\.name), kind: "content block", managed: managed[.contentBlock] ?? [])
        let templateList = try await templates
        try Self.refuseDuplicates(templateList.map(\.name), kind: "email template", managed: managed[.emailTemplate] ?? [])
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
        async let items = forEach(managedItems) { name in (name, try await client.listCatalogItems(catalog: name)) }

        let blockDetail = Dictionary(try await blockDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for b in blockList { state.contentBlocks[b.name] = .init(id: b.id, name: b.name, detail: blockDetail[b.id]) }
        let templateDetail = Dictionary(try await templateDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for t in templateList { state.emailTemplates[t.name] = .init(id: t.id, name: t.name, detail: templateDetail[t.id]) }
        let centerDetail = Dictionary(try await centerDetails.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for c in centerList { state.preferenceCenters[c.name] = .init(id: c.id, name: c.name, detail: centerDetail[c.id]) }
        for (name, list) in try await items { state.catalogItems[name] = list }
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

    /// A list that names a managed resource twice makes name-keyed management ambiguous.
    static func refuseDuplicates(_ names: [String], kind: String, managed: Set<String>) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted && managed.contains(name) {
            throw LiveStateError(message: "the workspace has two \(kind)s named '\(name)'; brazeform manages resources by name and will not guess which one is meant. Archive one in the dashboard.")
        }
    }

    /// Runs `body` over `inputs` with at most `detailConcurrency` at once, results in input order.
    func forEach<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ body: @escaping @Sendable (Input) async throws -> Output) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var results = [Output?](repeating: nil, count: inputs.count)
            var next = 0
            for _ in 0..<min(detailConcurrency, inputs.count) {
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
}
