import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

let key = SimulatorConfiguration.defaultAPIKey

/// A simulator on a virtual clock with generous limits unless a test says otherwise.
func makeSimulator(
    clock: VirtualTimeSource = VirtualTimeSource(),
    configure: (inout SimulatorConfiguration) -> Void = { _ in }
) -> SimulatedWorkspace {
    var configuration = SimulatorConfiguration()
    // Unlimited unless the test is about limits (catalog management allows 5 a minute).
    configuration.rateLimits = [:]
    configure(&configuration)
    return SimulatedWorkspace(configuration: configuration, timeSource: clock)
}

extension SimulatedWorkspace {
    func call(_ method: String, _ target: String, _ json: JSONValue? = nil, apiKey: String? = key) async -> SimulatedResponse {
        await handle(SimulatedRequest(method: method, target: target, apiKey: apiKey, json: json))
    }

    /// Creates a content block and returns its id (fails the test otherwise).
    func createBlock(_ name: String, content: String = "Hello", state: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        var body: [String: JSONValue] = ["name": .string(name), "content": .string(content)]
        if let state { body["state"] = .string(state) }
        let response = await call("POST", "/content_blocks/create", .object(body))
        #expect(response.status == 201, "\(response.bodyText)", sourceLocation: sourceLocation)
        return response.json?["content_block_id"]?.stringValue ?? ""
    }

    func createCatalog(_ name: String, fields: [(String, String)] = [("id", "string"), ("Name", "string"), ("Rating", "number"), ("Open", "boolean"), ("Created_At", "time")], sourceLocation: SourceLocation = #_sourceLocation) async {
        let response = await call("POST", "/catalogs", ["catalogs": [[
            "name": .string(name), "description": "test",
            "fields": .array(fields.map { ["name": .string($0.0), "type": .string($0.1)] }),
        ]]])
        #expect(response.status == 201, "\(response.bodyText)", sourceLocation: sourceLocation)
    }
}

extension SimulatedResponse {
    /// The message strings of a `{"message", "errors": [String]}` body.
    var errorMessages: [String] {
        json?["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The ids of a catalog-style `{"errors": [{"id": ...}]}` body.
    var errorIDs: [String] {
        json?["errors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    var message: String? { json?["message"]?.stringValue }
}

/// One request body and the error it must produce (a message or an error id).
struct BodyCase: Sendable, CustomTestStringConvertible {
    let body: JSONValue
    let expected: String

    init(_ body: JSONValue, _ expected: String) {
        self.body = body
        self.expected = expected
    }

    var testDescription: String { "\(expected) \(body.serialized().prefix(120))" }
}
