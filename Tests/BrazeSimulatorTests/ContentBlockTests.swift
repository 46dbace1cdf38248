import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Content blocks")
struct ContentBlockTests {
    @Test func createAnswersDocumentedShapeAndInfoHidesState() async throws {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock)
        await sim.addTag("marketing")
        let created = await sim.call("POST", "/content_blocks/create", [
            "name": "footer", "description": "Standard footer", "content": "<p>Bye</p>", "state": "draft", "tags": ["marketing"],
        ])
        #expect(created.status == 201)
        let id = try #require(created.json?["content_block_id"]?.stringValue)
        #expect(created.json?["liquid_tag"] == "{{content_blocks.${footer}}}")
        #expect(created.json?["created_at"] == "2026-01-01T00:00:00.000+00:00")
        #expect(created.message == "success")

        let info = await sim.call("GET", "/content_blocks/info?content_block_id=\(id)")
        #expect(info.status == 200)
        let json = try #require(info.json)
        #expect(json["name"] == "footer")
        #expect(json["content"] == "<p>Bye</p>")
        #expect(json["description"] == "Standard footer")
        #expect(json["content_type"] == "html")
        #expect(json["tags"] == ["marketing"])
        #expect(json["state"] == nil, "state is write-only")
    }

    @Test func unknownInfoIdAnswersDocumentedMessage() async {
        let sim = makeSimulator()
        let response = await sim.call("GET", "/content_blocks/info?content_block_id=nope")
        #expect(response.status == 404)
        #expect(response.message == "Content Block ID is invalid for this App Group")
        let blank = await sim.call("GET", "/content_blocks/info")
        #expect(blank.status == 400)
        #expect(blank.message == "Content Block ID cannot be blank")
    }

    @Test(arguments: [BodyCase](arrayLiteral:

        BodyCase(["content": "x"], "Content Block name cannot be blank"),
        BodyCase(["name": .string(String(repeating: "a", count: 100)), "content": "x"], "Content Block name must be shorter than 100 characters"),
        BodyCase(["name": "bad name!", "content": "x"], "Content Block name can only contain alphanumeric characters"),
        BodyCase(["name": "ok"], "Content cannot be blank"),
        BodyCase(["name": "ok", "content": ""], "Content cannot be blank"),
        BodyCase(["name": "ok", "content": 5], "Content must be a string"),
        BodyCase(["name": "ok", "content": .string(String(repeating: "a", count: 51_200))], "Content must be smaller than 50kb"),
        BodyCase(["name": "ok", "content": "{{ unclosed"], "Content contains malformed liquid"),
        BodyCase(["name": "ok", "content": "x", "description": .string(String(repeating: "d", count: 250))], "Content Block description must be shorter than 250 characters"),
        BodyCase(["name": "ok", "content": "x", "description": 3], "Content Block description must be a string"),
        BodyCase(["name": "ok", "content": "x", "state": "archived"], "Content Block state must be either active or draft"),
        BodyCase(["name": "ok", "content": "x", "tags": "marketing"], "Tags must be an array"),
        BodyCase(["name": "ok", "content": "x", "tags": [1]], "All tags must be strings"),
        BodyCase(["name": "ok", "content": "x", "tags": ["unknown"]], "Some tags could not be found")
    ))
    func createRefusesInvalidFields(testCase: BodyCase) async {
        let sim = makeSimulator()
        let response = await sim.call("POST", "/content_blocks/create", testCase.body)
        #expect(response.status == 400)
        #expect(response.errorMessages.contains(testCase.expected), "\(response.bodyText)")
        #expect(await sim.snapshot().contentBlocks.isEmpty)
    }

    @Test func contentSizeLimitIsInUTF8Bytes() async {
        let sim = makeSimulator()
        // 25,600 two-byte characters = 51,200 bytes: too big, though only 25,600 characters.
        let tooBig = await sim.call("POST", "/content_blocks/create", ["name": "big", "content": .string(String(repeating: "é", count: 25_600))])
        #expect(tooBig.errorMessages == ["Content must be smaller than 50kb"])
        let fits = await sim.call("POST", "/content_blocks/create", ["name": "big", "content": .string(String(repeating: "a", count: 51_199))])
        #expect(fits.status == 201)
    }

    @Test func namesAreUniqueAndNeverReusable() async {
        let sim = makeSimulator()
        let id = await sim.createBlock("draft_one", state: "draft")
        let duplicate = await sim.call("POST", "/content_blocks/create", ["name": "draft_one", "content": "x"])
        #expect(duplicate.status == 400)
        #expect(duplicate.message == "Content Block with this name already exists")
        // Rename the draft: the old name stays taken.
        let renamed = await sim.call("POST", "/content_blocks/update", [
            "content_block_id": .string(id), "name": "draft_two", "content": "x", "state": "draft",
        ])
        #expect(renamed.status == 201)
        let reuse = await sim.call("POST", "/content_blocks/create", ["name": "draft_one", "content": "x"])
        #expect(reuse.message == "Content Block with this name already exists")
    }

    @Test func activeBlockCannotBeRenamedNorDrafted() async {
        let sim = makeSimulator()
        let id = await sim.createBlock("header")
        let rename = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "header2", "content": "x"])
        #expect(rename.status == 400)
        #expect(rename.message == "Content Block name cannot be updated for active Content Blocks")
        let draft = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "header", "content": "x", "state": "draft"])
        #expect(draft.status == 400)
        #expect(draft.message == "Active Content Block can not be updated to Draft. Create a new Content Block.")
        let ok = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "header", "content": "new", "tags": []])
        #expect((200..<300).contains(ok.status))
        let info = await sim.call("GET", "/content_blocks/info?content_block_id=\(id)")
        #expect(info.json?["content"] == "new")
    }

    @Test func updateReplacesTagsAndKeepsThemWhenAbsent() async {
        let sim = makeSimulator()
        await sim.addTag("a")
        await sim.addTag("b")
        let created = await sim.call("POST", "/content_blocks/create", ["name": "t", "content": "x", "tags": ["a", "b"]])
        let id = created.json?["content_block_id"]?.stringValue ?? ""
        _ = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "t", "content": "y"])
        #expect(await sim.call("GET", "/content_blocks/info?content_block_id=\(id)").json?["tags"] == ["a", "b"])
        _ = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "t", "content": "y", "tags": []])
        #expect(await sim.call("GET", "/content_blocks/info?content_block_id=\(id)").json?["tags"] == [])
    }

    @Test func selfReferenceIsRefused() async {
        let sim = makeSimulator()
        let create = await sim.call("POST", "/content_blocks/create", ["name": "loop", "content": "a {{content_blocks.${loop}}} b"])
        #expect(create.status == 400)
        #expect(create.message == "Content Block cannot be referenced within itself")
        let id = await sim.createBlock("later")
        let update = await sim.call("POST", "/content_blocks/update", [
            "content_block_id": .string(id), "name": "later", "content": "{{ content_blocks.${later} | id: 'cb1' }}",
        ])
        #expect(update.message == "Content Block cannot be referenced within itself")
    }

    @Test func includingMissingBlockFailsWithOpaque500UntilItExists() async {
        let sim = makeSimulator()
        let early = await sim.call("POST", "/content_blocks/create", ["name": "page", "content": "{{content_blocks.${footer}}}"])
        #expect(early.status == 500)
        #expect(await sim.snapshot().contentBlocks.isEmpty)
        _ = await sim.createBlock("footer")
        let late = await sim.call("POST", "/content_blocks/create", ["name": "page", "content": "{{ content_blocks.${footer} | id: 'cb3' }}"])
        #expect(late.status == 201)
    }

    @Test func dragAndDropBlocksAreListedButNotUpdatable() async {
        let sim = makeSimulator()
        let id = await sim.addDragAndDropContentBlock(name: "dnd", content: "<table></table>")
        let list = await sim.call("GET", "/content_blocks/list")
        #expect(list.json?["content_blocks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["dnd"])
        let update = await sim.call("POST", "/content_blocks/update", ["content_block_id": .string(id), "name": "dnd", "content": "x"])
        #expect(update.status == 400)
        #expect(update.message == "DND Content blocks are not allowed to be updated from the API.")
    }

    @Test func listPagesWithLimitAndOffsetBeyondAThousand() async {
        let sim = makeSimulator()
        for i in 0..<1_203 {
            await sim.restoreBlock(name: String(format: "b%04d", i))
        }
        var names: [String] = []
        var offset: Int? = nil
        while true {
            let target = "/content_blocks/list?limit=1000" + (offset.map { "&offset=\($0)" } ?? "")
            let page = await sim.call("GET", target)
            #expect(page.status == 200)
            let batch = page.json?["content_blocks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(page.json?["count"]?.numberValue == Double(batch.count))
            names += batch
            if batch.count < 1000 { break }
            offset = (offset ?? 0) + batch.count
        }
        #expect(names.count == 1_203)
        #expect(Set(names).count == 1_203)
        #expect(names.first == "b0000" && names.last == "b1202")
        let defaultPage = await sim.call("GET", "/content_blocks/list")
        #expect(defaultPage.json?["content_blocks"]?.arrayValue?.count == 100)
    }

    @Test(arguments: [
        ("offset=0", "Offset must be greater than 0"),
        ("offset=abc", "Offset is invalid"),
        ("limit=0", "Content Block number limit must be greater than 0"),
        ("limit=1001", "Content Block number limit exceeds maximum of 1000"),
        ("limit=x", "Content Block number limit is invalid"),
        ("modified_after=yesterday", "Modified after time is invalid"),
        ("modified_before=2020-13-01", "Modified before time is invalid"),
        ("modified_after=2020-02-01T00:00:00&modified_before=2020-01-01T00:00:00", "Modified after time must be earlier than or the same as modified before time."),
    ])
    func listRefusesBadPaging(query: String, message: String) async {
        let sim = makeSimulator()
        let response = await sim.call("GET", "/content_blocks/list?\(query)")
        #expect(response.status == 400)
        #expect(response.message == message)
    }

    @Test func listFiltersByModificationTime() async {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock)
        _ = await sim.createBlock("old")
        clock.advance(by: 3600)
        _ = await sim.createBlock("new")
        let after = await sim.call("GET", "/content_blocks/list?modified_after=2026-01-01T00:30:00.000000")
        #expect(after.json?["content_blocks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["new"])
        let before = await sim.call("GET", "/content_blocks/list?modified_before=2026-01-01T00:30:00%2B00:00")
        #expect(before.json?["content_blocks"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["old"])
    }
}

