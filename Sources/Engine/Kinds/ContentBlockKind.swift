import BrazeAPI
import Foundation
import Manifest
import YAML

// Everything the engine knows of content blocks: their desired and live
// snapshots, the draft that writes them, their plan, their digest and their export.

enum ContentBlockKind {
    /// Said once per plan however many blocks change (the renderers fold notes several changes share).
    static let stateNote = "Braze does not return a content block's state; the manifest's `state` is sent, never compared."

    static func desired(_ b: ContentBlock) -> Snapshot {
        var fields: [Snapshot.Field] = [.text("content", b.content.text)]
        if let d = b.description { fields.append(.scalar("description", d.text)) }
        if let t = Snapshot.Field.tags(b.tags) { fields.append(t) }
        return Snapshot(fields: fields)
    }

    static func live(_ b: BrazeContentBlock) -> Snapshot {
        Snapshot(fields: [.text("content", b.content), .scalar("description", b.description ?? ""), Snapshot.Field.tags(b.tags)!])
    }

    static func draft(_ b: ContentBlock) -> ContentBlockDraft {
        ContentBlockDraft(name: b.name, description: b.description?.text, content: b.content.text,
                          state: BrazeResourceState(rawValue: b.state.rawValue), tags: b.tags)
    }

    static func digest(_ name: String, in live: LiveState) -> String? {
        guard let entry = live.contentBlocks[name] else { return nil }
        return LiveDigest.hash(entry.detail.map { Self.live($0).canonical } ?? "id=\(entry.id)")
    }
}

extension Planner {
    func contentBlockChanges(_ block: ContentBlock, warnings: inout [String]) -> [Change] {
        let desired = ContentBlockKind.desired(block)
        let draft = ContentBlockKind.draft(block)
        guard let entry = live.contentBlocks[block.name] else {
            return [change(.create, .contentBlock, block.name, fields: created(desired), calls: [.createContentBlock(draft)])]
        }
        var notes = [ContentBlockKind.stateNote]
        guard let detail = entry.detail else {
            notes.append("Braze listed this block but did not return its details; it is written again.")
            return [change(.update, .contentBlock, block.name, fields: [], calls: [.updateContentBlock(id: entry.id, draft)], notes: notes, digest: liveDigest(.contentBlock, block.name))]
        }
        let diff = SnapshotComparer.diff(desired: desired, live: ContentBlockKind.live(detail))
        noise(diff, block.name, &warnings)
        guard !diff.changes.isEmpty else { return [] }
        var sent = draft
        sent.content = BrazeIDCarryOver.carry(live: detail.content, into: draft.content)   // keep Braze's link and include ids
        return [change(.update, .contentBlock, block.name, fields: diff.changes, calls: [.updateContentBlock(id: entry.id, sent)], notes: notes, digest: liveDigest(.contentBlock, block.name))]
    }
}

extension ManifestExporter {
    func contentBlock(_ b: BrazeContentBlock, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.contentBlock, b.name), folder: folder(.contentBlock), stem: names.stem(for: b.name, in: .contentBlock))
        r.header()
        r.line("kind: content_block")
        r.line("name: \(YAMLText.scalar(b.name))")
        if let d = b.description, !d.isEmpty { r.text("description", d, suffix: ".description", ext: "txt") }
        r.text("content", b.content, suffix: "", ext: Self.contentExtension(b.content, contentType: b.contentType), alwaysFile: true)
        r.line("# state is not exported: Braze does not return a content block's state, so it is left out (default: active)")
        r.line("# and plan never compares it. If this block is a draft in Braze, add `state: draft` before the next apply.")
        r.line("tags: \(YAMLText.flowList(b.tags))")
        return r
    }

    /// `.html` for markup, `.liquid` for Liquid without markup, `.txt` otherwise.
    static func contentExtension(_ content: String, contentType: String?) -> String {
        if content.range(of: #"<[A-Za-z!/]"#, options: .regularExpression) != nil { return "html" }
        if content.contains("{{") || content.contains("{%") { return "liquid" }
        if contentType?.lowercased() == "html" { return "html" }
        return "txt"
    }
}
