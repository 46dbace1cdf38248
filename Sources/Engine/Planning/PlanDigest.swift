import Crypto
import Foundation

/// The digest a saved plan carries (`calls_digest`): SHA-256 over every call it will
/// make and everything it shows a reviewer (field changes, counts, notes, the live
/// state it saw), with its workspace, endpoint and key variable. `apply PLANFILE`
/// recomputes it and refuses a plan whose digest does not match (exit 3): a payload
/// edited by hand would otherwise be applied while its `fieldChanges` still show the
/// reviewed text.
public enum PlanDigest {
    private struct Covered: Encodable {
        var workspace: String
        var endpoint: String
        var api_key_env: String?
        var changes: [Change]
    }

    public static func of(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let covered = Covered(workspace: plan.workspace, endpoint: plan.endpoint, api_key_env: plan.apiKeyEnv, changes: plan.changes)
        // Encoding plan values cannot fail (no non-finite numbers reach a plan); an empty
        // input would still give a digest that no edited plan can match by accident.
        let data = (try? encoder.encode(covered)) ?? Data()
        return "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The plan with its digest filled in, ready to save.
    public static func sealed(_ plan: Plan) -> Plan {
        var sealed = plan
        sealed.callsDigest = of(plan)
        return sealed
    }

    /// Why a read plan must not be applied, or nil when its digest matches.
    public static func problem(with plan: Plan, path: String) -> String? {
        guard let digest = plan.callsDigest else {
            return "\(path) has no calls_digest, so brazeform cannot tell whether it was edited since it was planned; nothing was written. Plan again (brazeform plan --out FILE)."
        }
        guard digest == of(plan) else {
            return "\(path) was edited after it was planned: its calls_digest does not match its calls and changes; nothing was written. Plan again and review the new plan."
        }
        return nil
    }
}
