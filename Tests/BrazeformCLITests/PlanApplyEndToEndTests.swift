import BrazeSimulator
import Foundation
import Testing

/// `brazeform plan` and `apply`, the real binary, against a simulated Braze over loopback HTTP.
@Suite struct PlanApplyEndToEndTests {
    // MARK: helpers

    /// Runs `body` with a fresh simulator, stopped afterwards.
    func withBraze(_ configuration: SimulatorConfiguration = SimulatorConfiguration(rateLimits: E2E.generousLimits, catalogItemWriteDelay: 0),
                   _ body: (SimulatedBraze) async throws -> Void) async throws {
        let braze = try await SimulatedBraze.start(configuration: configuration)
        do {
            try await body(braze)
        } catch {
            await braze.stop()
            throw error
        }
        await braze.stop()
    }

    /// A copy of examples/newsletter, with its subscription group created in the "dashboard".
    func newsletter(_ braze: SimulatedBraze) async throws -> TempProject {
        await braze.simulator.addSubscriptionGroup(id: E2E.exampleGroupID, name: "Newsletter", channel: .email)
        return try TempProject(copying: E2E.newsletter)
    }

    /// The newsletter example, applied from empty.
    func appliedNewsletter(_ braze: SimulatedBraze) async throws -> TempProject {
        let project = try await newsletter(braze)
        let apply = try await braze.run(["apply", "--auto-approve"], project: project)
        try #require(apply.status == 0, "\(apply.transcript)")
        return project
    }

    func expectEmptyPlan(_ braze: SimulatedBraze, _ project: TempProject, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = await braze.writeCount()
        let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
        #expect(plan.status == 0, "\(plan.transcript)", sourceLocation: sourceLocation)
        #expect(plan.stdout.contains(E2E.emptyPlanLine), "\(plan.transcript)", sourceLocation: sourceLocation)
        #expect(await braze.writeCount() == before, "plan wrote to Braze", sourceLocation: sourceLocation)
    }

    // MARK: 1. every kind from empty

    @Test func createsEveryKindFromEmpty() async throws {
        try await withBraze { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            #expect(apply.stdout.contains("Plan: 7 to create, 1 to update, 0 to delete, 0 to replace."), "\(apply.transcript)")
            #expect(apply.stdout.contains("Apply complete"), "\(apply.transcript)")

            let state = await braze.state()
            let header = try #require(state.contentBlocks.first { $0.name == "newsletter_header" })
            let headerFile = try project.read("braze/blocks/header.html")
            #expect(header.content == headerFile.replacingOccurrences(of: "((var.cdn))", with: "https://cdn.sandbox.example.com"))
            #expect(header.description == "Logo and navigation bar for newsletter emails")
            let footer = try #require(state.contentBlocks.first { $0.name == "newsletter_footer" })
            #expect(footer.content.contains("mailto:support+sandbox@example.com"))
            #expect(!footer.content.contains("((var."))

            let welcome = try #require(state.emailTemplates.first { $0.name == "welcome" })
            #expect(welcome.subject == "Welcome to Example Co., {{${first_name} | default: 'friend'}}")
            #expect(welcome.preheader == "Your account is ready")
            #expect(welcome.plaintextBody == "Welcome aboard! Your account is ready: https://example.com/shop")
            #expect(welcome.body.contains("{{content_blocks.${newsletter_header}}}"))
            let weekly = try #require(state.emailTemplates.first { $0.name == "weekly_digest" })
            #expect(weekly.body == (try project.read("braze/templates/weekly.html")))
            #expect(weekly.plaintextBody == (try project.read("braze/templates/weekly.txt")))
            #expect(weekly.shouldInlineCSS == true)

            let products = try #require(state.catalogs.first { $0.name == "products" })
            #expect(products.description == "Products featured in newsletters")
            #expect(products.fields.map(\.name) == ["id", "Name", "Price", "In_Stock", "Launched_At"])
            #expect(products.fields.map(\.type) == ["string", "string", "number", "boolean", "time"])
            #expect(products.items.keys.sorted() == ["sku-1001", "sku-1002", "sku-1003", "sku-1004"])
            #expect(products.items["sku-1001"]?["Name"] == .string("Linen shirt, blue"))
            #expect(products.items["sku-1001"]?["Price"] == .number(49.9))
            #expect(products.items["sku-1003"]?["Name"] == .string("The \"Everyday\" mug"))
            #expect(products.items["sku-1003"]?["In_Stock"] == .bool(false))
            #expect(state.pendingItemWrites.isEmpty)

            let center = try #require(state.preferenceCenters.first { $0.name == "newsletter_preferences" })
            #expect(center.title == "Email preferences")
            #expect(center.pageHTML.contains(":subscription_group \(E2E.exampleGroupID)"))
            #expect(center.confirmationPageHTML == (try project.read("braze/preferences/confirmed.html")))
            #expect(center.options["meta-viewport-content"] == .string("width=device-width, initial-scale=1"))

            let group = try #require(state.subscriptionGroups.first { $0.id == E2E.exampleGroupID })
            #expect(group.members == ["qa-user-1": .subscribed, "qa-user-2": .subscribed, "qa-user-3": .unsubscribed])
        }
    }

