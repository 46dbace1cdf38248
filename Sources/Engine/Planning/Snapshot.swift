import BrazeAPI
import Foundation
import Manifest

/// One resource's comparable state, the same shape for desired and live
/// (octoDNS's desired and existing zones): named fields holding text.
///
/// A field absent from a desired snapshot is not managed (the manifest leaves it
/// alone); a live snapshot holds everything Braze returned.
struct Snapshot: Sendable, Hashable {
    struct Field: Sendable, Hashable {
        var name: String
        var value: String?
        /// Multi-line text compared after normalization and shown as a diff.
        var isText: Bool
        /// Compared as an unordered set of comma-separated values (tags).
        var isSet: Bool = false
        /// How the plan shows the value (not part of comparison or digests).
        var style: ValueStyle = .string

        static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.value == b.value && a.isText == b.isText && a.isSet == b.isSet
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(name); hasher.combine(value); hasher.combine(isText); hasher.combine(isSet)
        }
    }

    var fields: [Field]

    subscript(name: String) -> Field? { fields.first { $0.name == name } }

    /// Canonical text for digests: every field, in order.
    var canonical: String {
        fields.map { "\($0.name)=\($0.value.map { "\($0.utf8.count):\($0)" } ?? "nil")" }.joined(separator: "\n")
    }
}

extension Snapshot.Field {
    /// Multi-line text: compared after normalization, shown as a diff.
    static func text(_ name: String, _ value: String?) -> Self { Self(name: name, value: value, isText: true, style: .text) }
    /// A short value shown as `before -> after`.
    static func scalar(_ name: String, _ value: String?) -> Self { Self(name: name, value: value, isText: false) }
    /// Tags compare as a set (Braze may return them in another order).
    static func tags(_ tags: [String]?) -> Self? {
        tags.map { Self(name: "tags", value: Set($0).sorted().joined(separator: ", "), isText: false, isSet: true, style: .list) }
    }
    /// `true` / `false`, shown unquoted.
    static func boolean(_ name: String, _ value: Bool?) -> Self { Self(name: name, value: value.map(String.init), isText: false, style: .boolean) }
    /// A catalog's fields (`name: type, ...`), shown one a line.
    static func schema(_ name: String, _ value: String) -> Self { Self(name: name, value: value, isText: false, style: .schema) }
}

/// The result of comparing a desired snapshot with a live one.
struct SnapshotDiff {
    var changes: [FieldChange] = []
    /// Fields that differ only by what Braze rewrites by itself.
    var noiseFields: [String] = []
}

enum SnapshotComparer {
    /// Field by field, over the fields the desired snapshot manages.
    static func diff(desired: Snapshot, live: Snapshot) -> SnapshotDiff {
        var result = SnapshotDiff()
        for field in desired.fields {
            let liveValue = live[field.name]?.value
            if field.value == liveValue { continue }
            if field.isText, let d = field.value, let l = liveValue,
               BrazeTextNormalizer.normalize(d) == BrazeTextNormalizer.normalize(l) {
                result.noiseFields.append(field.name)
                continue
            }
            if field.isText, (field.value ?? "").isEmpty, (liveValue ?? "").isEmpty { continue }
            result.changes.append(FieldChange(field: field.name, before: liveValue, after: field.value, isText: field.isText, style: field.style))
        }
        return result
    }
}
