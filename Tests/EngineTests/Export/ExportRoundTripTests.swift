import BrazeCore
import BrazeAPI
import BrazeSimulator
import Engine
import Foundation
import Manifest
import YAML
import Testing
import VirtualTime
import Workspace

/// A simulated workspace reached through the real client, in process.
struct ClientOverSimulator {
    let simulator: SimulatedWorkspace
    let client: BrazeClient

    init() throws {
        let clock = VirtualTimeSource()
        var configuration = SimulatorConfiguration()
        configuration.rateLimits = [:]
        configuration.catalogItemWriteDelay = 0
        let simulator = SimulatedWorkspace(configuration: configuration, timeSource: clock)
        self.simulator = simulator
        // The sandbox's own in-process transport, as `brazeform` uses it.
        client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: SimulatorConfiguration.defaultAPIKey),
                             transport: SimulatorTransport(simulator), timeSource: clock)
    }
}

/// Awkward content of every kind: Liquid, unicode, leading and trailing whitespace, CRLF,
/// YAML-looking words, empty optional fields, characters CSV must quote.
enum AwkwardContent {
    static let htmlBlock = "  <p>Hello {{${first_name} | default: 'friend'}}</p>\r\n<p>Ünïcødé ✓ 😀 — “quotes”</p>\n\n"
    static let liquidBlock = "{% if ${first_name} %}Hi {{${first_name}}}{% endif %}"
    static let plainBlock = "\tplain text, with a trailing space "
    static let includingBlock = "<div>{{content_blocks.${html_block}}}</div>\n"
    static let templateBody = "<html>\r\n<body>{{content_blocks.${html_block} }}\r\n{% catalog_items restaurants r1 %}{{ items[0].Name }}</body>\r\n</html>"
    static let longSubject = String(repeating: "A long subject line, ", count: 8) + "end"
    static let preferencePage = "<form>{% form_field_name :subscription_group 6e2d1f0a-0000-4000-8000-000000000001 %}</form>\n"

