import BrazeAPI
import BrazeCore
import Foundation
import Manifest

// Everything the engine knows of subscription groups: Braze can neither create
// nor list them, so a group's plan is its members' states, set in batches.

enum SubscriptionGroupKind {
    static func digest(_ name: String, in live: LiveState) -> String? {
        guard let statuses = live.subscriptions[name] else { return nil }
        return LiveDigest.hash(statuses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ","))
    }
}

extension Planner {
    func subscriptionGroupChanges(_ group: SubscriptionGroup) -> [Change] {
        guard let members = group.members else { return [] }
        let statuses = live.subscriptions[group.name] ?? [:]
        let subscribe = members.subscribed.filter { statuses[$0] != .subscribed }
        let unsubscribe = members.unsubscribed.filter { statuses[$0] != .unsubscribed }
        guard !subscribe.isEmpty || !unsubscribe.isEmpty else { return [] }
        let size = BrazeLimits.subscriptionBatchSize
        var calls: [PlannedCall] = []
        calls += stride(from: 0, to: subscribe.count, by: size).map { PlannedCall(.setSubscriptionState(groupID: group.id.text, state: .subscribed, externalIDs: Array(subscribe[$0..<min($0 + size, subscribe.count)]))) }
        calls += stride(from: 0, to: unsubscribe.count, by: size).map { PlannedCall(.setSubscriptionState(groupID: group.id.text, state: .unsubscribed, externalIDs: Array(unsubscribe[$0..<min($0 + size, unsubscribe.count)]))) }
        var fields: [FieldChange] = []
        if !subscribe.isEmpty { fields.append(FieldChange(field: "subscribe", before: nil, after: subscribe.joined(separator: ", "))) }
        if !unsubscribe.isEmpty { fields.append(FieldChange(field: "unsubscribe", before: nil, after: unsubscribe.joined(separator: ", "))) }
        return [Change(action: .update, kind: .subscriptionGroup, name: group.name, fieldChanges: fields,
                       items: nil, members: MemberCounts(subscribe: subscribe.count, unsubscribe: unsubscribe.count),
                       calls: calls, dependsOn: [], notes: [], liveDigest: liveDigest(.subscriptionGroup, group.name))]
    }
}
