// The simulator's side of the contract tests. This file imports SimulatedWorkspace
// alone: both modules declare `JSONValue`, `RateLimitGroup`, `RateLimit`,
// `CatalogField` and `SubscriptionState`, and the actor `SimulatedWorkspace` shadows
// its module's name, so the simulator's types are reached through these aliases
// and helpers from files that also import BrazeAPI.
import BrazeCore
import BrazeSimulator
import Foundation
import VirtualTime


enum SimLimits {
    /// The seed text's limits (catalog management 5/min, ...): what the simulator uses by default.
    static var seed: [RateLimitGroup: RateLimit] { SimulatorConfiguration.brazeSeedRateLimits }
    /// Nothing limited.
    static var none: [RateLimitGroup: RateLimit] { [:] }
    static func seed(catalogManagementPerMinute: Int) -> [RateLimitGroup: RateLimit] {
        var limits = SimulatorConfiguration.brazeSeedRateLimits
        limits[.catalogManagement] = .perMinute(catalogManagementPerMinute)
        return limits
    }
}

extension SimulatedWorkspace {
    /// Sends one request in process (no HTTP), with the default key.
    func direct(_ method: String, _ target: String, _ json: JSONValue? = nil) async -> SimulatedResponse {
        await handle(SimulatedRequest(method: method, target: target, apiKey: SimulatorConfiguration.defaultAPIKey, json: json))
    }