    static func populate(_ w: ClientOverSimulator) async throws {
        for tag in ["marketing", "two words"] { await w.simulator.addTag(tag) }
        let c = w.client
        _ = try await c.createContentBlock(ContentBlockDraft(name: "html_block", description: "Footer: with a colon # and a hash", content: htmlBlock, tags: ["marketing", "two words"]))
        _ = try await c.createContentBlock(ContentBlockDraft(name: "liquid_block", content: liquidBlock))
        _ = try await c.createContentBlock(ContentBlockDraft(name: "plain_block", description: "yes", content: plainBlock, tags: []))
        _ = try await c.createContentBlock(ContentBlockDraft(name: "including_block", description: "multi\nline description", content: includingBlock))
        _ = try await c.createEmailTemplate(EmailTemplateDraft(name: "Welcome Email / v2", subject: "Welcome, {{${first_name} | default: 'friend'}}!", body: templateBody,
                                                               plaintextBody: "Hi\r\n", preheader: "  leading space", tags: [], shouldInlineCSS: false))
        _ = try await c.createEmailTemplate(EmailTemplateDraft(name: "minimal", subject: "null", body: "<p>x</p>", tags: ["marketing"]))
        _ = try await c.createEmailTemplate(EmailTemplateDraft(name: "long_subject", subject: longSubject, body: "<p>ü</p>", shouldInlineCSS: true))
        _ = try await c.createCatalog(CatalogDraft(name: "restaurants", description: "My Restaurants", fields: [
            BrazeCatalogField(name: "id", type: "string"), BrazeCatalogField(name: "Name", type: "string"), BrazeCatalogField(name: "Rating", type: "number"),
            BrazeCatalogField(name: "Open", type: "boolean"), BrazeCatalogField(name: "Created_At", type: "time"),
            BrazeCatalogField(name: "Tags", type: "array"), BrazeCatalogField(name: "Meta", type: "object"),
        ]))
        try await c.createCatalogItems(catalog: "restaurants", items: [
            BrazeCatalogItem(id: "r1", values: ["Name": "Chez \"Marcel\", Paris", "Rating": 4.5, "Open": true, "Created_At": "2024-03-01T09:00:00+01:00",
                                           "Tags": ["a", "b, c"], "Meta": ["k": 1, "nested": ["x": "ü"]]]),
            BrazeCatalogItem(id: "r2", values: ["Name": "  spaced\r\nlines  ", "Rating": 3, "Open": false, "Created_At": "2024-12-31T23:59:59Z",
                                           "Tags": [], "Meta": [:]]),
            BrazeCatalogItem(id: "r3", values: ["Name": "", "Rating": 0.000001, "Open": .null, "Created_At": .null, "Tags": .null, "Meta": .null]),
            BrazeCatalogItem(id: "r-4_x", values: ["Name": "😀", "Rating": -12345678901, "Open": true, "Created_At": "2025-01-01T00:00:00.123Z",
                                              "Tags": [1.5, true, .null], "Meta": ["list": [1, 2]]]),
        ])
        _ = try await c.createCatalog(CatalogDraft(name: "empty_catalog", description: "", fields: [BrazeCatalogField(name: "id", type: "string")]))
        _ = try await c.createCatalog(CatalogDraft(name: "nullable", description: "text fields holding null", fields: [
            BrazeCatalogField(name: "id", type: "string"), BrazeCatalogField(name: "Label", type: "string"),
        ]))
        try await c.createCatalogItems(catalog: "nullable", items: [BrazeCatalogItem(id: "n1", values: ["Label": .null]), BrazeCatalogItem(id: "n2", values: ["Label": "x"])])
        _ = try await c.createPreferenceCenter(PreferenceCenterDraft(name: "main_prefs", title: "Email preferences", pageHTML: preferencePage,
                                                                     confirmationPageHTML: "<p>Saved ✓</p>\r\n", state: .active,
                                                                     options: ["meta-viewport-content": "width=device-width, initial-scale=1"]))
        _ = try await c.createPreferenceCenter(PreferenceCenterDraft(name: "bare", pageHTML: "<p>page</p>", confirmationPageHTML: "<p>done</p>", state: .draft))
    }
}

@Suite("Export round trip (in process)")
struct ExportRoundTripTests {
    /// Exports the workspace into a temporary folder and returns it.
    static func export(_ w: ClientOverSimulator, filter: ExportFilter = ExportFilter()) async throws -> (URL, ExportResult) {
        let contents = try await WorkspaceReader(client: w.client).readContents(filter)
        var result = ManifestExporter(source: "workspace 'test'").export(contents)
        let project = ProjectFileWriter.exported(workspace: WorkspaceConfiguration(name: "test", endpoint: "http://127.0.0.1:9", apiKeyEnv: "TEST_KEY"))
        result.files.append(ExportedFile(path: "brazeform.yaml", data: Data(project.utf8), resource: nil))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-export-\(UUID().uuidString)")
        for file in result.files {
            let url = dir.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        return (dir, result)
    }

    static func plan(_ dir: URL, _ w: ClientOverSimulator) async throws -> (Project, Plan) {
        let loaded = ProjectLoader(directory: dir.path).load()
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.sorted.map(\.description).joined(separator: "\n"))")
        let project = try #require(loaded.project)
        let live = try await WorkspaceReader(client: w.client).read(for: project)
        return (project, try Planner(project: project, live: live, endpoint: "test").plan())
    }

    @Test func everyKindAndAwkwardContentPlansNoChanges() async throws {
        let w = try ClientOverSimulator()
        try await AwkwardContent.populate(w)
        let (dir, result) = try await Self.export(w)
        defer { try? FileManager.default.removeItem(at: dir) }

        #expect(result.resources.count == 12)
        let (project, plan) = try await Self.plan(dir, w)
        #expect(project.resources.count == 12)
        #expect(plan.isEmpty, "\(PlanRenderer.text(plan, color: false))")
        #expect(result.warnings.contains { $0.contains("nullable") && $0.contains("JSON Lines") })
    }

