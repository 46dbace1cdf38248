import BrazeCore
import Foundation

extension SimulatedWorkspace {
    static let maxUsersPerSubscriptionCall = 50

    func subscriptionGroupIndex(_ id: String) -> Int? {
        state.subscriptionGroups.firstIndex { $0.id == id }
    }

    // GET /subscription/status/get?subscription_group_id=&external_id=...
    func subscriptionStatus(_ request: SimulatedRequest) -> SimulatedResponse {
        guard let groupID = request.queryValue("subscription_group_id"), !groupID.isEmpty else {
            return .messageError(400, "subscription_group_id is required")
        }
        // external_id may repeat, use the `external_id[]` form, or be comma-separated.
        // `external_id=a,b` lists several ids; each `external_id[]=` value is one id, commas and all.
        let ids = (request.queryValues("external_id").flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                   + request.queryValues("external_id[]"))
            .filter { !$0.isEmpty }
        guard !ids.isEmpty else {
            if request.queryValue("phone") != nil || request.queryValue("phone[]") != nil {
                return .messageError(400, "The simulator identifies users by external_id only")
            }
            return .messageError(400, "external_id or phone is required")
        }
        guard ids.count <= Self.maxUsersPerSubscriptionCall else {
            return .messageError(400, "At most 50 external_ids may be given")
        }
        guard let index = subscriptionGroupIndex(groupID) else {
            return .messageError(400, "Subscription group not found")
        }
        let members = state.subscriptionGroups[index].members
        var status: [String: JSONValue] = [:]
        for id in ids {
            switch members[id] {
            case .subscribed: status[id] = "Subscribed"
            case .unsubscribed: status[id] = "Unsubscribed"
            case nil: status[id] = "Unknown"
            }
        }
        return .json(200, ["status": .object(status), "message": "success"])
    }

    private enum UsersParse {
        case ok([String])
        case refused(SimulatedResponse)
    }

    private func users(_ value: JSONValue?, otherIdentifiers: [JSONValue?]) -> UsersParse {
        let hasOthers = otherIdentifiers.contains { $0 != nil && !($0?.isNull ?? true) }
        guard let value, !value.isNull else {
            if hasOthers { return .refused(.messageError(400, "The simulator identifies users by external_id only")) }
            return .refused(.messageError(400, "external_id is required"))
        }
        var ids: [String] = []
        if let s = value.stringValue {
            ids = [s]
        } else if let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) {
            ids = array.compactMap(\.stringValue)
        } else {
            return .refused(.messageError(400, "external_id must be a string or an array of strings"))
        }
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else {
            return .refused(.messageError(400, "external_id is required"))
        }
        guard ids.count <= Self.maxUsersPerSubscriptionCall else {
            return .refused(.messageError(400, "At most 50 users may be updated per request"))
        }
        return .ok(ids)
    }

    private func subscriptionChange(groupID: JSONValue?, state rawState: JSONValue?) -> Checked<(Int, SubscriptionState)> {
        guard let id = groupID?.stringValue, !id.isEmpty else {
            return .failure(.messageError(400, "subscription_group_id is required"))
        }
        guard let newState = rawState?.stringValue.flatMap(SubscriptionState.init(rawValue:)) else {
            return .failure(.messageError(400, "subscription_state must be either subscribed or unsubscribed"))
        }
        guard let index = subscriptionGroupIndex(id) else {
            return .failure(.messageError(400, "Subscription group not found"))
        }
        return .success((index, newState))
    }

    // POST /subscription/status/set
    func setSubscriptionStatus(_ body: JSONValue) -> SimulatedResponse {
        if body["email"] != nil && body["phone"] != nil {
            return .messageError(400, "Either an email address or a phone number should be provided, but not both.")
        }
        let change: (Int, SubscriptionState)
        switch subscriptionChange(groupID: body["subscription_group_id"], state: body["subscription_state"]) {
        case .failure(let response): return response
        case .success(let c): change = c
        }
        switch users(body["external_id"], otherIdentifiers: [body["email"], body["phone"]]) {
        case .refused(let response):
            return response
        case .ok(let ids):
            for id in ids { state.subscriptionGroups[change.0].members[id] = change.1 }
            return .json(201, ["message": "success"])
        }
    }

    // POST /v2/subscription/status/set
    func setSubscriptionStatusV2(_ body: JSONValue) -> SimulatedResponse {
        guard let groups = body["subscription_groups"]?.arrayValue, !groups.isEmpty,
              groups.allSatisfy({ $0.objectValue != nil }) else {
            return .messageError(400, "subscription_groups must be a non-empty array of objects")
        }
        var changes: [(Int, SubscriptionState, [String])] = []
        var total = 0
        for group in groups {
            let change: (Int, SubscriptionState)
            switch subscriptionChange(groupID: group["subscription_group_id"], state: group["subscription_state"]) {
            case .failure(let response): return response
            case .success(let c): change = c
            }
            switch users(group["external_ids"], otherIdentifiers: [group["emails"], group["phones"]]) {
            case .refused(let response):
                return response
            case .ok(let ids):
                total += ids.count
                changes.append((change.0, change.1, ids))
            }
        }
        guard total <= Self.maxUsersPerSubscriptionCall else {
            return .messageError(400, "At most 50 users may be updated per request")
        }
        for (index, newState, ids) in changes {
            for id in ids { state.subscriptionGroups[index].members[id] = newState }
        }
        return .json(201, ["message": "success"])
    }
}