    // MARK: 2. a second plan is empty and writes nothing

    @Test func planRightAfterApplyIsEmptyAndWritesNothing() async throws {
        try await withBraze { braze in
            let project = try await appliedNewsletter(braze)
            defer { project.remove() }
            await braze.clearLog()
            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.status == 0, "\(plan.transcript)")
            #expect(plan.stdout.contains(E2E.emptyPlanLine), "\(plan.transcript)")
            #expect(plan.planLines.isEmpty, "\(plan.transcript)")
            let detailed = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(detailed.status == 0, "\(detailed.transcript)")
            // Applying again is a no-op too.
            let again = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(again.status == 0, "\(again.transcript)")
            let log = await braze.log()
            #expect(!log.isEmpty, "the plans read the workspace")
            #expect(log.filter(\.isWrite).isEmpty, "writes: \(log.filter(\.isWrite).map { "\($0.method) \($0.path)" })")
        }
    }

    // MARK: 3. one edited file, one change, one write

    @Test func oneEditedFileIsOneChangeAndOneWrite() async throws {
        try await withBraze { braze in
            let project = try await appliedNewsletter(braze)
            defer { project.remove() }
            try project.replace("braze/blocks/header.html", "Blog</a>", with: "Blog</a> · <a href=\"https://example.com/sale\">Sale</a>")
            let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(plan.status == 2, "\(plan.transcript)")
            #expect(plan.planLines.map { $0.trimmingCharacters(in: .whitespaces) } == ["~ content_block.newsletter_header"], "\(plan.transcript)")
            #expect(plan.stdout.contains("Plan: 0 to create, 1 to update, 0 to delete, 0 to replace."), "\(plan.transcript)")

            await braze.clearLog()
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            let writes = await braze.writes()
            #expect(writes.map { "\($0.method) \($0.path)" } == ["POST /content_blocks/update"])
            #expect(await braze.contentBlock("newsletter_header")?.content.contains("example.com/sale") == true)
            try await expectEmptyPlan(braze, project)

            // One changed catalog row: one item change, one write.
            try project.replace("braze/catalogs/products.csv", "Canvas tote,19,", with: "Canvas tote,21,")
            let itemPlan = try await braze.run(["plan"], project: project)
            #expect(itemPlan.planLines.map { $0.trimmingCharacters(in: .whitespaces) } == ["~ catalog_items.products"], "\(itemPlan.transcript)")
            await braze.clearLog()
            let itemApply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(itemApply.status == 0, "\(itemApply.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["PUT /catalogs/products/items"])
            #expect(await braze.catalog("products")?.items["sku-1002"]?["Price"] == .number(21))
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: 4. drift

    @Test func driftIsReportedAndRepaired() async throws {
        try await withBraze { braze in
            let project = try await appliedNewsletter(braze)
            defer { project.remove() }
            let footer = try #require(await braze.contentBlock("newsletter_footer"))
            let original = footer.content
            #expect(await braze.simulator.editContentBlock(id: footer.id) { $0.content = "<p>edited in the dashboard</p>" })
            let template = try #require(await braze.emailTemplate("welcome"))
            #expect(await braze.simulator.editEmailTemplate(id: template.id) { $0.subject = "Hand-edited subject" })

            await braze.clearLog()
            let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(plan.status == 2, "\(plan.transcript)")
            #expect(Set(plan.planLines.map { $0.trimmingCharacters(in: .whitespaces) }) == ["~ content_block.newsletter_footer", "~ email_template.welcome"], "\(plan.transcript)")
            #expect(plan.stdout.contains("Plan: 0 to create, 2 to update, 0 to delete, 0 to replace."), "\(plan.transcript)")
            #expect(await braze.writeCount() == 0)

            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            #expect(await braze.writeCount() == 2)
            #expect(await braze.contentBlock("newsletter_footer")?.content == original)
            #expect(await braze.emailTemplate("welcome")?.subject == "Welcome to Example Co., {{${first_name} | default: 'friend'}}")
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: 5. nested content blocks, leaf first

    @Test func nestedContentBlocksAreCreatedLeafFirst() async throws {
        try await withBraze { braze in
            // Names sort the wrong way round, so only the dependency order gets them right.
            let project = try TempProject(files: ["m/nested.yaml": """
                kind: email_template
                name: a_template
                subject: Nested
                body: "<html>{{content_blocks.${b_outer}}}</html>"
                ---
                kind: content_block
                name: b_outer
                content: "<div>outer {{ content_blocks.${c_inner} }}</div>"
                ---
                kind: content_block
                name: c_inner
                content: "<p>inner</p>"
                """])
            defer { project.remove() }
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            let created = await braze.writes().compactMap { request -> String? in
                let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]
                return (body?["name"] ?? body?["template_name"]) as? String
            }
            #expect(created == ["c_inner", "b_outer", "a_template"])
            #expect(await braze.writes().allSatisfy { (200..<300).contains($0.status) })
            #expect(await braze.contentBlock("b_outer")?.content == "<div>outer {{ content_blocks.${c_inner} }}</div>")
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: 6. the destructive gate

    static let shopsCatalog = """
        kind: catalog
        name: shops
        description: Shops
        fields:
          - {name: id, type: string}
          - {name: City, type: string}
        items: {file: shops.csv}
        """

    @Test func addingACatalogFieldWithValuesChangesItInPlace() async throws {
        // SPEC §5: an added field is an update, no --allow-destructive, no catalog delete.
        try await withBraze { braze in
            let project = try TempProject(files: ["m/shops.yaml": Self.shopsCatalog, "m/shops.csv": "id,City\ns1,Paris\ns2,Lyon\ns3,Nice\n"])
            defer { project.remove() }
            let first = try await braze.run(["apply", "--auto-approve"], project: project)
            try #require(first.status == 0, "\(first.transcript)")
            #expect(await braze.catalog("shops")?.items.count == 3)

            try project.replace("m/shops.yaml", "  - {name: City, type: string}", with: "  - {name: City, type: string}\n  - {name: Stars, type: number}")
            try project.write("m/shops.csv", "id,City,Stars\ns1,Paris,4\ns2,Lyon,5\ns3,Nice,3\n")
            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.planLines.map { $0.trimmingCharacters(in: .whitespaces) }.first == "~ catalog.shops", "\(plan.transcript)")
            #expect(plan.stdout.contains("+ field Stars: number"), "\(plan.transcript)")
            #expect(plan.stdout.contains("0 to replace"), "\(plan.transcript)")

            await braze.clearLog()
            let applied = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(applied.status == 0, "\(applied.transcript)")
            let shops = try #require(await braze.catalog("shops"))
            #expect(shops.fields.map(\.name) == ["id", "City", "Stars"])
            #expect(shops.items.count == 3)
            #expect(shops.items["s2"]?["Stars"] == .number(5))
            #expect(shops.items["s2"]?["City"] == .string("Lyon"))
            let writes = await braze.writes().map { "\($0.method) \($0.path)" }
            #expect(writes == ["POST /catalogs/shops/fields", "PUT /catalogs/shops/items"], "\(writes)")
            try await expectEmptyPlan(braze, project)
        }
    }

    @Test func deletingCatalogItemsIsGated() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/shops.yaml": Self.shopsCatalog, "m/shops.csv": "id,City\ns1,Paris\ns2,Lyon\ns3,Nice\n"])
            defer { project.remove() }
            let first = try await braze.run(["apply", "--auto-approve"], project: project)
            try #require(first.status == 0, "\(first.transcript)")

            try project.write("m/shops.csv", "id,City\ns1,Paris\ns2,Lyon\n")
            await braze.clearLog()
            let blocked = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(blocked.status == 6, "\(blocked.transcript)")
            #expect(blocked.stderr.contains("catalog_items.shops"), "\(blocked.transcript)")
            #expect(await braze.writeCount() == 0)
            #expect(await braze.catalog("shops")?.items.count == 3)

            let allowed = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
            #expect(allowed.status == 0, "\(allowed.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["DELETE /catalogs/shops/items"])
            #expect(await braze.catalog("shops")?.items.keys.sorted() == ["s1", "s2"])
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: 7. saved plans

    @Test func savedPlanPerformsExactlyItsCallsAndHoldsNoKey() async throws {
        let key = "e2e-secret-\(UUID().uuidString)"
        try await withBraze(SimulatorConfiguration(apiKeys: [key], rateLimits: E2E.generousLimits, catalogItemWriteDelay: 0)) { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            let planFile = project.url.appendingPathComponent("p.json")
            let plan = try await braze.run(["plan", "--out", planFile.path], project: project, apiKey: key)
            #expect(plan.status == 0, "\(plan.transcript)")
            #expect(await braze.writeCount() == 0)
            let text = try String(contentsOf: planFile, encoding: .utf8)
            #expect(!text.contains(key), "the plan file holds the API key")
            #expect(!plan.output.contains(key))

            let saved = try readJSON(planFile)
            #expect(saved["format_version"] as? Int == 2)
            #expect(saved["endpoint"] as? String == braze.endpoint)
            let changes = try #require(saved["changes"] as? [[String: Any]])
            let plannedCalls = changes.flatMap { ($0["calls"] as? [[String: Any]]) ?? [] }.map { "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?")" }
            #expect(plannedCalls.count == 9, "\(plannedCalls)")

            await braze.clearLog()
            let apply = try await braze.run(["apply", planFile.path], project: project, apiKey: key)
            #expect(apply.status == 0, "\(apply.transcript)")
            #expect(!apply.output.contains(key))
            let performed = await braze.writes().map { "\($0.method) \($0.path)" }
            #expect(performed.sorted() == plannedCalls.sorted())
            // Every saved payload arrived as saved: compare the bodies of the content block creates.
            for change in changes where change["kind"] as? String == "content_block" {
                for call in (change["calls"] as? [[String: Any]]) ?? [] {
                    let body = try #require((call["operation"] as? [String: Any])?["body"] as? [String: Any])
                    let sent = await braze.writes().compactMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
                        .first { $0["name"] as? String == body["name"] as? String }
                    #expect(sent?["content"] as? String == body["content"] as? String)
                }
            }
            let again = try await braze.run(["plan", "--detailed-exitcode"], project: project, apiKey: key)
            #expect(again.status == 0, "\(again.transcript)")
        }
    }

    @Test func savedPlanRefusesDriftSinceSaving() async throws {
        try await withBraze { braze in
            let project = try await appliedNewsletter(braze)
            defer { project.remove() }
            try project.replace("braze/blocks/header.html", "Blog</a>", with: "Blog</a> · Sale")
            let planFile = project.url.appendingPathComponent("p.json").path
            let plan = try await braze.run(["plan", "--out", planFile], project: project)
            #expect(plan.status == 0, "\(plan.transcript)")
            let header = try #require(await braze.contentBlock("newsletter_header"))
            #expect(await braze.simulator.editContentBlock(id: header.id) { $0.content = "edited after the plan was saved" })

            await braze.clearLog()
            let apply = try await braze.run(["apply", planFile], project: project)
            #expect(apply.status == 7, "\(apply.transcript)")
            #expect(apply.stderr.contains("content_block.newsletter_header"), "\(apply.transcript)")
            #expect(await braze.writeCount() == 0)
            #expect(await braze.contentBlock("newsletter_header")?.content == "edited after the plan was saved")
        }
    }

    @Test func savedPlanRefusesAnotherWorkspaceOrEndpoint() async throws {
        try await withBraze { braze in
            let project = try TempProject(
                files: ["m/blocks.yaml": "kind: content_block\nname: note\ncontent: \"((var.text))\"\n"],
                workspaces: """
                  ws:
                    sandbox: true
                    vars: {text: one}
                  other:
                    sandbox: true
                    vars: {text: two}
                """)
            defer { project.remove() }
            let planFile = project.url.appendingPathComponent("p.json").path
            let plan = try await braze.run(["plan", "--out", planFile], project: project)
            #expect(plan.status == 0, "\(plan.transcript)")

            let otherWorkspace = try await braze.run(["apply", planFile, "-w", "other"], project: project)
            #expect(otherWorkspace.status == 7, "\(otherWorkspace.transcript)")
            #expect(otherWorkspace.stderr.contains("workspace 'ws'"), "\(otherWorkspace.transcript)")

            let elsewhere = try await SimulatedBraze.start()
            let otherEndpoint = try await elsewhere.run(["apply", planFile], project: project)
            await elsewhere.stop()
            #expect(otherEndpoint.status == 7, "\(otherEndpoint.transcript)")
            #expect(otherEndpoint.stderr.contains(braze.endpoint), "\(otherEndpoint.transcript)")
            #expect(await elsewhere.writeCount() == 0)
            #expect(await braze.writeCount() == 0)

            // The right workspace and endpoint: it applies.
            let apply = try await braze.run(["apply", planFile], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            #expect(await braze.contentBlock("note")?.content == "one")
        }
    }

    @Test func aSavedPlanAppliesOnceAndAGarbledOneIsRefused() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": "kind: content_block\nname: once\ncontent: x\n"])
            defer { project.remove() }
            let planFile = project.url.appendingPathComponent("p.json").path
            #expect(try await braze.run(["plan", "--out", planFile], project: project).status == 0)
            let first = try await braze.run(["apply", planFile], project: project)
            #expect(first.status == 0, "\(first.transcript)")
            // The plan saw no block; now there is one: applying it again would create a duplicate.
            await braze.clearLog()
            let second = try await braze.run(["apply", planFile], project: project)
            #expect(second.status == 7, "\(second.transcript)")
            #expect(await braze.writeCount() == 0)
            #expect(await braze.state().contentBlocks.count == 1)

            try project.write("p.json", "{\"format_version\": 1, \"changes\": 42}")
            let garbled = try await braze.run(["apply", planFile], project: project)
            #expect(garbled.status != 0, "\(garbled.transcript)")
            #expect(garbled.stderr.contains("p.json"), "\(garbled.transcript)")
            #expect(await braze.writeCount() == 0)
        }
    }

    // MARK: unmanaged and prune

    @Test func unmanagedResourcesAreLeftAloneAndCatalogsPrunedOnlyWhenAllowed() async throws {
        try await withBraze { braze in
            let project = try TempProject(files: ["m/a.yaml": "kind: content_block\nname: mine\ncontent: x\n"], extraConfiguration: "prune: true\n")
            defer { project.remove() }
            let first = try await braze.run(["apply", "--auto-approve"], project: project)
            try #require(first.status == 0, "\(first.transcript)")
            // Made by someone else, outside the manifests.
            let other = try TempProject(files: ["m/b.yaml": """
                kind: content_block
                name: theirs
                content: y
                ---
                kind: email_template
                name: their_mail
                subject: s
                body: b
                ---
                kind: catalog
                name: old_catalog
                description: d
                fields: [{name: id, type: string}]
                """])
            defer { other.remove() }
            let made = try await braze.run(["apply", "--auto-approve"], project: other)
            try #require(made.status == 0, "\(made.transcript)")

            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.planLines.map { $0.trimmingCharacters(in: .whitespaces) } == ["- catalog.old_catalog"], "\(plan.transcript)")
            await braze.clearLog()
            let blocked = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(blocked.status == 6, "\(blocked.transcript)")
            #expect(await braze.writeCount() == 0)
            let allowed = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
            #expect(allowed.status == 0, "\(allowed.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["DELETE /catalogs/old_catalog"])
            let state = await braze.state()
            #expect(state.catalogs.isEmpty)
            #expect(state.contentBlocks.map(\.name).sorted() == ["mine", "theirs"])
            #expect(state.emailTemplates.map(\.name) == ["their_mail"])
            try await expectEmptyPlan(braze, project)
        }
    }

    @Test func membershipDriftIsRepaired() async throws {
        try await withBraze { braze in
            let project = try await appliedNewsletter(braze)
            defer { project.remove() }
            #expect(await braze.simulator.setUserSubscription(groupID: E2E.exampleGroupID, externalID: "qa-user-2", state: .unsubscribed))
            let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
            #expect(plan.status == 2, "\(plan.transcript)")
            #expect(plan.planLines.map { $0.trimmingCharacters(in: .whitespaces) } == ["~ subscription_group.newsletter"], "\(plan.transcript)")
            await braze.clearLog()
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["POST /subscription/status/set"])
            #expect(await braze.state().subscriptionGroups.first?.members["qa-user-2"] == .subscribed)
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: 8. failure mid-apply

    @Test func failureMidApplyReportsWhatLandedAndReRunConverges() async throws {
        try await withBraze { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            await braze.simulator.inject(Fault(method: "POST", path: "/templates/email/create", times: 1,
                                               action: .respond(status: 400, body: #"{"message":"simulated rejection of this template"}"#)))
            let apply = try await braze.run(["apply", "--auto-approve", "--parallelism", "1"], project: project)
            #expect(apply.status == 1, "\(apply.transcript)")
            #expect(apply.stdout.contains("Apply failed"), "\(apply.transcript)")
            #expect(apply.stdout.contains("Landed:"), "\(apply.transcript)")
            #expect(apply.stdout.contains("content_block.newsletter_header"), "\(apply.transcript)")
            #expect(apply.stdout.contains("Failed"), "\(apply.transcript)")
            #expect(apply.stdout.contains("simulated rejection of this template"), "\(apply.transcript)")
            #expect(apply.stdout.contains("Not attempted:"), "\(apply.transcript)")
            #expect(await braze.state().emailTemplates.count <= 1)

            await braze.simulator.clearFaults()
            let retry = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(retry.status == 0, "\(retry.transcript)")
            try await expectEmptyPlan(braze, project)
            let state = await braze.state()
            #expect(state.contentBlocks.map(\.name).sorted() == ["newsletter_footer", "newsletter_header"])
            #expect(state.emailTemplates.map(\.name).sorted() == ["weekly_digest", "welcome"])
            #expect(state.catalogs.map(\.name) == ["products"])
            #expect(state.preferenceCenters.map(\.name) == ["newsletter_preferences"])
        }
    }

    @Test func lostAnswerToACreateMakesNoDuplicate() async throws {
        try await withBraze { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            await braze.simulator.inject(.dropResponse(method: "POST", path: "/templates/email/create", times: 1))
            await braze.simulator.inject(.dropResponse(method: "POST", path: "/content_blocks/create", times: 1))
            let apply = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(apply.status == 0, "\(apply.transcript)")
            let state = await braze.state()
            #expect(state.contentBlocks.map(\.name).sorted() == ["newsletter_footer", "newsletter_header"])
            #expect(state.emailTemplates.map(\.name).sorted() == ["weekly_digest", "welcome"])
            try await expectEmptyPlan(braze, project)
        }
    }

    // MARK: SPEC 5: --format json

    @Test func planAsJSONFollowsTheSpec() async throws {
        try await withBraze { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            let plan = try await braze.run(["plan", "--format", "json"], project: project)
            #expect(plan.status == 0, "\(plan.transcript)")
            #expect(await braze.writeCount() == 0)
            // SPEC section 5.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            #expect(json["format_version"] as? Int == 1)
            #expect(json["workspace"] as? String == "sandbox")
            let changes = try #require(json["changes"] as? [[String: Any]])
            #expect(changes.count == 8)
            let items = try #require(changes.first { $0["kind"] as? String == "catalog_items" })
            #expect(items["action"] as? String == "create")
            #expect(items["name"] as? String == "products")
            #expect((items["items"] as? [String: Any])?["create"] as? Int == 4)
            let group = try #require(changes.first { $0["kind"] as? String == "subscription_group" })
            #expect(group["action"] as? String == "update")
            let summary = try #require(json["summary"] as? [String: Any])
            #expect(summary["create"] as? Int == 7 && summary["update"] as? Int == 1 && summary["delete"] as? Int == 0 && summary["replace"] as? Int == 0)
            // In the order they will be performed: blocks after the preference center the footer names.
            let order = changes.map { "\($0["kind"] ?? "").\($0["name"] ?? "")" }
            let center = try #require(order.firstIndex(of: "preference_center.newsletter_preferences"))
            let footer = try #require(order.firstIndex(of: "content_block.newsletter_footer"))
            let weekly = try #require(order.firstIndex(of: "email_template.weekly_digest"))
            #expect(center < footer && footer < weekly)
        }
    }

    // MARK: 10. no confirmation without a terminal

    @Test func applyWithoutAutoApproveAndWithoutTerminalRefuses() async throws {
        try await withBraze { braze in
            let project = try await newsletter(braze)
            defer { project.remove() }
            let apply = try await braze.run(["apply"], project: project)
            #expect(apply.status != 0, "\(apply.transcript)")
            #expect(apply.stderr.contains("--auto-approve"), "\(apply.transcript)")
            #expect(await braze.writeCount() == 0)
            #expect(await braze.state().contentBlocks.isEmpty)
        }
    }
}
