import Foundation
import Testing
@testable import Manifest

@Suite struct ProjectLoaderTests {
    @Test func decodesEveryKindWithDefaults() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/all.yaml": """
            kind: content_block
            name: footer
            content: {file: footer.html}
            ---
            kind: email_template
            name: welcome
            subject: Hi
            body: "{{content_blocks.${footer}}}"
            should_inline_css: false
            tags: [a]
            ---
            kind: catalog
            name: products
            description: Products
            fields: [{name: id, type: string}, {name: Price, type: number}]
            ---
            kind: preference_center
            name: prefs
            page_html: "<a>{{preference_center_submit_url}}</a>"
            confirmation_page_html: ok
            ---
            kind: subscription_group
            name: news
            id: ((var.group))
            channel: email
            """,
            "m/footer.html": "<footer>\r\n© Example\r\n</footer>\n",
        ])
        let result = p.load()
        #expect(result.lines == [])
        let project = try #require(result.project)
        #expect(project.workspace.name == "sandbox")
        #expect(project.resources.map(\.address.description) == ["content_block.footer", "email_template.welcome", "catalog.products", "preference_center.prefs", "subscription_group.news"])
        guard case .contentBlock(let block) = project.resources[0].body else { Issue.record("not a block"); return }
        #expect(block.content.text == "<footer>\r\n© Example\r\n</footer>\n", "included text is byte for byte, CRLF and final newline kept")
        #expect(block.state == .active)
        #expect(block.tags == nil)
        guard case .emailTemplate(let template) = project.resources[1].body else { return }
        #expect(template.shouldInlineCSS == false)
        #expect(template.tags == ["a"])
        guard case .catalog(let catalog) = project.resources[2].body else { return }
        #expect(catalog.items == nil, "absent items are not managed")
        #expect(catalog.fields.map(\.type) == [.string, .number])
        guard case .subscriptionGroup(let group) = project.resources[4].body else { return }
        #expect(group.id.text == "6e2d1f0a-0000-4000-8000-000000000001")
        #expect(project.graph.dependencies(of: ResourceAddress(.emailTemplate, "welcome")) == [ResourceAddress(.contentBlock, "footer")])
    }

    /// A manifest that does not parse says only that: the catalog it declares is unknown, so a
    /// reference to it elsewhere is not "declared by no manifest" (the cascade issue 11 saw).
    @Test func aFileThatDoesNotParseGivesOneErrorAndNoFollowUpWarnings() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/menu.yaml": "kind: catalog\nname: menu\ndescription: Menu\nfields:\n\t- {name: id, type: string}\n",
            "m/promo.yaml": "kind: email_template\nname: promo\nsubject: Hi\nbody: \"{% catalog_items menu d1 %}{{ items[0].id }}\"\n",
        ])
        let messages = p.load().diagnostics.all.map(\.description)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("m/menu.yaml:5:1: error: a tab character: YAML indents with spaces only") == true, "\(messages)")
        // Fixed, the reference resolves; with the catalog really missing, the warning is back.
        try p.write("m/menu.yaml", "kind: catalog\nname: lunch\ndescription: Menu\nfields:\n  - {name: id, type: string}\n")
        #expect(p.load().diagnostics.all.contains { $0.message.contains("which no manifest declares") })
    }

    /// A YAML items file next to its catalog's manifest is an items file, not a manifest that
    /// declares nothing; a stray list that no catalog names is still an error; a syntax error in
    /// the items file is reported once.
    @Test func aYAMLItemsFileInsideTheManifestsFolderIsNotAManifest() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/menu.yaml": "kind: catalog\nname: menu\ndescription: Menu\nfields:\n  - {name: id, type: string}\n  - {name: Dish, type: string}\nitems: {file: menu.items.yaml}\n",
            "m/menu.items.yaml": "- {id: d1, Dish: Soup}\n- {id: d2, Dish: Salad}\n",
        ])
        let loaded = p.load()
        #expect(loaded.diagnostics.all.isEmpty, "\(loaded.diagnostics.all)")
        guard case .catalog(let menu)? = loaded.project?.resources.first?.body else { Issue.record("no catalog"); return }
        #expect(menu.items?.count == 2)

        try p.write("m/stray.yaml", "- {id: d1}\n")
        #expect(p.load().diagnostics.all.map(\.description) == ["m/stray.yaml:1:1: error: this document is a list, not a mapping, so it declares no resource; each resource is one YAML document (a mapping with 'kind'), separated by ---"])
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("m/stray.yaml"))

        try p.write("m/menu.items.yaml", "- {id: d1, Dish: Soup}\n- {id: d2, Dish: \"Salad}\n")
        let broken = p.load().diagnostics.all.map(\.description)
        #expect(broken.count == 1, "\(broken)")
        #expect(broken.first?.hasPrefix("m/menu.items.yaml:") == true, "\(broken)")
    }

    /// A name holding a right-to-left override is refused, and the message shows the override
    /// as `\u{202E}` instead of letting it turn the rest of the line around.
    @Test func bidirectionalOverridesInANameAreShownNotObeyed() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": "kind: content_block\nname: \"promo\\u202Egnp.exe\"\ncontent: hi\n",
        ])
        let messages = p.load().diagnostics.all.map(\.printableMessage)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("promo\\u{202E}gnp.exe") == true, "\(messages)")
        #expect(messages.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x202E } })
    }

    @Test func interpolationFollowsTheSelectedWorkspaceAndLeavesLiquidAlone() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": "kind: content_block\nname: img\ncontent: \"<img src='((var.cdn))/a.png'> {{${first_name}}} ((other.thing)) {{content_blocks.${x} | id: 'cb1'}} (( var.cdn ))\"\n",
        ])
        let sandbox = try #require(p.load().project)
        let production = try #require(p.load(workspace: "production").project)
        guard case .contentBlock(let s) = sandbox.resources[0].body, case .contentBlock(let prod) = production.resources[0].body else {
            Issue.record("not a block"); return
        }
        #expect(s.content.text == "<img src='https://cdn.sandbox.example.com/a.png'> {{${first_name}}} ((other.thing)) {{content_blocks.${x} | id: 'cb1'}} https://cdn.sandbox.example.com")
        #expect(prod.content.text.hasPrefix("<img src='https://cdn.example.com/a.png'>"))
    }

    @Test func validateWithoutAWorkspaceChecksEveryWorkspace() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": """
            version: 1
            manifests: [m]
            default_workspace: sandbox
            workspaces:
              sandbox: {sandbox: true, vars: {cdn: x}}
              production: {instance: US-01, vars: {}}
            """,
            "m/a.yaml": "kind: content_block\nname: img\ncontent: \"((var.cdn))\"\n",
        ])
        #expect(p.load().lines == [], "the sandbox alone is fine")
        #expect(p.load(all: true).lines == ["m/a.yaml:3:10: error: unknown variable 'cdn' in 'content' for workspace 'production'; add it under workspaces.production.vars (it declares no vars)"])
    }

    @Test func contentOverFiftyKilobytesAfterInterpolationIsAnError() throws {
        let body = String(repeating: "a", count: 51_180) + "((var.cdn))"
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": "kind: content_block\nname: big\ncontent: {file: big.html}\n",
            "m/big.html": body,
        ])
        let lines = p.load().lines
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("m/a.yaml:3:10: error: content of content block 'big' is 51,211 bytes after interpolation for workspace 'sandbox'") == true)
        try p.write("m/big.html", String(repeating: "a", count: 51_199))
        #expect(p.load().lines == [], "51,199 bytes is under the limit")
    }

    @Test func includesCannotEscapeThroughSymbolicLinks() throws {
        let outside = try TestProject(files: ["secret.txt": "secret"])
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": "kind: content_block\nname: leak\ncontent: {file: link.txt}\n",
        ])
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("m/link.txt").path, withDestinationPath: outside.root.appendingPathComponent("secret.txt").path)
        #expect(p.load().lines == ["m/a.yaml:3:17: error: 'content': 'link.txt' leads through a symbolic link outside the project folder; included files must stay inside the folder holding brazeform.yaml"])
    }

    @Test func symbolicLinksInsideTheProjectAreFine() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": "kind: content_block\nname: ok\ncontent: {file: link.html}\n",
            "shared/real.html": "shared",
        ])
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("m/link.html").path, withDestinationPath: p.root.appendingPathComponent("shared/real.html").path)
        #expect(p.load().lines == [])
    }

    @Test func findsTheProjectInAParentFolderAndReportsAMissingOne() throws {
        let p = try TestProject(files: ["brazeform.yaml": TestProject.standardProjectFile, "m/a.yaml": "kind: content_block\nname: a\ncontent: x\n"])
        let missing = ProjectLoader(directory: p.root.appendingPathComponent("m").path).load()
        #expect(missing.project == nil)
        #expect(missing.lines.first?.contains("run `brazeform init`") == true)
        let located = ProjectConfigurationLoader.locate(directory: nil)
        #expect(located == nil || located?.hasSuffix("brazeform.yaml") == true)
    }

    @Test func manifestGlobsAndTheDefaultFolder() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": "version: 1\nmanifests: ['braze/**/*.yml', extra.yaml]\nworkspaces: {s: {sandbox: true}}\n",
            "braze/a/one.yml": "kind: content_block\nname: one\ncontent: x\n",
            "braze/two.yml": "kind: content_block\nname: two\ncontent: x\n",
            "braze/ignored.yaml": "kind: content_block\nname: ignored\ncontent: x\n",
            "extra.yaml": "kind: content_block\nname: extra\ncontent: x\n",
        ])
        let project = try #require(p.load().project)
        #expect(Set(project.resources.map(\.name)) == ["one", "two", "extra"])

        let q = try TestProject(files: [
            "brazeform.yaml": "version: 1\nworkspaces: {s: {sandbox: true}}\n",
            "x.yaml": "kind: content_block\nname: x\ncontent: x\n",
            ".brazeform/sandbox/s.json.yaml": "kind: content_block\nname: hidden\ncontent: x\n",
        ])
        #expect(try #require(q.load().project).resources.map(\.name) == ["x"], "default: the project folder, hidden folders skipped, brazeform.yaml not a manifest")
    }

    @Test func unknownWorkspaceIsAnErrorWithSuggestion() throws {
        let p = try TestProject(files: ["brazeform.yaml": TestProject.standardProjectFile, "m/a.yaml": "kind: content_block\nname: a\ncontent: x\n"])
        #expect(p.load(workspace: "prod").lines == ["error: no workspace named 'prod' in brazeform.yaml (did you mean 'production'?); workspaces: sandbox, production"])
    }

    @Test func topologicalOrderPutsIncludedBlocksFirst() throws {
        let p = try TestProject(files: [
            "brazeform.yaml": TestProject.standardProjectFile,
            "m/a.yaml": """
            kind: email_template
            name: a_template
            subject: s
            body: "{{content_blocks.${z_outer}}} {% catalog_items products x %}"
            ---
            kind: content_block
            name: z_outer
            content: "{{content_blocks.${m_inner}}}"
            ---
            kind: content_block
            name: m_inner
            content: inner
            ---
            kind: catalog
            name: products
            description: d
            fields: [{name: id, type: string}]
            ---
            kind: preference_center
            name: prefs
            page_html: "{% form_field_name :subscription_group ((subscription_group.news.id)) %}"
            confirmation_page_html: ok
            ---
            kind: subscription_group
            name: news
            id: ((var.group))
            channel: email
            """,
        ])
        let project = try #require(p.load().project)
        let order = project.graph.topologicalOrder().map(\.description)
        // Layer by layer: what depends on nothing, then what depends only on those, ...; within a layer by kind, then name.
        #expect(order == ["subscription_group.news", "catalog.products", "content_block.m_inner", "content_block.z_outer", "preference_center.prefs", "email_template.a_template"])
        #expect(project.graph.dependencies(of: ResourceAddress(.preferenceCenter, "prefs")) == [ResourceAddress(.subscriptionGroup, "news")])
    }
}

@Suite struct IncludeBytesTests {
    @Test func aLeadingByteOrderMarkIsKept() throws {
        let p = try TestProject(files: ["brazeform.yaml": TestProject.standardProjectFile, "m/a.yaml": "kind: content_block\nname: bom\ncontent: {file: bom.html}\n"])
        try p.write("m/bom.html", Data([0xEF, 0xBB, 0xBF] + Array("<p>x</p>\r\n".utf8)))
        let project = try #require(p.load().project)
        guard case .contentBlock(let block) = project.resources[0].body else { Issue.record("not a block"); return }
        #expect(Array(block.content.text.utf8) == [0xEF, 0xBB, 0xBF] + Array("<p>x</p>\r\n".utf8))
    }
}
