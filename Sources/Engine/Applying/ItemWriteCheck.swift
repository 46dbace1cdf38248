import BrazeAPI
import BrazeCore
import Foundation

/// What a catalog shows once a change's item writes are applied: its item count,
/// and the last item each kind of write touched (nil values: deleted).
struct ItemWriteCheck: Sendable {
    var count: Int
    var probes: [(id: String, values: [String: JSONValue]?)]

    init?(_ change: Change) {
        guard let counts = change.items else { return nil }
        count = counts.live + counts.create - counts.delete
        probes = []
        for call in change.calls.reversed() {
            switch call.operation {
            case .replaceCatalogItems(_, let items), .createCatalogItems(_, let items):
                if let last = items.last, !probes.contains(where: { $0.id == last.id }) { probes.append((last.id, last.values)) }
            case .deleteCatalogItems(_, let ids):
                if let last = ids.last, !probes.contains(where: { $0.id == last }) { probes.append((last, nil)) }
            default:
                break
            }
            if probes.count >= 3 { break }
        }
    }

    /// Whether live values show what was sent: numbers by value, times by instant
    /// (Braze writes them back in another format), a null as a missing value.
    static func shows(_ sent: [String: JSONValue], _ live: [String: JSONValue]) -> Bool {
        sent.allSatisfy { key, value in
            let other = live[key] ?? .null
            if value == other { return true }
            if case .string(let a) = value, case .string(let b) = other, let x = ISOTime.parse(a), let y = ISOTime.parse(b) {
                return CatalogItemCanonical.milliseconds(x) == CatalogItemCanonical.milliseconds(y)
            }
            return false
        }
    }
}