extension SimulatedWorkspace {
    /// Adds a block without going through the API (fast fixture for paging tests).
    func restoreBlock(name: String) {
        let id = nextContentBlockID()
        let now = timeSource.now()
        state.contentBlocks.append(ContentBlockRecord(
            id: id, name: name, description: nil, content: "x", state: "active", tags: [],
            createdAt: now, lastEdited: now, isDragAndDrop: false, isArchived: false))
        state.usedContentBlockNames.append(name)
    }
}

@Suite("Dashboard actions and variants")
struct DashboardTests {
    @Test func archivedBlockDisappearsButKeepsItsName() async {
        let sim = makeSimulator()
        let id = await sim.createBlock("old_footer")
        #expect(await sim.archiveContentBlock(id: id))
        #expect(await sim.call("GET", "/content_blocks/list").json?["count"] == 0)
        #expect(await sim.call("GET", "/content_blocks/info?content_block_id=\(id)").status == 404)
        let reuse = await sim.call("POST", "/content_blocks/create", ["name": "old_footer", "content": "x"])
        #expect(reuse.message == "Content Block with this name already exists")
        let template = await sim.call("POST", "/templates/email/create", ["template_name": "t", "subject": "s", "body": "{{content_blocks.${old_footer}}}"])
        #expect(template.message == "Email must have valid Content Block names")
    }

