import BrazeAPI
import Foundation
import Testing
import VirtualTime

@Suite("Errors")
struct ErrorTests {
    @Test func stringErrorsShape() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in
            json(400, #"{"message": "Invalid request", "errors": ["Content Block name cannot be blank", "Some tags could not be found"]}"#)
        }
        do {
            _ = try await makeClient(fake, time: time).createContentBlock(ContentBlockDraft(name: "", content: "x"))
            Issue.record("no error")
        } catch let error as BrazeAPIError {
            guard case .rejected(400, .post, "/content_blocks/create", let body) = error else { Issue.record("\(error)"); return }
            #expect(body.message == "Invalid request")
            #expect(body.errors.map(\.message) == ["Content Block name cannot be blank", "Some tags could not be found"])
            #expect(error.category == .failed)
            #expect(error.description == "Braze rejected POST /content_blocks/create (HTTP 400): Invalid request: Content Block name cannot be blank; Some tags could not be found")
        }
        #expect(fake.requests.count == 1)   // a 400 is not retried
    }

    @Test func objectErrorsShape() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in
            json(404, #"{"errors": [{"id": "catalog-not-found", "message": "Could not find catalog", "parameters": ["catalog_name"], "parameter_values": ["restaurants"]}], "message": "Invalid Request"}"#)
        }
        do {
            try await makeClient(fake, time: time).deleteCatalog(name: "restaurants")
            Issue.record("no error")
        } catch let error as BrazeAPIError {
            #expect(error.status == 404)
            #expect(error.errorIDs == ["catalog-not-found"])
            #expect(error.isNotFound)
            #expect(error.body?.errors.first?.parameterValues == ["restaurants"])
            #expect(error.description.contains("Could not find catalog (catalog_name=restaurants) [catalog-not-found]"))
        }
    }

    /// A field endpoint answered 405, or 404 without any of Braze's error ids, is a
    /// missing endpoint (an older API); a 404 naming `catalog-not-found` or
    /// `field-not-found` is a missing catalog or field, as before.
    @Test(arguments: [
        (405, #"{"message": "Method Not Allowed"}"#, true),
        (404, #"{"message": "Not Found"}"#, true),
        (404, "<html>Not Found</html>", true),
        (404, #"{"errors": [{"id": "catalog-not-found", "message": "Could not find catalog"}]}"#, false),
        (404, #"{"errors": [{"id": "field-not-found", "message": "Could not find field"}]}"#, false),
    ])
    func fieldEndpointsMissingOrThingsMissing(status: Int, body: String, missingEndpoint: Bool) async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(status, body) }
        let client = makeClient(fake, time: time)
        for call in [{ try await client.createCatalogFields(catalog: "menu", fields: [BrazeCatalogField(name: "Spicy", type: "boolean")]) },
                     { try await client.deleteCatalogField(catalog: "menu", field: "Price") }] {
            do {
                try await call()
                Issue.record("no error")
            } catch let error as BrazeAPIError {
                #expect(error.isEndpointUnavailable == missingEndpoint, "\(error)")
                #expect(error.isNotFound == !missingEndpoint, "\(error)")
                #expect(error.status == status)
                if missingEndpoint { #expect(error.description.contains("this workspace does not offer"), "\(error)") }
            }
        }
    }

    @Test func nonJSONErrorBodyStillReadable() {
        let body = BrazeErrorBody.decode(Data("<html>Bad Gateway</html>".utf8))
        #expect(body.message == "<html>Bad Gateway</html>")
        let mixed = BrazeErrorBody.decode(Data(#"{"errors": ["plain", {"id": "x-y", "message": "obj"}], "message": "m"}"#.utf8))
        #expect(mixed.errors.map(\.message) == ["plain", "obj"])
        #expect(mixed.ids == ["x-y"])
    }

    @Test("unknown content block: 404 and 200-without-block both mean nil",
          arguments: [json(404, #"{"message": "Not Found"}"#),
                      json(200, #"{"message": "Content Block ID is invalid for this App Group"}"#)])
    func unknownContentBlock(answer: TransportResponse) async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in answer }
        #expect(try await makeClient(fake, time: time).contentBlockInfo(id: "nope") == nil)
        #expect(fake.requests.count == 1)
    }

    @Test func knownContentBlockIsRead() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            #expect(request.queryValue("content_block_id") == "cb-1")
            return json(200, #"{"content_block_id": "cb-1", "name": "footer", "content": "<p>hi</p>", "description": "d", "content_type": "html", "tags": ["a"], "inclusion_count": "2", "message": "success", "brand_new_field": {"x": 1}}"#)
        }
        let block = try #require(try await makeClient(fake, time: time).contentBlockInfo(id: "cb-1"))
        #expect(block.name == "footer" && block.content == "<p>hi</p>" && block.inclusionCount == 2 && block.tags == ["a"])
    }

    @Test("unknown email template: 404 and 200-without-template both mean nil",
          arguments: [json(404, "{}"), json(200, #"{"message": "Template not found"}"#)])
    func unknownTemplate(answer: TransportResponse) async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in answer }
        #expect(try await makeClient(fake, time: time).emailTemplateInfo(id: "nope") == nil)
    }

    @Test func templateInfoLenient() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in
            json(200, #"{"email_template_id": "t1", "template_name": "welcome", "subject": "Hi", "body": "<b>x</b>", "should_inline_css": "true", "tags": "a, b"}"#)
        }
        let template = try #require(try await makeClient(fake, time: time).emailTemplateInfo(id: "t1"))
        #expect(template.shouldInlineCSS == true)
        #expect(template.tags == ["a", "b"])
        #expect(template.plaintextBody == nil)
    }

    @Test("401 and 403 are authentication errors (exit 4), not retried", arguments: [401, 403])
    func authentication(status: Int) async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(status, #"{"message": "Invalid API key"}"#) }
        do {
            _ = try await makeClient(fake, time: time).listCatalogs()
            Issue.record("no error")
        } catch let error as BrazeAPIError {
            guard case .authentication(status, .get, "/catalogs", _) = error else { Issue.record("\(error)"); return }
            #expect(error.category == .authentication)
            #expect(error.category == .authentication)
            #expect(error.description.contains("Invalid API key"))
        }
        #expect(fake.requests.count == 1)
    }

    @Test func keyNeverInErrorsLogsOrEvents() async throws {
        let time = VirtualTimeSource()
        let logs = LogStore()
        let events = EventStore()
        // Every answer echoes the Authorization header it got, the worst a server could do.
        let fake = FakeTransport(time: time) { request in
            let echoed = request.headers["Authorization"] ?? ""
            switch request.url.path {
            case "/catalogs":
                return json(401, #"{"message": "bad key \#(echoed)", "errors": ["\#(echoed)"]}"#)
            case "/content_blocks/list":
                return json(400, #"{"message": "Invalid", "errors": [{"id": "\#(echoed)", "message": "\#(echoed)", "parameters": ["k"], "parameter_values": ["\#(echoed)"]}]}"#,
                            [("X-RateLimit-Remaining", "10")])
            case "/templates/email/list":
                throw TransportError(.notSent, "connection refused while sending \(echoed)")
            default:
                return json(503, #"{"message": "down \#(echoed)"}"#)
            }
        }
        let client = makeClient(fake, time: time, policy: testPolicy(maxAttempts: 2), logs: logs, events: events)
        var texts: [String] = []
        for operation in [
            { _ = try await client.listCatalogs() },
            { _ = try await client.listContentBlocks() },
            { _ = try await client.listEmailTemplates() },
            { _ = try await client.listPreferenceCenters() },
        ] as [@Sendable () async throws -> Void] {
            do { try await operation() } catch {
                texts += [String(describing: error), "\(error)", error.localizedDescription, String(reflecting: error)]
            }
        }
        #expect(texts.count == 16)
        texts += logs.all + events.all.map { String(describing: $0) }
        for text in texts {
            #expect(!text.contains(testSecret), "key leaked: \(text)")
        }
        #expect(texts.contains { $0.contains("[REDACTED]") })
        // The verbose log names method, path, status and rate-limit headers.
        #expect(logs.all.contains { $0.contains("GET /content_blocks/list -> 400") && $0.contains("x-ratelimit-remaining=10") })
        #expect(logs.all.contains { $0.contains("authorization=Bearer [REDACTED]") })
        #expect(logs.all.contains { $0.contains("sending GET /catalogs") && $0.contains("Authorization: Bearer [REDACTED]") })
    }
}
