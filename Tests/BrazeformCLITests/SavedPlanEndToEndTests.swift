import Foundation
import Testing

/// The saved-plan loop: `plan -w X --out FILE`, the hint it prints, `apply FILE` in the
/// plan's own workspace, and `show FILE` printing the plan exactly as `plan` did.
@Suite struct SavedPlanEndToEndTests {
    func project() throws -> TempProject {
        try TempProject(files: SandboxEndToEndTests.files, workspaces: """
          ws:
            sandbox: true
            sandbox_tags: [onboarding]
            vars: {group_id: \(E2E.groupID), who: world}
          local:
            sandbox: true
            sandbox_tags: [onboarding]
            vars: {group_id: \(E2E.groupID), who: local}
        """)
    }

    @Test func applyingASavedPlanUsesItsWorkspaceUnlessAnotherIsNamed() async throws {
        let project = try project()
        defer { project.remove() }
        let file = project.url.appendingPathComponent("p.json").path
        let plan = try await CLIRunner.runAsync(["plan", "-C", project.path, "-w", "local", "--out", file])
        #expect(plan.status == 0, "\(plan.transcript)")
        #expect(plan.stderr.contains("apply it with: brazeform apply -C \(project.path) \(file)"), "\(plan.transcript)")

        let elsewhere = try await CLIRunner.runAsync(["apply", "-C", project.path, "-w", "ws", file])
        #expect(elsewhere.status == 7, "\(elsewhere.transcript)")
        #expect(elsewhere.stderr.contains("leave out -w"), "\(elsewhere.transcript)")
        #expect(!project.exists(".brazeform/sandbox/ws.json"))

        let apply = try await CLIRunner.runAsync(["apply", "-C", project.path, file])
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(project.exists(".brazeform/sandbox/local.json"))
        #expect(!project.exists(".brazeform/sandbox/ws.json"))
    }

    @Test func showPrintsASavedPlanExactlyAsPlanDid() async throws {
        let project = try project()
        defer { project.remove() }
        for format in ["text", "json", "markdown"] {
            let file = project.url.appendingPathComponent("p-\(format).json").path
            let plan = try await CLIRunner.runAsync(["plan", "-C", project.path, "--format", format, "--out", file])
            #expect(plan.status == 0, "\(plan.transcript)")
            let show = try await CLIRunner.runAsync(["show", file, "--format", format])
            #expect(show.status == 0, "\(show.transcript)")
            #expect(show.stdout == plan.stdout, "\(format): \(show.transcript)")
            #expect(!show.stdout.isEmpty)
        }
        let missing = try await CLIRunner.runAsync(["show", project.url.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read"))
    }
}
