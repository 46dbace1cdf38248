import Foundation
import Manifest

/// `plan --out FILE`: the plan as versioned JSON. No secrets: API keys are never
/// part of a plan.
public enum SavedPlan {
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ plan: Plan, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(plan)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func read(from path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(description: "cannot read \(path)")
        }
        struct Version: Decodable { var format_version: Int? }
        let version: Version
        do {
            version = try JSONDecoder().decode(Version.self, from: data)
        } catch DecodingError.dataCorrupted {
            // Not JSON at all (or JSON nested deeper than the decoder takes): say so, not "no format_version".
            throw FormatError(description: "\(path) is not a brazeform plan: it is not valid JSON (or is nested too deeply to read); write plans with brazeform plan --out FILE")
        } catch {
            throw FormatError(description: "\(path) is not a brazeform plan (its top level is not an object with format_version)")
        }
        guard let v = version.format_version else {
            throw FormatError(description: "\(path) is not a brazeform plan (no format_version)")
        }
        guard Plan.readableVersions.contains(v) else {
            throw FormatError(description: "\(path) is a plan of format \(v); this brazeform reads formats \(Plan.readableVersions.lowerBound) to \(Plan.readableVersions.upperBound)")
        }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw FormatError(description: "\(path) is not a readable brazeform plan: \(error)")
        }
    }

    /// The changes whose live state is no longer what the plan saw.
    public static func staleChanges(_ plan: Plan, live: LiveState, project: Project) -> [Change] {
        plan.changes.filter { LiveDigest.of($0.kind, $0.name, in: live, project: project) != $0.liveDigest }
    }
}
