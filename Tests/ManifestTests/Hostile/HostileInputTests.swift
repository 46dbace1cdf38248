import BrazeCore
import Foundation
import Testing
import YAML
@testable import Manifest

/// Issue 12: what a hostile but fair tester found in the project loader.
@Suite struct HostileInputTests {
    static func project(workspaces: String, manifests: [String: String] = [:]) throws -> TestProject {
        var files = manifests
        files["brazeform.yaml"] = "version: 1\nmanifests: [m]\nworkspaces:\n\(workspaces)\n"
        return try TestProject(files: files)
    }

    // Finding 1: an endpoint port above 65535 passed validate (and crashed plan in NIO).
    @Test(arguments: ["http://127.0.0.1:99999", "http://127.0.0.1:65536", "https://rest.example.com:0", "http://127.0.0.1:"])
    func validateRefusesAnEndpointPortOutside1To65535(endpoint: String) throws {
        let p = try Self.project(workspaces: "  local: {endpoint: '\(endpoint)', api_key_env: K}", manifests: ["m/.keep.yaml": ""])
        let result = p.load(all: true)
        #expect(result.diagnostics.hasErrors, "\(result.lines)")
        #expect(result.lines.contains { $0.contains("port") }, "\(result.lines)")
        #expect(throws: BrazeConfigurationError.self) { try BrazeEndpoint(url: endpoint) }
    }

    @Test func portsInsideTheRangeStillWork() throws {
        #expect(try BrazeEndpoint(url: "http://127.0.0.1:65535").port == 65535)
        #expect(try BrazeEndpoint(url: "http://127.0.0.1:1").port == 1)
        #expect(try BrazeEndpoint(url: "https://rest.iad-01.braze.com").port == 443)
    }

