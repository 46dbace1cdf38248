import Foundation

/// The machine-readable plan (`plan --format json`): SPEC section 5's fields and more,
/// snake_case keys, pretty-printed with sorted keys.
///
/// Calls appear as a count, never with their payloads, so that a plan of 100,000
/// catalog items stays small; the saved plan (`--out`) is where the payloads live.
///
///     {
///       "changes" : [ { "action", "kind", "name", "address", "field_changes", "items"?,
///                       "members"?, "notes", "depends_on", "calls", "destructive" } ],
///       "created_at", "endpoint", "format_version", "summary" : { "create", "update", "delete", "replace", "items"? },
///       "destructive_gate" : "..." or null, "notes" : [ "..." ],
///       "unmanaged" : [ { "kind", "name" } ], "warnings" : [ "..." ], "workspace",
///       "item_reading" : { "from_snapshot" : [ { "catalog", "items", "saved_at" } ],
///                          "pages" : { "pages", "catalogs", "seconds", "limit", "window_seconds" } or null,
///                          "lines" : [ "..." ] } or null (no catalog items were read)
///     }
enum JSONPlanRenderer {
    /// The version of this document (not of saved plans): fields are only ever added to it.
    static let formatVersion = 1

    struct Document: Encodable {
        var formatVersion: Int
        var workspace: String
        var endpoint: String
        var createdAt: String
        var changes: [ChangeEntry]
        var summary: PlanSummary
        var unmanaged: [UnmanagedResource]
        var warnings: [String]
        /// The sentence `apply` would refuse with, or null: the destructive gate in every format.
        var destructiveGate: String?
        /// Notes several changes share (each change keeps its own `notes` too).
        var notes: [String]
        /// How the live catalog items were read: which catalogs came from the item snapshot, and
        /// from when, and the pages read; null when the plan read no catalog items.
        var itemReading: ItemReadingEntry?

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", workspace, endpoint, createdAt = "created_at", changes, summary, unmanaged, warnings,
                 destructiveGate = "destructive_gate", notes, itemReading = "item_reading"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(formatVersion, forKey: .formatVersion)
            try c.encode(workspace, forKey: .workspace)
            try c.encode(endpoint, forKey: .endpoint)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(changes, forKey: .changes)
            try c.encode(summary, forKey: .summary)
            try c.encode(unmanaged, forKey: .unmanaged)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(destructiveGate, forKey: .destructiveGate)
            try c.encode(notes, forKey: .notes)
            try c.encode(itemReading, forKey: .itemReading)
        }
    }

    struct ItemReadingEntry: Encodable {
        struct FromSnapshot: Encodable {
            var catalog: String
            var items: Int
            /// When brazeform saved the snapshot (ISO 8601, UTC).
            var savedAt: String
            enum CodingKeys: String, CodingKey { case catalog, items, savedAt = "saved_at" }
        }
        struct Pages: Encodable {
            var pages: Int
            var catalogs: Int
            /// How long reading them took (the rate limit's waits included).
            var seconds: Double
            /// The item-read limit: `limit` calls per `window_seconds`.
            var limit: Int
            var windowSeconds: Double
            enum CodingKeys: String, CodingKey { case pages, catalogs, seconds, limit, windowSeconds = "window_seconds" }
        }
        var fromSnapshot: [FromSnapshot]
        var pages: Pages?
        /// The text plan's footer lines, as sentences.
        var lines: [String]
        enum CodingKeys: String, CodingKey { case fromSnapshot = "from_snapshot", pages, lines }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fromSnapshot, forKey: .fromSnapshot)
            try c.encode(pages, forKey: .pages)
            try c.encode(lines, forKey: .lines)
        }

        init(_ reading: PlanReading) {
            fromSnapshot = reading.fromSnapshot.map { FromSnapshot(catalog: $0.catalog, items: $0.items, savedAt: $0.savedAt) }
            pages = reading.pages.map { Pages(pages: $0.pages, catalogs: $0.catalogs, seconds: ($0.seconds * 1000).rounded() / 1000,
                                              limit: $0.limit.requests, windowSeconds: $0.limit.window) }
            lines = reading.lines
        }
    }

    struct ChangeEntry: Encodable {
        var action: Action
        var kind: ChangeKind
        var name: String
        /// `kind.name`, the id `depends_on` refers to.
        var address: String
        var fieldChanges: [FieldEntry]
        var items: ItemEntry?
        /// Item by item: ids to create and delete, and for updates the fields with before and after.
        var itemChanges: ItemChanges?
        var members: MemberCounts?
        var notes: [String]
        var dependsOn: [String]
        /// How many API calls the change makes.
        var calls: Int
        /// Needs `--allow-destructive`.
        var destructive: Bool

        enum CodingKeys: String, CodingKey {
            case action, kind, name, address, fieldChanges = "field_changes", items, itemChanges = "item_changes", members, notes, dependsOn = "depends_on", calls, destructive
        }
    }

    struct FieldEntry: Encodable {
        var field: String
        var before: String?
        var after: String?
        var isText: Bool
        var style: ValueStyle

        enum CodingKeys: String, CodingKey { case field, before, after, isText = "is_text", style }

        // before and after are always present: null when absent.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(before, forKey: .before)
            try c.encode(after, forKey: .after)
            try c.encode(isText, forKey: .isText)
            try c.encode(style, forKey: .style)
        }
    }

    struct ItemEntry: Encodable {
        var create: Int
        var update: Int
        var delete: Int
        var live: Int
    }

    static func document(_ plan: Plan) -> Document {
        Document(
            formatVersion: Self.formatVersion, workspace: plan.workspace, endpoint: plan.endpoint, createdAt: plan.createdAt,
            changes: plan.changes.map { change in
                ChangeEntry(
                    action: change.action, kind: change.kind, name: change.name, address: change.id,
                    fieldChanges: change.fieldChanges.map { FieldEntry(field: $0.field, before: $0.before, after: $0.after, isText: $0.isText, style: $0.style) },
                    items: change.items.map { ItemEntry(create: $0.create, update: $0.update, delete: $0.delete, live: $0.live) },
                    itemChanges: change.itemChanges,
                    members: change.members, notes: change.notes, dependsOn: change.dependsOn,
                    calls: change.calls.count, destructive: change.isDestructive)
            },
            summary: plan.summary, unmanaged: plan.unmanaged, warnings: plan.warnings,
            destructiveGate: RenderSupport.destructiveSentence(plan), notes: RenderSupport.sharedNotes(plan),
            itemReading: plan.reading.map(ItemReadingEntry.init))
    }

    static func render(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and booleans only: encoding cannot fail.
        guard let data = try? encoder.encode(document(plan)), let text = String(data: data, encoding: .utf8) else {
            return #"{"error": "the plan could not be encoded"}"#
        }
        return compactEmptyArrays(text)
    }

    /// Foundation pretty-prints `[]` as `[`, a blank line and `]`; this writes `[]`. Safe because
    /// a newline in the output is always layout: inside strings it is escaped.
    static func compactEmptyArrays(_ json: String) -> String {
        guard json.contains("[\n\n") else { return json }
        var lines = json.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i + 2 < lines.count {
            if lines[i].hasSuffix("["), lines[i + 1].isEmpty, lines[i + 2].trimmingCharacters(in: .whitespaces).hasPrefix("]") {
                lines[i] += lines[i + 2].trimmingCharacters(in: .whitespaces)
                lines.removeSubrange((i + 1)...(i + 2))
            } else {
                i += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