    /// Creates `count` content blocks named `prefix-0000`... in process; returns their ids.
    func seedContentBlocks(_ count: Int, prefix: String) async -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let name = "\(prefix)-\(String(format: "%04d", index))"
            let answer = await direct("POST", "/content_blocks/create", ["name": .string(name), "content": .string("Block \(index)")])
            precondition(answer.status == 201, "seeding block \(name): \(answer.status) \(answer.bodyText)")
            ids.append(answer.json?["content_block_id"]?.stringValue ?? "")
        }
        return ids
    }

    /// Creates `count` email templates named `prefix-0000`... in process; returns their ids.
    func seedEmailTemplates(_ count: Int, prefix: String) async -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let name = "\(prefix)-\(String(format: "%04d", index))"
            let answer = await direct("POST", "/templates/email/create", [
                "template_name": .string(name), "subject": .string("Subject \(index)"), "body": .string("<p>\(index)</p>"),
            ])
            precondition((200..<300).contains(answer.status), "seeding template \(name): \(answer.status) \(answer.bodyText)")
            ids.append(answer.json?["email_template_id"]?.stringValue ?? "")
        }
        return ids
    }

    /// Creates a catalog `id, Name, Rating` in process.
    func seedCatalog(_ name: String) async {
        let answer = await direct("POST", "/catalogs", ["catalogs": [[
            "name": .string(name), "description": "seeded",
            "fields": [["name": "id", "type": "string"], ["name": "Name", "type": "string"], ["name": "Rating", "type": "number"]],
        ]]])
        precondition(answer.status == 201, "seeding catalog \(name): \(answer.status) \(answer.bodyText)")
    }

    /// Adds items `prefix-000`... with Name/Rating through bulk POSTs, then applies them.
    func seedCatalogItems(_ catalog: String, count: Int, prefix: String) async {
        var index = 0
        while index < count {
            let batch = (index..<min(count, index + 50)).map { n -> JSONValue in
                ["id": .string("\(prefix)-\(String(format: "%03d", n))"), "Name": .string("Item \(n)"), "Rating": .number(Double(n))]
            }
            let answer = await direct("POST", "/catalogs/\(catalog)/items", ["items": .array(batch)])
            precondition(answer.status == 202, "seeding items: \(answer.status) \(answer.bodyText)")
            index += 50
        }
        flushPendingItemWrites()
    }

    // MARK: State, as plain values

    func contentBlockNames() -> [String] { snapshot().contentBlocks.filter { !$0.isArchived }.map(\.name) }
    func contentBlock(named name: String) -> (id: String, content: String, description: String?, state: String, tags: [String])? {
        snapshot().contentBlocks.first { $0.name == name }.map { ($0.id, $0.content, $0.description, $0.state, $0.tags) }
    }
    func emailTemplateNames() -> [String] { snapshot().emailTemplates.map(\.name) }
    func emailTemplate(id: String) -> (name: String, subject: String, body: String, plaintext: String?, preheader: String?, tags: [String])? {
        snapshot().emailTemplates.first { $0.id == id }.map { ($0.name, $0.subject, $0.body, $0.plaintextBody, $0.preheader, $0.tags) }
    }
    func catalogNames() -> [String] { snapshot().catalogs.map(\.name) }
    func catalogFields(_ name: String) -> [(String, String)]? {
        snapshot().catalogs.first { $0.name == name }.map { $0.fields.map { ($0.name, $0.type) } }
    }
    /// Item ids (sorted) of a catalog, after applying the writes that are due.
    func catalogItemIDs(_ name: String) -> [String]? {
        snapshot().catalogs.first { $0.name == name }.map { $0.items.keys.sorted() }
    }
    /// One item's values, serialized (stable key order), or nil.
    func catalogItemJSON(_ catalog: String, _ id: String) -> String? {
        snapshot().catalogs.first { $0.name == catalog }?.items[id].map { JSONValue.object($0).serialized() }
    }
    /// One item's string field.
    func catalogItemString(_ catalog: String, _ id: String, _ field: String) -> String? {
        snapshot().catalogs.first { $0.name == catalog }?.items[id]?[field]?.stringValue
    }
    func catalogItemNumber(_ catalog: String, _ id: String, _ field: String) -> Double? {
        snapshot().catalogs.first { $0.name == catalog }?.items[id]?[field]?.numberValue
    }
    func preferenceCenter(named name: String) -> (id: String, title: String?, page: String, confirmation: String, state: String, options: String)? {
        snapshot().preferenceCenters.first { $0.name == name }.map {
            ($0.id, $0.title, $0.pageHTML, $0.confirmationPageHTML, $0.state, JSONValue.object($0.options).serialized())
        }
    }
    func preferenceCenterCount(named name: String) -> Int { snapshot().preferenceCenters.filter { $0.name == name }.count }
    /// "subscribed"/"unsubscribed" by external id (users never set are absent).
    func subscriptionMembers(_ groupID: String) -> [String: String] {
        (snapshot().subscriptionGroups.first { $0.id == groupID }?.members ?? [:]).mapValues(\.rawValue)
    }
    func addEmailGroup(_ id: String) { addSubscriptionGroup(id: id, name: "Group \(id)", channel: .email) }
    func setMember(_ groupID: String, _ externalID: String, subscribed: Bool) {
        setUserSubscription(groupID: groupID, externalID: externalID, state: subscribed ? .subscribed : .unsubscribed)
    }

    /// Every logged request, as plain values.
    func loggedRequests() -> [LoggedCall] {
        requestLog().map { LoggedCall(method: $0.method, path: $0.path, query: $0.query, status: $0.status, dropped: $0.dropped, time: $0.time) }
    }
    func setCatalogLimit(_ max: Int?) { updateConfiguration { $0.maxCatalogs = max } }
    /// How `/content_blocks/info` and `/templates/email/info` answer an unknown id (404, or 200 with a message).
    func setUnknownInfoStatus(_ status: Int) { updateConfiguration { $0.unknownInfoStatus = status } }
}

/// One request as the simulator logged it.
struct LoggedCall: Sendable {
    var method: String
    var path: String
    /// Decoded query pairs joined with `&` ("" when none).
    var query: String
    /// 0 when the connection was dropped before processing.
    var status: Int
    var dropped: Bool
    var time: Date
}

/// A simulator configuration with the given limits and item-write delay.
func simulatorConfiguration(limits: [RateLimitGroup: RateLimit], itemWriteDelay: Double = 1.0) -> SimulatorConfiguration {
    SimulatorConfiguration(rateLimits: limits, catalogItemWriteDelay: itemWriteDelay)
}
