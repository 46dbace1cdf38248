import BrazeCore
import BrazeSimulator
import BrazeSimulatorServer
import Foundation
import Testing
import VirtualTime

/// Runs the binary off Swift's cooperative pool, so an in-process simulator server
/// can answer it meanwhile.
func runCLI(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) async throws -> CLIRunner.Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try CLIRunner.run(arguments, in: directory, environment: environment) })
        }
    }
}

func temporaryFolder(_ label: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-\(label)-\(UUID().uuidString)")
}

/// A simulator served over loopback HTTP, with awkward content of every kind.
struct ServedWorkspace {
    static let keyVariable = "BRAZEFORM_TEST_EXPORT_KEY"
    static let environment = [keyVariable: SimulatorConfiguration.defaultAPIKey]

    let simulator: SimulatedWorkspace
    let server: SimulatorServer
    let endpoint: String

    static func start() async throws -> ServedWorkspace {
        var configuration = SimulatorConfiguration()
        configuration.rateLimits = [:]
        configuration.catalogItemWriteDelay = 0
        let simulator = SimulatedWorkspace(configuration: configuration, timeSource: VirtualTimeSource())
        let server = SimulatorServer(simulator: simulator)
        let port = try await server.start()
        return ServedWorkspace(simulator: simulator, server: server, endpoint: "http://127.0.0.1:\(port)")
    }

    var connection: [String] { ["--endpoint", endpoint, "--api-key-env", Self.keyVariable] }

    func post(_ target: String, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async {
        let response = await simulator.handle(SimulatedRequest(method: "POST", target: target, apiKey: SimulatorConfiguration.defaultAPIKey, json: json))
        #expect((200..<300).contains(response.status), "\(target): \(String(decoding: response.body, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    static let blockHTML = "  <p>Hello {{${first_name} | default: 'friend'}}</p>\r\n<p>Ünïcødé ✓ 😀</p>\n\n"

    func populate() async {
        await simulator.addTag("marketing")
        await post("/content_blocks/create", ["name": "footer", "description": "Footer: colon # hash", "content": .string(Self.blockHTML), "tags": ["marketing"]])
        await post("/content_blocks/create", ["name": "greeting", "content": "{% if ${first_name} %}Hi{% endif %} "])
        await post("/templates/email/create", ["template_name": "Weekly news", "subject": "News for {{${first_name}}}", "preheader": "  spaced ",
                                               "body": "<html>\r\n{{content_blocks.${footer}}}\r\n</html>", "plaintext_body": "Hi\r\n", "should_inline_css": false, "tags": []])
        await post("/templates/email/create", ["template_name": "bare", "subject": "yes", "body": "<p>x</p>"])
        await post("/catalogs", ["catalogs": [["name": "restaurants", "description": "My Restaurants", "fields": [
            ["name": "id", "type": "string"], ["name": "Name", "type": "string"], ["name": "Rating", "type": "number"],
            ["name": "Open", "type": "boolean"], ["name": "Created_At", "type": "time"], ["name": "Tags", "type": "array"],
        ]]]])
        await post("/catalogs/restaurants/items", ["items": [
            ["id": "r1", "Name": "Chez \"Marcel\", Paris", "Rating": 4.5, "Open": true, "Created_At": "2024-03-01T09:00:00+01:00", "Tags": ["a", "b, c"]],
            ["id": "r2", "Name": " multi\r\nline ", "Rating": 3, "Open": false, "Created_At": .null, "Tags": .null],
        ]])
        await post("/catalogs", ["catalogs": [["name": "empty", "description": "", "fields": [["name": "id", "type": "string"]]]]])
        await post("/preference_center/v1", ["name": "prefs", "preference_center_title": "Email preferences",
                                             "preference_center_page_html": "<form>{{subscribed_state.${6e2d1f0a-0000-4000-8000-000000000001}}}</form>\n",
                                             "confirmation_page_html": "<p>Saved ✓</p>\r\n", "state": "active",
                                             "options": ["meta-viewport-content": "width=device-width, initial-scale=1"]])
    }
}

@Suite("export, graph and init through the binary", .serialized)
struct ExportGraphInitTests {
    // MARK: export

    @Test func exportThenPlanShowsNoChangesForEveryKind() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let out = temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: out) }