    @Test func unknownInfoMayAnswer200WithOnlyAMessage() async {
        let sim = makeSimulator { $0.unknownInfoStatus = 200 }
        let block = await sim.call("GET", "/content_blocks/info?content_block_id=nope")
        #expect(block.status == 200)
        #expect(block.json?["content_block_id"] == nil)
        #expect(block.message == "Content Block ID is invalid for this App Group")
        let template = await sim.call("GET", "/templates/email/info?email_template_id=nope")
        #expect(template.status == 200)
        #expect(template.json?["email_template_id"] == nil)
    }

    @Test func draftBlocksCanBeIncludedAndInclusionsAreCounted() async throws {
        let sim = makeSimulator()
        _ = await sim.createBlock("draft_part", state: "draft")
        _ = await sim.createBlock("page", content: "{{content_blocks.${draft_part}}}")
        _ = await sim.call("POST", "/templates/email/create", ["template_name": "t", "subject": "{{content_blocks.${draft_part}}}", "body": "{{content_blocks.${draft_part}}}"])
        let list = try #require(await sim.call("GET", "/content_blocks/list").json?["content_blocks"]?.arrayValue)
        #expect(list.first { $0["name"] == "draft_part" }?["inclusion_count"] == 2)
        #expect(list.first { $0["name"] == "page" }?["inclusion_count"] == 0)
    }

    @Test func resetEmptiesEverything() async {
        let sim = makeSimulator()
        await sim.addTag("t")
        _ = await sim.createBlock("a")
        await sim.inject(.serverError())
        await sim.reset()
        #expect(await sim.snapshot() == SimulatedWorkspaceState())
        #expect(await sim.requestLog().isEmpty)
        #expect(await sim.activeFaults().isEmpty)
    }
}
