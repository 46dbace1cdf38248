import BrazeCore
import BrazeAPI
import Foundation
import Testing
import VirtualTime

/// Issue 12, findings 10 and 11: a server that echoes the key in other forms, and a
/// call given up on after nothing but 429s.
@Suite struct HostileServerTests {
    static let base64 = Data(testSecret.utf8).base64EncodedString()
    static let bearerBase64 = Data("Bearer \(testSecret)".utf8).base64EncodedString()

    @Test func theKeyIsRedactedInEveryFormAServerCouldEchoIt() async throws {
        let time = VirtualTimeSource()
        let forms = [
            testSecret,
            Self.base64,
            String(Self.base64.prefix { $0 != "=" }),
            Self.bearerBase64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"),
            String(testSecret.prefix(10)),
            String(testSecret.dropFirst(5).prefix(12)),
            String(Self.base64.prefix(12)),
        ]
        let fake = FakeTransport(time: time) { request in
            let echo = forms.joined(separator: " | ")
            return json(400, #"{"message": "bad: \#(echo)", "errors": [{"id": "x", "message": "\#(echo)"}]}"#)
        }
        let client = makeClient(fake, time: time, policy: testPolicy(maxAttempts: 1))
        var text = ""
        do { _ = try await client.listCatalogs() } catch { text = "\(error) \(String(reflecting: error))" }
        #expect(text.contains("[REDACTED]"), "\(text)")
        for form in forms {
            #expect(!text.contains(form), "leaked '\(form)' in: \(text)")
        }
    }

    @Test func ordinaryTextNextToTheKeyStays() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(400, #"{"message": "Email must have valid Content Block names"}"#) }
        let client = makeClient(fake, time: time, policy: testPolicy(maxAttempts: 1))
        var text = ""
        do { _ = try await client.listCatalogs() } catch { text = "\(error)" }
        #expect(text.contains("Email must have valid Content Block names"), "\(text)")
    }

    @Test func aCallGivenUpAfterOnly429sIsCertainlyNotApplied() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(429, #"{"message": "slow down"}"#, [("Retry-After", "1")]) }
        let client = makeClient(fake, time: time, policy: testPolicy(maxAttempts: 2))
        do {
            try await client.deleteCatalog(name: "c")
            Issue.record("expected a failure")
        } catch let error as BrazeAPIError {
            #expect(error.category == .gaveUp)
            #expect(error.certainlyNotApplied, "\(error)")
        }
    }

    @Test func aCallGivenUpAfterA5xxMayHaveLanded() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(503, #"{"message": "down"}"#) }
        let client = makeClient(fake, time: time, policy: testPolicy(maxAttempts: 2))
        do {
            try await client.deleteCatalog(name: "c")
            Issue.record("expected a failure")
        } catch let error as BrazeAPIError {
            #expect(!error.certainlyNotApplied, "\(error)")
        }
    }
}