        let export = try await runCLI(["export", "--out", out.path] + served.connection, environment: ServedWorkspace.environment)
        #expect(export.status == 0, "\(export.output)")
        #expect(export.stdout.contains("Exported 7 resources (2 content blocks, 2 email templates, 2 catalogs, 1 preference center)"), "\(export.stdout)")
        #expect(export.stdout.contains("Subscription groups are not exported"))
        #expect(export.stdout.contains("Content block state is not exported"))
        #expect(!export.output.contains(SimulatorConfiguration.defaultAPIKey))

        let block = try Data(contentsOf: out.appendingPathComponent("braze/content_block/footer.html"))
        #expect(block == Data(ServedWorkspace.blockHTML.utf8))
        let project = try String(contentsOf: out.appendingPathComponent("brazeform.yaml"), encoding: .utf8)
        #expect(project.contains("endpoint: \"\(served.endpoint)\"") || project.contains("endpoint: \(served.endpoint)"))
        #expect(project.contains("api_key_env: \(ServedWorkspace.keyVariable)"))

        // The written project file names the workspace: plan needs nothing more.
        let plan = try await runCLI(["plan", "-C", out.path, "--detailed-exitcode"], environment: ServedWorkspace.environment)
        #expect(plan.status == 0, "\(plan.output)")
        // And against the endpoint given on the command line.
        let planEndpoint = try await runCLI(["plan", "-C", out.path, "--detailed-exitcode"] + served.connection, environment: ServedWorkspace.environment)
        #expect(planEndpoint.status == 0, "\(planEndpoint.output)")
        let validate = try await runCLI(["validate", "-C", out.path])
        #expect(validate.status == 0, "\(validate.output)")
        await served.server.stop()
    }

    @Test func existingFilesAreOverwrittenOnlyWithForce() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let out = temporaryFolder("export-force")
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try await runCLI(["export", "--out", out.path] + served.connection, environment: ServedWorkspace.environment)
        #expect(first.status == 0, "\(first.output)")

        // Nothing changed: a second export leaves every file alone and succeeds.
        let again = try await runCLI(["export", "--out", out.path] + served.connection, environment: ServedWorkspace.environment)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("0 files written"), "\(again.stdout)")

        // An edited file and a new live resource: export refuses and writes nothing.
        let footer = out.appendingPathComponent("braze/content_block/footer.html")
        try Data("edited".utf8).write(to: footer)
        await served.post("/content_blocks/create", ["name": "added_later", "content": "<p>new</p>"])
        let refused = try await runCLI(["export", "--out", out.path] + served.connection, environment: ServedWorkspace.environment)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.stderr.contains("--force"))
        #expect(refused.stderr.contains("  braze/content_block/footer.html"))
        #expect(try Data(contentsOf: footer) == Data("edited".utf8))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("braze/content_block/added_later.yaml").path))

        let forced = try await runCLI(["export", "--out", out.path, "--force"] + served.connection, environment: ServedWorkspace.environment)
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try Data(contentsOf: footer) == Data(ServedWorkspace.blockHTML.utf8))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("braze/content_block/added_later.yaml").path))
        let plan = try await runCLI(["plan", "-C", out.path, "--detailed-exitcode"], environment: ServedWorkspace.environment)
        #expect(plan.status == 0, "\(plan.output)")
        await served.server.stop()
    }

    @Test func kindAndNameLimitWhatIsExported() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let out = temporaryFolder("export-filter")
        defer { try? FileManager.default.removeItem(at: out) }
        let export = try await runCLI(["export", "--out", out.path, "--kind", "catalog", "--kind", "content_block", "--name", "rest*", "--name", "foot?r"] + served.connection,
                                      environment: ServedWorkspace.environment)
        #expect(export.status == 0, "\(export.output)")
        let manifests = try FileManager.default.subpathsOfDirectory(atPath: out.appendingPathComponent("braze").path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(manifests == ["catalog/restaurants.yaml", "content_block/footer.yaml"])
        let plan = try await runCLI(["plan", "-C", out.path, "--detailed-exitcode"], environment: ServedWorkspace.environment)
        #expect(plan.status == 0, "\(plan.output)")

        let bad = try await runCLI(["export", "--out", out.path, "--kind", "subscription_group"] + served.connection, environment: ServedWorkspace.environment)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("cannot list subscription groups"))
        await served.server.stop()
    }

    @Test func exportIntoAProjectSkipsWhatItsManifestsDeclare() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let dir = temporaryFolder("export-into")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("braze/blocks"), withIntermediateDirectories: true)
        try "version: 1\nmanifests: [braze]\nworkspaces:\n  live:\n    endpoint: \(served.endpoint)\n    api_key_env: \(ServedWorkspace.keyVariable)\n"
            .write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try "kind: content_block\nname: greeting\ncontent: \"{% if ${first_name} %}Hi{% endif %} \"\n"
            .write(to: dir.appendingPathComponent("braze/blocks/greeting.yaml"), atomically: true, encoding: .utf8)
        let export = try await runCLI(["export", "-C", dir.path], environment: ServedWorkspace.environment)
        #expect(export.status == 0, "\(export.output)")
        #expect(export.stdout.contains("content_block.greeting is already declared in braze/blocks/greeting.yaml"), "\(export.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("braze/content_block/greeting.yaml").path))
        let plan = try await runCLI(["plan", "-C", dir.path, "--detailed-exitcode"], environment: ServedWorkspace.environment)
        #expect(plan.status == 0, "\(plan.output)")
        await served.server.stop()
    }

    @Test func exportWithoutProjectOrEndpointExplainsWhatToPass() async throws {
        let dir = temporaryFolder("export-none")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["export", "-C", dir.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("--endpoint"))
    }

    // MARK: graph

    static func graphProject() throws -> URL {
        let dir = temporaryFolder("graph")
        let braze = dir.appendingPathComponent("braze")
        try FileManager.default.createDirectory(at: braze, withIntermediateDirectories: true)
        try "version: 1\nmanifests: [braze]\nworkspaces: {sandbox: {sandbox: true, vars: {group: 6e2d1f0a-0000-4000-8000-000000000001}}}\n"
            .write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try """
            kind: content_block
            name: footer
            content: "<p>{{preference_center.${prefs}}}</p>"
            ---
            kind: email_template
            name: welcome
            subject: Hi
            body: "{{content_blocks.${footer}}} {{ content_blocks.${legacy} }} {% catalog_items products p1 %}"
            ---
            kind: catalog
            name: products
            description: Products
            fields: [{name: id, type: string}]
            ---
            kind: preference_center
            name: prefs
            page_html: "<form>{% form_field_name :subscription_group ((subscription_group.news.id)) %}</form>"
            confirmation_page_html: <p>ok</p>
            ---
            kind: subscription_group
            name: news
            id: ((var.group))
            channel: email

            """.write(to: braze.appendingPathComponent("all.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func graphAsMermaid() async throws {
        let dir = try Self.graphProject()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["graph", "-C", dir.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == """
            flowchart LR
              subscription_group_news["subscription_group.news"]
              catalog_products["catalog.products"]
              content_block_footer["content_block.footer"]
              email_template_welcome["email_template.welcome"]
              preference_center_prefs["preference_center.prefs"]
              content_block_legacy["content_block.legacy (not in manifests)"]:::undeclared
              content_block_footer --> preference_center_prefs
              email_template_welcome --> catalog_products
              email_template_welcome --> content_block_footer
              email_template_welcome --> content_block_legacy
              preference_center_prefs --> subscription_group_news
              classDef undeclared stroke-dasharray: 5 5

            """)
    }

    @Test func graphAsDot() async throws {
        let dir = try Self.graphProject()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["graph", "-C", dir.path, "--format", "dot"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == """
            digraph brazeform {
              rankdir=LR;
              node [shape=box];
              "subscription_group.news";
              "catalog.products";
              "content_block.footer";
              "email_template.welcome";
              "preference_center.prefs";
              "content_block.legacy" [style=dashed, label="content_block.legacy\\n(not in manifests)"];
              "content_block.footer" -> "preference_center.prefs";
              "email_template.welcome" -> "catalog.products";
              "email_template.welcome" -> "content_block.footer";
              "email_template.welcome" -> "content_block.legacy";
              "preference_center.prefs" -> "subscription_group.news";
            }

            """)
    }

    @Test func graphOfAnInvalidProjectExitsThree() async throws {
        let dir = temporaryFolder("graph-bad")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "version: 1\nworkspaces: {}\n".write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        let result = try await runCLI(["graph", "-C", dir.path])
        #expect(result.status == 3)
    }

    // MARK: init

    @Test func initScaffoldValidatesAndPlansAgainstTheSandbox() async throws {
        let dir = temporaryFolder("init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["init", "-C", dir.path])
        #expect(result.status == 0, "\(result.output)")
        for path in ["brazeform.yaml", "braze/content_block/example_footer.yaml", "braze/content_block/example_footer.html", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), "\(path)")
        }
        let projectFile = try String(contentsOf: dir.appendingPathComponent("brazeform.yaml"), encoding: .utf8)
        #expect(projectFile.contains("sandbox: true"))
        #expect(projectFile.contains("#   instance: US-01"))
        #expect(projectFile.contains("#   api_key_env: BRAZE_STAGING_API_KEY"))
        #expect(try String(contentsOf: dir.appendingPathComponent(".gitignore"), encoding: .utf8) == ".brazeform/\n")

        let validate = try await runCLI(["validate", "-C", dir.path])
        #expect(validate.status == 0, "\(validate.output)")
        #expect(validate.stdout.contains("1 resource"))
        #expect(validate.stdout.contains("0 errors, 0 warnings"))
        let plan = try await runCLI(["plan", "-C", dir.path, "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.output)")
        #expect(plan.stdout.contains("example_footer"))
    }

    @Test func initRefusesToOverwriteAProjectFile() async throws {
        let dir = temporaryFolder("init-twice")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "version: 1\nworkspaces: {mine: {sandbox: true}}\n".write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        let result = try await runCLI(["init"], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("already exists"))
        #expect(try String(contentsOf: dir.appendingPathComponent("brazeform.yaml"), encoding: .utf8) == "version: 1\nworkspaces: {mine: {sandbox: true}}\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("braze").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".gitignore").path))
    }

    @Test func initAppendsToAnExistingGitignoreOnce() async throws {
        let dir = temporaryFolder("init-gitignore")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gitignore = dir.appendingPathComponent(".gitignore")
        try "node_modules/\n*.log".write(to: gitignore, atomically: true, encoding: .utf8)
        #expect(try await runCLI(["init", "-C", dir.path]).status == 0)
        #expect(try String(contentsOf: gitignore, encoding: .utf8) == "node_modules/\n*.log\n.brazeform/\n")

        // Again in a fresh folder whose .gitignore already has the entry: left alone.
        let other = temporaryFolder("init-gitignore-2")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: other) }
        try ".brazeform/\nbuild/\n".write(to: other.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        #expect(try await runCLI(["init", "-C", other.path]).status == 0)
        #expect(try String(contentsOf: other.appendingPathComponent(".gitignore"), encoding: .utf8) == ".brazeform/\nbuild/\n")
    }

    @Test func initFromAnExistingWorkspaceExportsIt() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let dir = temporaryFolder("init-existing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["init", "-C", dir.path, "--from-existing", served.endpoint, "--api-key-env", ServedWorkspace.keyVariable, "-w", "live"],
                                      environment: ServedWorkspace.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Exported 7 resources"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("braze/content_block/example_footer.yaml").path))
        let projectFile = try String(contentsOf: dir.appendingPathComponent("brazeform.yaml"), encoding: .utf8)
        #expect(projectFile.contains("default_workspace: live"))
        #expect(projectFile.contains("sandbox: true"))
        #expect(try String(contentsOf: dir.appendingPathComponent(".gitignore"), encoding: .utf8) == ".brazeform/\n")

        let validate = try await runCLI(["validate", "-C", dir.path])
        #expect(validate.status == 0, "\(validate.output)")
        let plan = try await runCLI(["plan", "-C", dir.path, "--detailed-exitcode"], environment: ServedWorkspace.environment)
        #expect(plan.status == 0, "\(plan.output)")

        // A missing key writes nothing.
        let other = temporaryFolder("init-nokey")
        defer { try? FileManager.default.removeItem(at: other) }
        let noKey = try await runCLI(["init", "-C", other.path, "--from-existing", served.endpoint, "--api-key-env", "BRAZEFORM_TEST_UNSET_KEY"])
        #expect(noKey.status == 3, "\(noKey.output)")
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("brazeform.yaml").path))
        await served.server.stop()
    }
}