    @Test func textFilesHoldTheLiveTextByteForByte() async throws {
        let w = try ClientOverSimulator()
        try await AwkwardContent.populate(w)
        let (dir, _) = try await Self.export(w)
        defer { try? FileManager.default.removeItem(at: dir) }
        func bytes(_ path: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(path)) }
        #expect(try bytes("braze/content_block/html_block.html") == Data(AwkwardContent.htmlBlock.utf8))
        #expect(try bytes("braze/content_block/liquid_block.liquid") == Data(AwkwardContent.liquidBlock.utf8))
        #expect(try bytes("braze/content_block/plain_block.txt") == Data(AwkwardContent.plainBlock.utf8))
        #expect(try bytes("braze/content_block/including_block.description.txt") == Data("multi\nline description".utf8))
        #expect(try bytes("braze/email_template/Welcome_Email___v2.html") == Data(AwkwardContent.templateBody.utf8))
        #expect(try bytes("braze/email_template/Welcome_Email___v2.txt") == Data("Hi\r\n".utf8))
        #expect(try bytes("braze/email_template/long_subject.subject.txt") == Data(AwkwardContent.longSubject.utf8))
        #expect(try bytes("braze/preference_center/main_prefs.confirmation.html") == Data("<p>Saved ✓</p>\r\n".utf8))

        let block = try String(contentsOf: dir.appendingPathComponent("braze/content_block/html_block.yaml"), encoding: .utf8)
        #expect(block == """
            # yaml-language-server: $schema=../../schema/content_block.schema.json
            # Content block 'html_block', written by `brazeform export`.
            kind: content_block
            name: html_block
            description: "Footer: with a colon # and a hash"
            content: {file: html_block.html}
            # state is not exported: Braze does not return a content block's state, so it is left out (default: active)
            # and plan never compares it. If this block is a draft in Braze, add `state: draft` before the next apply.
            tags: [marketing, two words]

            """)
        let template = try String(contentsOf: dir.appendingPathComponent("braze/email_template/Welcome_Email___v2.yaml"), encoding: .utf8)
        #expect(template.contains("name: Welcome Email / v2\n"))
        #expect(template.contains("subject: \"Welcome, {{${first_name} | default: 'friend'}}!\"\n"))
        #expect(template.contains("preheader: \"  leading space\"\n"))
        #expect(template.contains("should_inline_css: false\n"))
        let minimal = try String(contentsOf: dir.appendingPathComponent("braze/email_template/minimal.yaml"), encoding: .utf8)
        #expect(minimal.contains("subject: \"null\"\n"))
        #expect(!minimal.contains("preheader"))
        #expect(!minimal.contains("plaintext_body"))
    }

    @Test func catalogItemsAreCSVWithTimesAsISOAndContainersAsJSON() async throws {
        let w = try ClientOverSimulator()
        try await AwkwardContent.populate(w)
        let (dir, _) = try await Self.export(w, filter: ExportFilter(kinds: [.catalog]))
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try String(contentsOf: dir.appendingPathComponent("braze/catalog/restaurants.csv"), encoding: .utf8)
        #expect(csv == """
            id,Name,Rating,Open,Created_At,Tags,Meta
            r-4_x,😀,-12345678901,true,2025-01-01T00:00:00.123Z,"[1.5,true,null]","{""list"":[1,2]}"
            r1,"Chez ""Marcel"", Paris",4.5,true,2024-03-01T08:00:00.000Z,"[""a"",""b, c""]","{""k"":1,""nested"":{""x"":""ü""}}"
            r2,"  spaced\r\nlines  ",3,false,2024-12-31T23:59:59.000Z,[],{}
            r3,,1e-06,,,,

