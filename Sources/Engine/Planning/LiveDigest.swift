import BrazeAPI
import BrazeCore
import Crypto
import Foundation
import Manifest

/// A digest of what the live workspace holds for one resource: recorded in a
/// saved plan for each resource it changes, and compared again before applying it.
public enum LiveDigest {
    /// nil when the resource is absent live.
    public static func of(_ kind: ChangeKind, _ name: String, in live: LiveState, project: Project) -> String? {
        switch kind {
        case .contentBlock: ContentBlockKind.digest(name, in: live)
        case .emailTemplate: EmailTemplateKind.digest(name, in: live)
        case .preferenceCenter: PreferenceCenterKind.digest(name, in: live)
        case .catalog: CatalogKind.digest(name, in: live)
        case .catalogItems: CatalogKind.itemsDigest(name, in: live, project: project)
        case .subscriptionGroup: SubscriptionGroupKind.digest(name, in: live)
        }
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of items already in canonical form (the planner has them from the diff).
    static func items(canonical: [String: [JSONValue]]) -> String {
        var hasher = SHA256()
        var text = ""
        text.reserveCapacity(1 << 20)
        for id in canonical.keys.sorted() {
            text += "\(id.count):\(id)"
            CatalogItemCanonical.write(.array(canonical[id]!), into: &text)
            if text.utf8.count >= 1 << 20 {  // hashed a megabyte at a time, not an item at a time
                hasher.update(data: Data(text.utf8))
                text.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: Data(text.utf8))
        return hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
