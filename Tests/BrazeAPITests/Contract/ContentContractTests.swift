import BrazeAPI
import BrazeSimulator
import Foundation
import Testing
import VirtualTime

@Suite("Contract: content blocks and email templates over loopback HTTP")
struct ContentContractTests {
    @Test("content blocks: list pages through more than 1,000 with limit/offset")
    func contentBlockList() async throws {
        try await withContract { c in
            let ids = await c.simulator.seedContentBlocks(1_234, prefix: "cb")
            await c.simulator.clearRequestLog()
            let listed = try await c.client.listContentBlocks()
            #expect(listed.count == 1_234)
            #expect(Set(listed.map(\.id)) == Set(ids))
            #expect(Set(listed.map(\.name)) == Set(await c.simulator.contentBlockNames()))
            let log = await c.simulator.loggedRequests().filter { $0.path == "/content_blocks/list" }
            #expect(log.map(\.query) == ["limit=1000", "limit=1000&offset=1000"])
            #expect(log.allSatisfy { $0.status == 200 })
            // A smaller page size walks the same entries.
            let small = try await c.client.listContentBlocks(pageSize: 500)
            #expect(small.map(\.id) == listed.map(\.id))
        }
    }

    @Test("content blocks: info, create, update, unknown id")
    func contentBlockCRUD() async throws {
        try await withContract { c in
            await c.simulator.addTag("promo")
            let created = try await c.client.createContentBlock(
                ContentBlockDraft(name: "welcome_banner", description: "first", content: "Hello {{${first_name}}}", state: .active, tags: ["promo"]))
            let stored = try #require(await c.simulator.contentBlock(named: "welcome_banner"))
            #expect(created.id == stored.id)
            #expect(stored.content == "Hello {{${first_name}}}")
            #expect(stored.description == "first")
            #expect(stored.tags == ["promo"])
            #expect(created.liquidTag == "{{content_blocks.${welcome_banner}}}")

            let info = try #require(try await c.client.contentBlockInfo(id: created.id))
            #expect(info.id == created.id)
            #expect(info.name == "welcome_banner")
            #expect(info.content == "Hello {{${first_name}}}")
            #expect(info.description == "first")
            #expect(info.tags == ["promo"])

            let updated = try await c.client.updateContentBlock(
                id: created.id, ContentBlockDraft(name: "welcome_banner", description: "second", content: "Hi", state: .active, tags: []))
            #expect(updated.id == created.id)
            let after = try #require(await c.simulator.contentBlock(named: "welcome_banner"))
            #expect(after.content == "Hi")
            #expect(after.description == "second")
            #expect(after.state == "active")
            #expect(after.tags == [])
            let answer9 = try await c.client.contentBlockInfo(id: created.id)
            #expect(answer9?.content == "Hi")

            // Unknown id: info is nil, update is refused (typed, not a crash or a retry).
            let answer10 = try await c.client.contentBlockInfo(id: "00000000-0000-4000-8000-00000000dead")
            #expect(answer10 == nil)
            let error = await apiError {
                _ = try await c.client.updateContentBlock(id: "00000000-0000-4000-8000-00000000dead", ContentBlockDraft(name: "x", content: "y"))
            }
            #expect(error?.isRejected == true)
            #expect(error?.category == .failed)
            // Braze refuses to turn an active block back into a draft: typed, not retried.
            let toDraft = await apiError {
                _ = try await c.client.updateContentBlock(id: created.id, ContentBlockDraft(name: "welcome_banner", content: "Hi", state: .draft))
            }
            #expect(toDraft?.isRejected == true)
            #expect(toDraft?.body?.summary.contains("can not be updated to Draft") == true)
            // A duplicate name is refused with Braze's message.
            let duplicate = await apiError { _ = try await c.client.createContentBlock(ContentBlockDraft(name: "welcome_banner", content: "z")) }
            #expect(duplicate?.isRejected == true)
            #expect(await c.simulator.contentBlockNames().filter { $0 == "welcome_banner" }.count == 1)
        }
    }

    @Test("email templates: list pages through more than 1,000 with limit/offset")
    func emailTemplateList() async throws {
        try await withContract { c in
            let ids = await c.simulator.seedEmailTemplates(1_050, prefix: "tpl")
            await c.simulator.clearRequestLog()
            let listed = try await c.client.listEmailTemplates()
            #expect(listed.count == 1_050)
            #expect(Set(listed.map(\.id)) == Set(ids))
            let log = await c.simulator.loggedRequests().filter { $0.path == "/templates/email/list" }
            #expect(log.map(\.query) == ["limit=1000", "limit=1000&offset=1000"])
            #expect(log.allSatisfy { $0.status == 200 })
        }
    }

    @Test("email templates: info, create, update, unknown id")
    func emailTemplateCRUD() async throws {
        try await withContract { c in
            await c.simulator.addTag("news")
            let id = try await c.client.createEmailTemplate(EmailTemplateDraft(
                name: "Weekly", subject: "This week", body: "<p>Hi</p>", plaintextBody: "Hi", preheader: "pre", tags: ["news"]))
            let stored = try #require(await c.simulator.emailTemplate(id: id))
            #expect(stored.name == "Weekly")
            #expect(stored.subject == "This week")
            #expect(stored.body == "<p>Hi</p>")
            #expect(stored.plaintext == "Hi")
            #expect(stored.preheader == "pre")
            #expect(stored.tags == ["news"])

            let info = try #require(try await c.client.emailTemplateInfo(id: id))
            #expect(info.id == id)
            #expect(info.name == "Weekly")
            #expect(info.subject == "This week")
            #expect(info.body == "<p>Hi</p>")
            #expect(info.tags == ["news"])

            try await c.client.updateEmailTemplate(id: id, EmailTemplateDraft(name: "Weekly 2", subject: "Next week", body: "<p>Bye</p>"))
            let after = try #require(await c.simulator.emailTemplate(id: id))
            #expect(after.name == "Weekly 2")
            #expect(after.subject == "Next week")
            #expect(after.body == "<p>Bye</p>")
            let answer11 = try await c.client.emailTemplateInfo(id: id)
            #expect(answer11?.name == "Weekly 2")

            let answer12 = try await c.client.emailTemplateInfo(id: "00000000-0000-4000-8000-00000000beef")
            #expect(answer12 == nil)
            let error = await apiError {
                try await c.client.updateEmailTemplate(id: "00000000-0000-4000-8000-00000000beef", EmailTemplateDraft(name: "n", subject: "s", body: "b"))
            }
            #expect(error?.isRejected == true)
            let badTag = await apiError { _ = try await c.client.createEmailTemplate(EmailTemplateDraft(name: "T", subject: "s", body: "b", tags: ["missing"])) }
            #expect(badTag?.body?.summary.contains("Some tags could not be found") == true)
        }
    }

    @Test("unknown ids answered 200 with only a message (the other shape Braze was seen using) are nil too")
    func unknownInfoAs200() async throws {
        try await withContract { c in
            await c.simulator.setUnknownInfoStatus(200)
            let block = try await c.client.contentBlockInfo(id: "00000000-0000-4000-8000-00000000dead")
            #expect(block == nil)
            let template = try await c.client.emailTemplateInfo(id: "00000000-0000-4000-8000-00000000beef")
            #expect(template == nil)
            #expect(await c.simulator.loggedRequests().map(\.status) == [200, 200])
        }
    }
}
