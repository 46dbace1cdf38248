import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Email templates")
struct EmailTemplateTests {
    @Test func createAnswers201AndInfoReturnsFields() async throws {
        let sim = makeSimulator()
        await sim.addTag("Tag1")
        let created = await sim.call("POST", "/templates/email/create", [
            "template_name": "welcome", "subject": "Hi", "body": "<p>Hello</p>", "plaintext_body": "Hello",
            "preheader": "Ready", "tags": ["Tag1"], "should_inline_css": true,
        ])
        #expect(created.status == 201)
        let id = try #require(created.json?["email_template_id"]?.stringValue)
        let info = await sim.call("GET", "/templates/email/info?email_template_id=\(id)")
        #expect(info.status == 200)
        let json = try #require(info.json)
        #expect(json["template_name"] == "welcome")
        #expect(json["subject"] == "Hi")
        #expect(json["body"] == "<p>Hello</p>")
        #expect(json["plaintext_body"] == "Hello")
        #expect(json["preheader"] == "Ready")
        #expect(json["should_inline_css"] == true)
        #expect(json["tags"] == ["Tag1"])
    }

    @Test func missingContentBlockIsRefusedUntilCreated() async {
        let sim = makeSimulator()
        let body: JSONValue = ["template_name": "w", "subject": "s", "body": "{{content_blocks.${footer}}}"]
        let early = await sim.call("POST", "/templates/email/create", body)
        #expect(early.status == 400)
        #expect(early.message == "Email must have valid Content Block names")
        #expect(await sim.snapshot().emailTemplates.isEmpty)
        _ = await sim.createBlock("footer")
        let late = await sim.call("POST", "/templates/email/create", body)
        #expect(late.status == 201)
        // Update must also refer to existing blocks only.
        let id = late.json?["email_template_id"]?.stringValue ?? ""
        let update = await sim.call("POST", "/templates/email/update", ["email_template_id": .string(id), "subject": "{{content_blocks.${nope}}}"])
        #expect(update.status == 400)
        #expect(update.message == "Email must have valid Content Block names")
    }

    @Test(arguments: [BodyCase](arrayLiteral:

        BodyCase(["subject": "s", "body": "b"], "Template name is required"),
        BodyCase(["template_name": "", "subject": "s", "body": "b"], "Template name is required"),
        BodyCase(["template_name": "t", "subject": "s", "body": "b", "tags": "x"], "Tags must be an array"),
        BodyCase(["template_name": "t", "subject": "s", "body": "b", "tags": [true]], "All tags must be strings"),
        BodyCase(["template_name": "t", "subject": "s", "body": "b", "tags": ["nope"]], "Some tags could not be found"),
        BodyCase(["template_name": "t", "subject": "s", "body": "b", "should_inline_css": "true"], "Invalid value for should_inline_css. One of true or false was expected")
    ))
    func createRefusesInvalidFields(testCase: BodyCase) async {
        let sim = makeSimulator()
        let response = await sim.call("POST", "/templates/email/create", testCase.body)
        #expect(response.status == 400)
        #expect(response.errorMessages.contains(testCase.expected), "\(response.bodyText)")
    }

    @Test func updateRenamesUnconditionallyAndKeepsOtherFields() async {
        let sim = makeSimulator()
        let created = await sim.call("POST", "/templates/email/create", ["template_name": "a", "subject": "s", "body": "b"])
        let id = created.json?["email_template_id"]?.stringValue ?? ""
        let update = await sim.call("POST", "/templates/email/update", ["email_template_id": .string(id), "template_name": "renamed"])
        #expect(update.status == 200)
        let info = await sim.call("GET", "/templates/email/info?email_template_id=\(id)")
        #expect(info.json?["template_name"] == "renamed")
        #expect(info.json?["subject"] == "s")
        let unknown = await sim.call("POST", "/templates/email/update", ["email_template_id": "zzz", "subject": "x"])
        #expect(unknown.status == 400)
    }

    @Test func duplicateNamesAreAllowedAsInBraze() async {
        let sim = makeSimulator()
        _ = await sim.call("POST", "/templates/email/create", ["template_name": "same", "subject": "s", "body": "b"])
        let second = await sim.call("POST", "/templates/email/create", ["template_name": "same", "subject": "s", "body": "b"])
        #expect(second.status == 201)
        let list = await sim.call("GET", "/templates/email/list")
        #expect(list.json?["templates"]?.arrayValue?.compactMap { $0["template_name"]?.stringValue } == ["same", "same"])
    }

    @Test func dragAndDropTemplatesAreInvisible() async {
        let sim = makeSimulator()
        let id = await sim.addDragAndDropEmailTemplate(name: "dnd")
        let list = await sim.call("GET", "/templates/email/list")
        #expect(list.json?["count"] == 0)
        let info = await sim.call("GET", "/templates/email/info?email_template_id=\(id)")
        #expect(info.status == 404)
    }

    @Test func listPagesOverMoreThanAThousandTemplates() async {
        let sim = makeSimulator()
        for i in 0..<1_050 {
            let r = await sim.call("POST", "/templates/email/create", ["template_name": .string("t\(i)"), "subject": "s", "body": "b"])
            if r.status != 201 { Issue.record("create \(i) answered \(r.status)"); return }
        }
        let first = await sim.call("GET", "/templates/email/list?limit=1000")
        let second = await sim.call("GET", "/templates/email/list?limit=1000&offset=1000")
        let names = (first.json?["templates"]?.arrayValue ?? []) + (second.json?["templates"]?.arrayValue ?? [])
        #expect(first.json?["count"] == 1000)
        #expect(second.json?["count"] == 50)
        #expect(Set(names.compactMap { $0["template_name"]?.stringValue }).count == 1_050)
        let zero = await sim.call("GET", "/templates/email/list?offset=0")
        #expect(zero.status == 400)
        #expect(zero.message == "Offset must be greater than 0")
    }
}
