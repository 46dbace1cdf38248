import Foundation

/// A user's state in a subscription group.
public enum SubscriptionStatus: String, Sendable, Hashable, Codable {
    case subscribed
    case unsubscribed
    case unknown

    /// Braze writes "Subscribed"/"Unsubscribed"/"Unknown"; any case is accepted.
    init(lenient text: String) {
        self = SubscriptionStatus(rawValue: text.lowercased()) ?? .unknown
    }
}

/// The state to set: Braze accepts only these two.
public enum SubscriptionState: String, Sendable, Hashable, Codable {
    case subscribed
    case unsubscribed
}

struct SubscriptionSetWire: Encodable {
    var subscription_group_id: String
    var subscription_state: SubscriptionState
    var external_id: [String]
}

extension BrazeClient {
    /// The states of up to 50 users (by external id) in one group:
    /// `GET /subscription/status/get?subscription_group_id=...&external_id[]=...`.
    /// Users Braze leaves out of its answer are reported as `.unknown`.
    public func subscriptionStatusBatch(groupID: String, externalIDs: [String]) async throws -> [String: SubscriptionStatus] {
        guard !groupID.isEmpty else { throw BrazeAPIError.invalidRequest("the subscription group id is empty") }
        guard externalIDs.count <= Self.maxBatchSize else {
            throw BrazeAPIError.invalidRequest("\(externalIDs.count) external ids in one request; Braze takes at most \(Self.maxBatchSize)")
        }
        guard !externalIDs.isEmpty else { return [:] }
        let query = [("subscription_group_id", groupID)] + externalIDs.map { ("external_id[]", $0) }
        let request = try call(.get, "/subscription/status/get", query: query, group: .standard)
        let response = try await perform(request)
        guard let c = try decode(JSONObjectWire.self, response, request).container else { return [:] }
        var result: [String: SubscriptionStatus] = [:]
        if let status = c.json("status")?.objectValue {
            for (user, value) in status { result[user] = SubscriptionStatus(lenient: value.stringValue ?? "") }
        }
        for id in externalIDs where result[id] == nil { result[id] = .unknown }
        return result
    }

    /// The states of any number of users, asked 50 at a time.
    public func subscriptionStatuses(groupID: String, externalIDs: [String]) async throws -> [String: SubscriptionStatus] {
        var result: [String: SubscriptionStatus] = [:]
        let unique = Self.uniqued(externalIDs)
        for batch in try batches(unique, ids: unique) {
            result.merge(try await subscriptionStatusBatch(groupID: groupID, externalIDs: batch)) { _, new in new }
        }
        return result
    }

    /// Sets the state of up to 50 users in one group (`POST /subscription/status/set`).
    public func setSubscriptionStateBatch(groupID: String, state: SubscriptionState, externalIDs: [String]) async throws {
        guard !groupID.isEmpty else { throw BrazeAPIError.invalidRequest("the subscription group id is empty") }
        guard externalIDs.count <= Self.maxBatchSize else {
            throw BrazeAPIError.invalidRequest("\(externalIDs.count) external ids in one request; Braze takes at most \(Self.maxBatchSize)")
        }
        guard !externalIDs.isEmpty else { return }
        let body = try encode(SubscriptionSetWire(subscription_group_id: groupID, subscription_state: state, external_id: externalIDs))
        _ = try await perform(try call(.post, "/subscription/status/set", body: body, group: .subscriptionSet))
    }

    /// Sets the state of any number of users, 50 per request.
    public func setSubscriptionState(groupID: String, state: SubscriptionState, externalIDs: [String]) async throws {
        let unique = Self.uniqued(externalIDs)
        for batch in try batches(unique, ids: unique) {
            try await setSubscriptionStateBatch(groupID: groupID, state: state, externalIDs: batch)
        }
    }

    static func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
