import Foundation
import Testing

/// The embedded sandbox of a `sandbox: true` workspace: plan and apply without --endpoint,
/// state under `.brazeform/sandbox/`, `sandbox reset`.
@Suite struct SandboxEndToEndTests {
    static let files = [
        "m/blocks.yaml": """
            kind: content_block
            name: greeting
            content: "<p>Hello ((var.who))</p>"
            tags: [onboarding]
            ---
            kind: email_template
            name: hello
            subject: Hello
            body: "<html>{{content_blocks.${greeting}}}</html>"
            ---
            kind: subscription_group
            name: news
            id: ((var.group_id))
            channel: email
            members: {subscribed: [user-1]}
            """,
    ]

    func project() throws -> TempProject {
        try TempProject(files: Self.files, workspaces: """
          ws:
            sandbox: true
            sandbox_tags: [onboarding]
            vars: {group_id: \(E2E.groupID), who: world}
        """)
    }

    /// The content blocks of the saved sandbox state, by name.
    func blockContents(_ project: TempProject) throws -> [String: String] {
        let state = try readJSON(project.url.appendingPathComponent(".brazeform/sandbox/ws.json"))
        let blocks = (state["contentBlocks"] as? [[String: Any]]) ?? []
        return Dictionary(blocks.compactMap { b in (b["name"] as? String).map { ($0, b["content"] as? String ?? "") } }, uniquingKeysWith: { a, _ in a })
    }

    func run(_ arguments: [String], _ project: TempProject) async throws -> CLIRunner.Result {
        try await CLIRunner.runAsync(arguments + ["-C", project.path])
    }

    @Test func planApplyAndResetTheEmbeddedSandbox() async throws {
        let project = try project()
        defer { project.remove() }
        let stateFile = ".brazeform/sandbox/ws.json"

        let plan = try await run(["plan", "--detailed-exitcode"], project)
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains("Plan: 2 to create, 1 to update, 0 to delete, 0 to replace."), "\(plan.transcript)")

        let apply = try await run(["apply", "--auto-approve"], project)
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(project.exists(stateFile))
        #expect(try blockContents(project) == ["greeting": "<p>Hello world</p>"])
        #expect(try project.read(stateFile).contains("user-1"))

        let again = try await run(["plan", "--detailed-exitcode"], project)
        #expect(again.status == 0, "\(again.transcript)")
        #expect(again.stdout.contains(E2E.emptyPlanLine), "\(again.transcript)")

        // A saved plan against the sandbox records it as its endpoint.
        try project.replace("m/blocks.yaml", "Hello ((var.who))", with: "Hi ((var.who))")
        let planFile = project.url.appendingPathComponent("p.json")
        let savedPlan = try await run(["plan", "--out", planFile.path], project)
        #expect(savedPlan.status == 0, "\(savedPlan.transcript)")
        #expect((try readJSON(planFile))["endpoint"] as? String == "sandbox:\(stateFile)")
        let applySaved = try await run(["apply", planFile.path], project)
        #expect(applySaved.status == 0, "\(applySaved.transcript)")
        #expect(try blockContents(project) == ["greeting": "<p>Hi world</p>"])

        let reset = try await run(["sandbox", "reset"], project)
        #expect(reset.status == 0, "\(reset.transcript)")
        #expect(reset.stdout.contains("Sandbox workspace 'ws' is empty."), "\(reset.transcript)")
        #expect(!project.exists(stateFile))

        let afterReset = try await run(["plan", "--detailed-exitcode"], project)
        #expect(afterReset.status == 2, "\(afterReset.transcript)")
        #expect(afterReset.stdout.contains("Plan: 2 to create"), "\(afterReset.transcript)")
    }

    @Test func aCorruptStateFileIsAClearError() async throws {
        let project = try project()
        defer { project.remove() }
        try project.write(".brazeform/sandbox/ws.json", "{\"formatVersion\": 1, \"contentBlocks\": [ {oops")
        for command in [["plan"], ["apply", "--auto-approve"]] {
            let result = try await run(command, project)
            #expect(result.status != 0 && result.status != 2, "\(result.transcript)")
            #expect(result.stderr.contains("corrupt"), "\(result.transcript)")
            #expect(result.stderr.contains(".brazeform/sandbox/ws.json"), "\(result.transcript)")
            #expect(result.stderr.contains("brazeform sandbox reset"), "\(result.transcript)")
        }
        // Never silently reset.
        #expect(try project.read(".brazeform/sandbox/ws.json").hasSuffix("{oops"))
        let reset = try await run(["sandbox", "reset"], project)
        #expect(reset.status == 0, "\(reset.transcript)")
        let plan = try await run(["plan"], project)
        #expect(plan.status == 0, "\(plan.transcript)")
    }

    @Test func sandboxResetRefusesAWorkspaceThatIsNotASandbox() async throws {
        let project = try TempProject(files: ["m/a.yaml": "kind: content_block\nname: a\ncontent: x\n"], workspaces: """
          staging:
            instance: US-01
        """, defaultWorkspace: "staging")
        defer { project.remove() }
        let result = try await CLIRunner.runAsync(["sandbox", "reset", "-C", project.path, "-w", "staging"])
        #expect(result.status == 3, "\(result.transcript)")
        #expect(result.stderr.contains("not a sandbox"), "\(result.transcript)")
    }
}
