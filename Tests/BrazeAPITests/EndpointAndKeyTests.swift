import BrazeCore
import BrazeAPI
import Foundation
import Testing
import VirtualTime

@Suite("Endpoints")
struct EndpointTests {
    @Test("instance names map to the seed's REST hosts, in any case",
          arguments: [("US-01", "https://rest.iad-01.braze.com"), ("us-03", "https://rest.iad-03.braze.com"),
                      ("Us-08", "https://rest.iad-08.braze.com"), ("EU-01", "https://rest.fra-01.braze.eu"),
                      ("eu-02", "https://rest.fra-02.braze.eu")])
    func instances(name: String, url: String) throws {
        let endpoint = try BrazeEndpoint(instance: name)
        #expect(endpoint.baseURL.absoluteString == url)
        #expect(endpoint.instance == name.uppercased())
    }

    @Test func unknownInstanceNamesTheKnownOnes() {
        #expect {
            try BrazeEndpoint(instance: "US-99")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("US-99") && text.contains("US-01") && text.contains("EU-02")
        }
    }

    @Test("https anywhere and http to loopback are accepted",
          arguments: ["https://rest.fra-01.braze.eu", "https://proxy.example.com:8443/braze/", "http://127.0.0.1:9292",
                      "http://127.45.6.7", "http://localhost:8080", "HTTP://LOCALHOST", "http://[::1]:9000"])
    func accepted(url: String) throws {
        let endpoint = try BrazeEndpoint(url: url)
        #expect(!endpoint.baseURL.absoluteString.hasSuffix("/"))
    }

    @Test("plain http elsewhere, other schemes and credentials are refused",
          arguments: ["http://rest.iad-01.braze.com", "http://10.0.0.1:9292", "http://128.0.0.1", "http://127.0.0.1.nip.io",
                      "http://localhost.example.com", "ftp://127.0.0.1", "rest.iad-01.braze.com", "https://user:pw@rest.iad-01.braze.com",
                      "https://rest.iad-01.braze.com/?x=1"])
    func refused(url: String) {
        #expect(throws: BrazeConfigurationError.self) { try BrazeEndpoint(url: url) }
    }

    @Test func plainHTTPErrorSaysWhy() {
        do {
            _ = try BrazeEndpoint(url: "http://rest.iad-01.braze.com")
            Issue.record("accepted plain http")
        } catch {
            #expect(error.description.contains("loopback"))
            guard case .invalidEndpoint = error else { Issue.record("expected invalidEndpoint, got \(error)"); return }
        }
    }

    @Test func parseTakesEitherForm() throws {
        #expect(try BrazeEndpoint.parse("eu-01").baseURL.host == "rest.fra-01.braze.eu")
        #expect(try BrazeEndpoint.parse("http://127.0.0.1:1234").baseURL.port == 1234)
    }
}

@Suite("API key")
struct APIKeyTests {
    @Test func neverPrinted() throws {
        let key = try BrazeAPIKey(secret: testSecret)
        var dumped = ""
        dump(key, to: &dumped)
        let renderings = [key.description, key.debugDescription, "\(key)", String(reflecting: key), dumped,
                          String(describing: [key]), String(describing: Optional(key))]
        for text in renderings {
            #expect(!text.contains(testSecret), "leaked in \(text)")
            #expect(!text.contains("9f8e7d"), "partly leaked in \(text)")
        }
        #expect(key.description == "BrazeAPIKey(redacted)")
        #expect(Mirror(reflecting: key).children.isEmpty)
    }

    @Test func fromEnvironment() throws {
        let key = try BrazeAPIKey.fromEnvironment("BRAZE_KEY", environment: ["BRAZE_KEY": "  \(testSecret)\n"])
        #expect(key.description == "BrazeAPIKey(redacted)")

        #expect(throws: BrazeConfigurationError.missingAPIKey(variable: "BRAZE_KEY")) {
            try BrazeAPIKey.fromEnvironment("BRAZE_KEY", environment: [:])
        }
        #expect(throws: BrazeConfigurationError.emptyAPIKey(variable: "BRAZE_KEY")) {
            try BrazeAPIKey.fromEnvironment("BRAZE_KEY", environment: ["BRAZE_KEY": " \n"])
        }
        let missing = BrazeConfigurationError.missingAPIKey(variable: "BRAZE_KEY")
        #expect(missing.description.contains("BRAZE_KEY") && missing.description.contains("not set"))
    }

    @Test func sentAsBearerTokenAfterTrimming() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(200, #"{"preference_centers": []}"#) }
        let client = BrazeClient(endpoint: testEndpoint,
                                 apiKey: try BrazeAPIKey.fromEnvironment("K", environment: ["K": "\(testSecret)\n"]),
                                 transport: fake, timeSource: time)
        _ = try await client.listPreferenceCenters()
        #expect(fake.requests.first?.headers["authorization"] == "Bearer \(testSecret)")
        #expect(fake.requests.first?.url.absoluteString == "https://rest.iad-03.braze.com/preference_center/v1/list")
    }
}