    // Finding 2: an unreadable folder under manifests was skipped silently.
    @Test func anUnreadableFolderUnderManifestsIsAnErrorNamingItAndWhy() throws {
        guard getuid() != 0 else { return }  // root reads everything; the rule cannot be shown
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/ok.yaml": "kind: catalog\nname: kept\ndescription: d\nfields: [{name: id, type: string}]\n",
            "m/locked/hidden.yaml": "kind: catalog\nname: hidden\ndescription: d\nfields: [{name: id, type: string}]\n",
        ])
        let locked = p.root.appendingPathComponent("m/locked").path
        chmod(locked, 0)
        defer { chmod(locked, 0o755) }
        let result = p.load()
        #expect(result.diagnostics.hasErrors)
        #expect(result.lines.contains { $0.contains("m/locked") && $0.contains("permission denied") }, "\(result.lines)")
    }

    @Test func aManifestThatIsAFIFOIsAnErrorAndDoesNotBlock() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: ["m/ok.yaml": ""])
        #expect(mkfifo(p.root.appendingPathComponent("m/pipe.yaml").path, 0o644) == 0)
        let result = p.load()
        #expect(result.lines.contains { $0.contains("pipe.yaml") && $0.contains("FIFO") }, "\(result.lines)")
    }

    @Test func aSymbolicLinkLoopUnderManifestsIsAnError() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: ["m/sub/ok.yaml": ""])
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("m/sub/back").path, withDestinationPath: "..")
        let result = p.load()
        #expect(result.diagnostics.hasErrors)
        #expect(result.lines.contains { $0.contains("loop") }, "\(result.lines)")
    }

    @Test func anUnreadableItemsFileSaysWhy() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/c.yaml": "kind: catalog\nname: c\ndescription: d\nfields: [{name: id, type: string}]\nitems: {file: items.csv}\n",
        ])
        #expect(mkfifo(p.root.appendingPathComponent("m/items.csv").path, 0o644) == 0)
        let result = p.load()
        #expect(result.lines.contains { $0.contains("cannot read items file") && $0.contains("FIFO") }, "\(result.lines)")
    }

    // Finding 3: a top-level list, a scalar, a mapping with `knd:`.
    @Test(arguments: [
        "- kind: catalog\n  name: c\n  description: d\n  fields: [{name: id, type: string}]\n",
        "just a scalar\n",
        "knd: catalog\nname: c\ndescription: d\nfields: [{name: id, type: string}]\n",
    ])
    func aDocumentThatDeclaresNothingIsAnError(text: String) throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: ["m/a.yaml": text])
        let result = p.load()
        #expect(result.diagnostics.hasErrors, "\(result.lines)")
        #expect(result.project == nil || result.diagnostics.hasErrors)
    }

    @Test func emptyDocumentsAreStillFine() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: ["m/a.yaml": "# only a comment\n---\n---\n"])
        #expect(p.load().lines == [])
    }

    // Finding 4: a workspace named ../../../../x.
    @Test(arguments: ["../../../../x", "a/b", "with space", "tab\there", ""])
    func aWorkspaceNameOutsideTheNameRuleIsAnError(name: String) throws {
        let p = try Self.project(workspaces: "  \"\(name.replacingOccurrences(of: "\t", with: "\\t"))\": {sandbox: true}", manifests: ["m/a.yaml": ""])
        let result = p.load(all: true)
        #expect(result.diagnostics.hasErrors, "\(result.lines)")
        #expect(result.lines.contains { $0.contains("workspace name") }, "\(result.lines)")
        #expect(result.lines.allSatisfy { !$0.contains("\t") && !$0.contains("\n") })
    }

    // Finding 9: one error hides the next.
    @Test func aBadFieldTypeDoesNotHideABadFieldName() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/c.yaml": "kind: catalog\nname: c\ndescription: d\nfields: [{name: id, type: string}, {name: 'bad name', type: number}, {name: ok, type: strng}]\n",
        ])
        let lines = p.load().lines
        #expect(lines.contains { $0.contains("strng") }, "\(lines)")
        #expect(lines.contains { $0.contains("field name 'bad name'") }, "\(lines)")
    }

    @Test func anUnknownChannelDoesNotHideMemberProblems() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/g.yaml": "kind: subscription_group\nname: news\nid: 6e2d1f0a-0000-4000-8000-000000000001\nchannel: pigeon\nmembers: {subscribed: [u1, ' '], unsubscribed: [u1]}\n",
        ])
        let lines = p.load().lines
        #expect(lines.contains { $0.contains("pigeon") }, "\(lines)")
        #expect(lines.contains { $0.contains("blank external_id") }, "\(lines)")
        #expect(lines.contains { $0.contains("both subscribed and unsubscribed") }, "\(lines)")
    }

    // Finding 11: sorting, control characters, long values.
    @Test func diagnosticsSortByLineAndNumbersAsNumbers() {
        var d = Diagnostics()
        for n in [100, 10, 9, 1] { d.error("item \(n): bad", at: YAML.SourceLocation(file: "a.csv", line: 1, column: 1)) }
        d.error("x", at: YAML.SourceLocation(file: "a.csv", line: 10, column: 2))
        d.error("y", at: YAML.SourceLocation(file: "a.csv", line: 9, column: 12))
        d.error("z", at: YAML.SourceLocation(file: "a.csv", line: 9, column: 3))
        #expect(d.sorted.map(\.message) == ["item 1: bad", "item 9: bad", "item 10: bad", "item 100: bad", "z", "y", "x"])
    }

    @Test func aNameWithANewlineStaysOnOneLine() throws {
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/c.yaml": "kind: content_block\nname: \"bad\\nname\\u001b[31m\"\ncontent: x\n",
        ])
        let lines = p.load().lines
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\u{1B}") }, "\(lines)")
        #expect(lines.contains { $0.contains("bad\\nname\\u{1B}") }, "\(lines)")
    }

    @Test func aHugeTagIsClippedInItsWarning() throws {
        let tag = String(repeating: "t", count: 100_000)
        let p = try Self.project(workspaces: "  sandbox: {sandbox: true}", manifests: [
            "m/c.yaml": "kind: content_block\nname: c\ncontent: x\ntags: [\(tag), \(tag)]\n",
        ])
        let lines = p.load().lines
        #expect(lines.contains { $0.contains("listed twice") }, "\(lines.map { $0.prefix(100) })")
        #expect(lines.allSatisfy { $0.count < 2_500 })
    }
}
