import ArgumentParser
import Engine
import Manifest

/// `--kind` values of export and init: `content_block`, `content-blocks`, … (comma-separated or repeated).
enum ExportKinds {
    static let aliases: [String: ResourceKind] = {
        var map: [String: ResourceKind] = [:]
        for kind in ResourceKind.allCases {
            let raw = kind.rawValue
            for name in [raw, raw + "s", raw.replacingOccurrences(of: "_", with: "-"), raw.replacingOccurrences(of: "_", with: "-") + "s"] { map[name] = kind }
        }
        return map
    }()

    /// nil when no --kind was given (every kind).
    static func parse(_ values: [String]) throws -> Set<ResourceKind>? {
        guard !values.isEmpty else { return nil }
        var kinds = Set<ResourceKind>()
        for value in values.flatMap({ $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }) {
            guard let kind = aliases[value.lowercased()] else {
                throw ValidationError("--kind '\(value)' is not a kind export writes; kinds: \(ExportFilter.exportableKinds.map(\.rawValue).joined(separator: ", "))")
            }
            if kind == .subscriptionGroup {
                throw ValidationError("--kind subscription_group: Braze's API cannot list subscription groups, so export cannot write them; declare them by hand with their ids from the dashboard")
            }
            kinds.insert(kind)
        }
        return kinds
    }
}