            """)
        let yaml = try String(contentsOf: dir.appendingPathComponent("braze/catalog/empty_catalog.yaml"), encoding: .utf8)
        #expect(yaml.contains("description: \"\"\n"))
        #expect(yaml.contains("items: {file: empty_catalog.csv}   # 0 items\n"))
        let jsonl = try String(contentsOf: dir.appendingPathComponent("braze/catalog/nullable.jsonl"), encoding: .utf8)
        #expect(jsonl == "{\"id\":\"n1\",\"Label\":null}\n{\"id\":\"n2\",\"Label\":\"x\"}\n")
        let (_, plan) = try await Self.plan(dir, w)
        #expect(plan.isEmpty, "\(PlanRenderer.text(plan, color: false))")
    }

    @Test func byteOrderMarksAndOddCharactersSurvive() async throws {
        let w = try ClientOverSimulator()
        let odd = "\u{FEFF}<p>BOM first</p>\u{2028}line separator\u{85}next line\u{0B}vertical tab\r"
        _ = try await w.client.createContentBlock(ContentBlockDraft(name: "odd", description: "\u{FEFF}bom\ttab", content: odd))
        _ = try await w.client.createEmailTemplate(EmailTemplateDraft(name: "odd_template", subject: "\u{FEFF}Subject\u{2028}two", body: "\u{FEFF}<p>x</p>",
                                                                      preheader: "emoji 😀 and \u{0301}combining"))
        let (dir, _) = try await Self.export(w)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, plan) = try await Self.plan(dir, w)
        #expect(plan.isEmpty, "\(PlanRenderer.text(plan, color: false))")
    }

    @Test func filtersByKindAndName() async throws {
        let w = try ClientOverSimulator()
        try await AwkwardContent.populate(w)
        let contents = try await WorkspaceReader(client: w.client).readContents(ExportFilter(kinds: [.contentBlock, .preferenceCenter], namePatterns: ["*_block", "bare"]))
        #expect(contents.contentBlocks.map(\.name) == ["html_block", "including_block", "liquid_block", "plain_block"])
        #expect(contents.preferenceCenters.map(\.name) == ["bare"])
        #expect(contents.emailTemplates.isEmpty && contents.catalogs.isEmpty)
    }

    @Test func duplicateNamesAreSkippedWithAReason() async throws {
        let w = try ClientOverSimulator()
        _ = try await w.client.createEmailTemplate(EmailTemplateDraft(name: "twice", subject: "a", body: "<p>a</p>"))
        _ = try await w.client.createEmailTemplate(EmailTemplateDraft(name: "twice", subject: "b", body: "<p>b</p>"))
        _ = try await w.client.createEmailTemplate(EmailTemplateDraft(name: "once", subject: "c", body: "<p>c</p>"))
        let contents = try await WorkspaceReader(client: w.client).readContents()
        #expect(contents.emailTemplates.map(\.name) == ["once"])
        #expect(contents.skipped.map(\.address) == [ResourceAddress(.emailTemplate, "twice")])
    }
}

@Suite("Export building blocks")
struct ExportUnitTests {
    @Test(arguments: [
        ("footer", "footer"),
        ("Email preferences", "Email preferences"),
        ("Ünïcødé", "\"Ünïcødé\""),
        ("yes", "\"yes\""),
        ("null", "\"null\""),
        ("", "\"\""),
        ("123", "\"123\""),
        ("a: b", "\"a: b\""),
        ("a #b", "\"a #b\""),
        ("trailing ", "\"trailing \""),
        ("{{x}}", "\"{{x}}\""),
        ("tab\there", "\"tab\\there\""),
        ("quote \" and \\", "\"quote \\\" and \\\\\""),
        ("bom\u{FEFF}", "\"bom\\uFEFF\""),
        ("nel\u{85}", "\"nel\\N\""),
        ("bell\u{07}", "\"bell\\x07\""),
        ("it's fine", "it's fine"),
        ("Address, unsubscribe and links", "Address, unsubscribe and links"),
        ("https://cdn.example.com/a?b=c", "https://cdn.example.com/a?b=c"),
        ("ends with:", "\"ends with:\""),
        ("a#b", "a#b"),
    ])
    func yamlScalars(_ text: String, _ expected: String) {
        #expect(YAMLText.scalar(text) == expected)
    }

    @Test func flowContextQuotesCommasAndColons() {
        #expect(YAMLText.flowList(["a, b", "c:d", "plain words"]) == "[\"a, b\", \"c:d\", plain words]")
    }

    @Test func inlineOnlyForShortSingleLines() {
        #expect(YAMLText.canInline("Welcome, {{${first_name}}}"))
        #expect(YAMLText.canInline("  spaces  "))
        #expect(!YAMLText.canInline("a\nb"))
        #expect(!YAMLText.canInline("a\r\nb"))
        #expect(!YAMLText.canInline("a\u{2028}b"))
        #expect(!YAMLText.canInline(String(repeating: "x", count: 121)))
    }

    @Test func numbersAreWrittenExactly() {
        #expect(JSONValue.format(number: 5) == "5")
        #expect(JSONValue.format(number: -3.25) == "-3.25")
        #expect(JSONValue.format(number: 0.1) == "0.1")
        #expect(JSONValue.format(number: 1e300) == "1e+300")
        for d in [0.1, 1e-7, 123456.789, 1e300, -2.5e-300] {
            #expect(Double(JSONValue.format(number: d)) == d)
        }
    }

    @Test func fileNamesAreSafeAndUnique() {
        let contents = {
            var c = WorkspaceContents()
            c.emailTemplates = [
                BrazeEmailTemplate(id: "1", name: "a b", subject: "s", body: "<p>1</p>"),
                BrazeEmailTemplate(id: "2", name: "a_b", subject: "s", body: "<p>2</p>"),
                BrazeEmailTemplate(id: "3", name: "../etc", subject: "s", body: "<p>3</p>"),
                BrazeEmailTemplate(id: "4", name: "A_B", subject: "s", body: "<p>4</p>"),
            ]
            return c
        }()
        let result = ManifestExporter(source: "test").export(contents)
        let manifests = result.files.map(\.path).filter { $0.hasSuffix(".yaml") }
        #expect(manifests == ["braze/email_template/a_b.yaml", "braze/email_template/a_b-2.yaml", "braze/email_template/___etc.yaml", "braze/email_template/A_B-3.yaml"])
        #expect(Set(result.files.map(\.path)).count == result.files.count)
    }

    @Test func liveTextThatLooksLikeInterpolationIsFlagged() {
        var contents = WorkspaceContents()
        contents.contentBlocks = [BrazeContentBlock(id: "1", name: "b", content: "price ((var.price))")]
        let result = ManifestExporter(source: "test").export(contents)
        #expect(result.warnings.contains { $0.contains("interpolation") })
    }

    @Test func filterHonoursKindsNamesAndIgnore() {
        let filter = ExportFilter(kinds: [.contentBlock, .catalog], namePatterns: ["news*", "products"], ignore: [.contentBlock: ["news_legacy*"]])
        #expect(filter.includes(.contentBlock, "newsletter_footer"))
        #expect(!filter.includes(.contentBlock, "news_legacy_1"))
        #expect(filter.includes(.catalog, "products"))
        #expect(!filter.includes(.emailTemplate, "newsletter"))
        #expect(!ExportFilter().includes(kind: .subscriptionGroup))
        let project = ProjectFileWriter.exported(workspace: WorkspaceConfiguration(name: "staging", instance: "US-01", apiKeyEnv: "KEY", vars: ["cdn": "https://cdn.example.com"]),
                                             ignore: [.contentBlock: ["legacy_*"]])
        #expect(project.hasSuffix("""
            workspaces:
              staging:
                instance: US-01
                api_key_env: KEY
                vars:
                  cdn: https://cdn.example.com
            ignore:                         # live resources brazeform leaves alone (and export skipped)
              content_block: ["legacy_*"]

            """))
    }

    @Test func gitignoreIsAppendedOnce() {
        #expect(ProjectScaffold.gitignore(existing: nil) == ".brazeform/\n")
        #expect(ProjectScaffold.gitignore(existing: "node_modules") == "node_modules\n.brazeform/\n")
        #expect(ProjectScaffold.gitignore(existing: "node_modules\r\n") == "node_modules\r\n.brazeform/\n")
        #expect(ProjectScaffold.gitignore(existing: "a\n.brazeform/\n") == nil)
        #expect(ProjectScaffold.gitignore(existing: "/.brazeform\n") == nil)
    }
}
