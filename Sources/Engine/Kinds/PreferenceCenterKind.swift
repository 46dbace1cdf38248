import BrazeAPI
import BrazeCore
import Foundation
import Manifest
import YAML

// Everything the engine knows of preference centers: their desired and live
// snapshots, the draft that writes them, their plan, their digest and their export.

enum PreferenceCenterKind {
    static func desired(_ p: PreferenceCenter) -> Snapshot {
        var fields: [Snapshot.Field] = []
        if let t = p.title { fields.append(.scalar("title", t.text)) }
        fields.append(.text("page_html", p.pageHTML.text))
        fields.append(.text("confirmation_page_html", p.confirmationPageHTML.text))
        if let s = p.state { fields.append(.scalar("state", s.rawValue)) }
        if let o = p.options { fields.append(.scalar("options", optionsText(o.mapValues(\.text)))) }
        return Snapshot(fields: fields)
    }

    static func live(_ p: BrazePreferenceCenter) -> Snapshot {
        let options = p.options.compactMapValues(\.stringValue)
        var fields: [Snapshot.Field] = [.scalar("title", p.title ?? ""), .text("page_html", p.pageHTML ?? ""), .text("confirmation_page_html", p.confirmationPageHTML ?? ""),
                                        .scalar("options", optionsText(options))]
        if let state = p.state { fields.append(.scalar("state", state.rawValue)) }
        return Snapshot(fields: fields)
    }

    static func optionsText(_ options: [String: String]) -> String {
        options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    static func draft(_ p: PreferenceCenter) -> PreferenceCenterDraft {
        PreferenceCenterDraft(name: p.name, title: p.title?.text, pageHTML: p.pageHTML.text, confirmationPageHTML: p.confirmationPageHTML.text,
                              state: p.state.flatMap { BrazeResourceState(rawValue: $0.rawValue) },
                              options: p.options?.mapValues { JSONValue.string($0.text) })
    }

    static func digest(_ name: String, in live: LiveState) -> String? {
        guard let entry = live.preferenceCenters[name] else { return nil }
        return LiveDigest.hash(entry.detail.map { Self.live($0).canonical } ?? "id=\(entry.id)")
    }
}

extension Planner {
    func preferenceCenterChanges(_ center: PreferenceCenter, warnings: inout [String]) -> [Change] {
        let desired = PreferenceCenterKind.desired(center)
        let draft = PreferenceCenterKind.draft(center)
        guard let entry = live.preferenceCenters[center.name] else {
            return [change(.create, .preferenceCenter, center.name, fields: created(desired), calls: [.createPreferenceCenter(draft)])]
        }
        let liveSnapshot = entry.detail.map(PreferenceCenterKind.live) ?? Snapshot(fields: [])
        let diff = SnapshotComparer.diff(desired: desired, live: liveSnapshot)
        noise(diff, center.name, &warnings)
        guard !diff.changes.isEmpty else { return [] }
        return [change(.update, .preferenceCenter, center.name, fields: diff.changes, calls: [.updatePreferenceCenter(id: entry.id, draft)], digest: liveDigest(.preferenceCenter, center.name))]
    }
}

extension ManifestExporter {
    func preferenceCenter(_ p: BrazePreferenceCenter, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.preferenceCenter, p.name), folder: folder(.preferenceCenter), stem: names.stem(for: p.name, in: .preferenceCenter))
        r.header()
        r.line("kind: preference_center")
        r.line("name: \(YAMLText.scalar(p.name))")
        if let title = p.title, !title.isEmpty { r.text("title", title, suffix: ".title", ext: "txt") }
        r.text("page_html", p.pageHTML ?? "", suffix: ".page", ext: "html", alwaysFile: true)
        r.text("confirmation_page_html", p.confirmationPageHTML ?? "", suffix: ".confirmation", ext: "html", alwaysFile: true)
        if let state = p.state { r.line("state: \(state.rawValue)") }
        let stringOptions = p.options.compactMapValues(\.stringValue)
        let expressible = Set(FieldTables.preferenceCenterOptions.map(\.name))
        if !stringOptions.isEmpty {
            if Set(stringOptions.keys).isSubset(of: expressible) {
                r.line("options:")
                for key in stringOptions.keys.sorted() {
                    r.text(key, stringOptions[key]!, suffix: ".\(key)", ext: "txt", indent: "  ")
                }
            } else {
                r.warnings.append("preference center '\(p.name)': options \(stringOptions.keys.sorted().joined(separator: ", ")) cannot all be written in a manifest (it knows \(expressible.sorted().joined(separator: ", "))); options are left unmanaged")
            }
        }
        if p.redirectPageHTML.map({ !$0.isEmpty }) == true {
            r.line("# redirect_page_html is set in Braze; manifests do not manage it.")
        }
        return r
    }
}
