import BrazeSimulator
import Foundation
import Testing

/// SPEC section 4, one code at a time, through the real binary (0, 2, 6 and 7 are also
/// covered in PlanApplyEndToEndTests).
@Suite struct ExitCodeEndToEndTests {
    static let block = "kind: content_block\nname: promo\ncontent: \"<p>promo</p>\"\n"

    func withBraze(_ body: (SimulatedBraze) async throws -> Void) async throws {
        let braze = try await SimulatedBraze.start()
        do {
            try await body(braze)
        } catch {
            await braze.stop()
            throw error
        }
        await braze.stop()
    }

    @Test func zeroAndTwoForDetailedExitcode() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            let changes = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(changes.status == 2, "\(changes.transcript)")
            #expect(changes.stdout.contains("+ content_block.promo"), "\(changes.transcript)")
            // Without --detailed-exitcode, a plan with changes is a success.
            let plain = try await braze.run(["plan"], project: project)
            #expect(plain.status == 0, "\(plain.transcript)")
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            let none = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(none.status == 0, "\(none.transcript)")
        }
    }

    @Test func oneWhenBrazeRejectsAWrite() async throws {
        try await withBraze { braze in
            // Tags must exist in Braze; this one was never created in the dashboard.
            let project = try TempProject(files: ["m/a.yaml": Self.block + "tags: [no-such-tag]\n"])
            defer { project.remove() }
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 1, "\(apply.transcript)")
            #expect(apply.output.contains("content_block.promo"), "\(apply.transcript)")
            #expect(await braze.writeCount() == 1)
            #expect(await braze.simulator.writeRequestCount(successfulOnly: true) == 0)
        }
    }

    @Test func threeForAnInvalidManifestWithoutAnyRequest() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": "kind: content_block\nname: promo\ncontnt: x\n"])
            defer { project.remove() }
            for command in [["plan"], ["apply", "--auto-approve"]] {
                let result = try await braze.run(command, project: project)
                #expect(result.status == 3, "\(result.transcript)")
                #expect(result.stderr.contains("unknown field 'contnt'"), "\(result.transcript)")
                #expect(result.stderr.contains("nothing was sent to Braze"), "\(result.transcript)")
            }
            #expect(await braze.log().isEmpty)
        }
    }

    @Test func threeForAReferenceNeitherDeclaredNorLive() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": """
                kind: email_template
                name: promo_mail
                subject: Promo
                body: "<html>{{content_blocks.${legacy_banner}}}</html>"
                """])
            defer { project.remove() }
            for command in [["plan"], ["apply", "--auto-approve"]] {
                let result = try await braze.run(command, project: project)
                #expect(result.status == 3, "\(result.transcript)")
                #expect(result.stderr.contains("legacy_banner"), "\(result.transcript)")
                #expect(result.stderr.contains("neither declared"), "\(result.transcript)")
            }
            #expect(await braze.writeCount() == 0)

            // Once the block exists live (made in the dashboard), the reference is fine.
            await braze.simulator.addDragAndDropContentBlock(name: "legacy_banner", content: "<p>banner</p>")
            let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(plan.status == 2, "\(plan.transcript)")
            #expect(plan.stdout.contains("+ email_template.promo_mail"), "\(plan.transcript)")
        }
    }

    @Test(arguments: ["http://example.com", "http://10.0.0.1:4010", "ftp://127.0.0.1"])
    func threeForAPlainHTTPEndpointBeforeAnyRequest(endpoint: String) async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            for command in [["plan"], ["apply", "--auto-approve"]] {
                let result = try await braze.run(command, project: project, endpoint: endpoint)
                #expect(result.status == 3, "\(result.transcript)")
                #expect(result.stderr.contains("--endpoint"), "\(result.transcript)")
                #expect(result.stderr.contains("https://"), "\(result.transcript)")
            }
            #expect(await braze.log().isEmpty)
        }
    }

    @Test func fourForAWrongAPIKeyWhichIsNeverShown() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            let wrongKey = "wrong-key-\(UUID().uuidString)"
            for command in [["plan"], ["apply", "--auto-approve"]] {
                let result = try await braze.run(command, project: project, apiKey: wrongKey)
                #expect(result.status == 4, "\(result.transcript)")
                #expect(result.stderr.contains("401"), "\(result.transcript)")
                #expect(!result.output.contains(wrongKey), "the key was printed")
            }
            #expect(await braze.log().allSatisfy { $0.status == 401 })
            #expect(await braze.writeCount() == 0)
        }
    }

    @Test func fourForAForbiddenWrite() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            await braze.simulator.inject(Fault(method: "POST", path: "/content_blocks/create", times: nil,
                                               action: .respond(status: 403, body: #"{"message":"This API key lacks content_blocks.create"}"#)))
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 4, "\(apply.transcript)")
            #expect(await braze.state().contentBlocks.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func fiveWhenRateLimitedWithoutEnd() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            await braze.simulator.inject(.rateLimitBurst(method: "GET", path: "/content_blocks/list", times: 1_000, retryAfterSeconds: 0))
            let started = Date()
            let plan = try await braze.run(["plan"], project: project, environment: ["BRAZEFORM_RETRY_INITIAL_BACKOFF": "0.01"])
            let seconds = Date().timeIntervalSince(started)
            #expect(plan.status == 5, "\(plan.transcript)")
            #expect(plan.stderr.contains("/content_blocks/list"), "\(plan.transcript)")
            #expect(seconds < 20, "gave up after \(seconds) s")
            #expect(await braze.writeCount() == 0)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func fiveWhenTheServerKeepsFailing() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": Self.block])
            defer { project.remove() }
            await braze.simulator.inject(.serverError(500, method: "GET", path: "/content_blocks/list", times: 1_000))
            let started = Date()
            let plan = try await braze.run(["plan"], project: project, environment: ["BRAZEFORM_RETRY_INITIAL_BACKOFF": "0.01"])
            let seconds = Date().timeIntervalSince(started)
            #expect(plan.status == 5, "\(plan.transcript)")
            #expect(plan.stderr.contains("500"), "\(plan.transcript)")
            #expect(seconds < 20, "gave up after \(seconds) s")
            print("persistent 500: gave up after \(seconds) s")
        }
    }

    /// A wrong port or a stopped server: one clear line and exit 1 at once, not a
    /// storm of retries ending in "gave up" (exit 5).
    @Test(.timeLimit(.minutes(1)))
    func oneWhenNothingAnswersAtTheEndpoint() async throws {
        let project = try TempProject(files: ["m/a.yaml": Self.block], workspaces: """
          ws:
            endpoint: http://127.0.0.1:1
            api_key_env: TEST_BRAZE_KEY
        """)
        defer { project.remove() }
        let started = Date()
        let plan = try await CLIRunner.runAsync(["plan", "-C", project.path], environment: ["TEST_BRAZE_KEY": "k-123456"])
        let seconds = Date().timeIntervalSince(started)
        #expect(plan.status == 1, "\(plan.transcript)")
        #expect(plan.stderr.contains("nothing answers at http://127.0.0.1:1 (the connection was refused)"), "\(plan.transcript)")
        #expect(!plan.stderr.contains("retry"), "no retries for a refused connection: \(plan.transcript)")
        #expect(!plan.stderr.contains("gave up"), "\(plan.transcript)")
        #expect(seconds < 10, "failed after \(seconds) s")
    }
}
