import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Preference centers and subscriptions")
struct PreferenceCenterSubscriptionTests {
    static let center: JSONValue = [
        "name": "main_preferences", "preference_center_title": "Prefs", "preference_center_page_html": "<p>page</p>",
        "confirmation_page_html": "<p>ok</p>", "state": "active", "options": ["meta-viewport-content": "width=device-width"],
    ]

    @Test func createGetUpdateAndList() async throws {
        let sim = makeSimulator()
        let created = await sim.call("POST", "/preference_center/v1", Self.center)
        #expect(created.status == 201)
        #expect(created.json?["liquid_tag"] == "{{preference_center.${main_preferences}}}")
        let id = try #require(created.json?["preference_center_api_id"]?.stringValue)
        let got = await sim.call("GET", "/preference_center/v1/\(id)")
        #expect(got.json?["preference_center_options"] == ["meta-viewport-content": "width=device-width"])
        #expect(got.json?["redirect_page_html"] == .null)
        #expect(got.json?["state"] == "active")
        #expect(got.json?["preference_center_title"] == "Prefs")
        let update = await sim.call("PUT", "/preference_center/v1/\(id)", [
            "preference_center_page_html": "<p>v2</p>", "confirmation_page_html": "<p>ok</p>", "state": "draft",
        ])
        #expect(update.status == 200)
        let after = await sim.call("GET", "/preference_center/v1/\(id)")
        #expect(after.json?["preference_center_page_html"] == "<p>v2</p>")
        #expect(after.json?["state"] == "draft")
        let list = await sim.call("GET", "/preference_center/v1/list")
        #expect(list.json?["preference_centers"]?.arrayValue?.map { $0["name"] } == ["main_preferences"])
    }

    @Test func nameRulesAndLimit() async {
        let sim = makeSimulator { $0.maxPreferenceCenters = 2 }
        var bad = Self.center
        if case .object(var o) = bad { o["name"] = "has space"; bad = .object(o) }
        #expect(await sim.call("POST", "/preference_center/v1", bad).status == 400)
        let created = await sim.call("POST", "/preference_center/v1", Self.center)
        #expect(await sim.call("POST", "/preference_center/v1", Self.center).status == 400, "names are unique")
        let id = created.json?["preference_center_api_id"]?.stringValue ?? ""
        let rename = await sim.call("PUT", "/preference_center/v1/\(id)", [
            "name": "other", "preference_center_page_html": "x", "confirmation_page_html": "y",
        ])
        #expect(rename.status == 400)
        var second = Self.center
        if case .object(var o) = second { o["name"] = "second"; second = .object(o) }
        #expect(await sim.call("POST", "/preference_center/v1", second).status == 201)
        var third = Self.center
        if case .object(var o) = third { o["name"] = "third"; third = .object(o) }
        let full = await sim.call("POST", "/preference_center/v1", third)
        #expect(full.status == 400)
        #expect(await sim.call("GET", "/preference_center/v1/unknown").status == 404)
    }

    @Test func subscriptionGroupsComeFromTheDashboardOnly() async {
        let sim = makeSimulator()
        let group = "6e2d1f0a-0000-4000-8000-000000000001"
        let unknown = await sim.call("POST", "/subscription/status/set", [
            "subscription_group_id": .string(group), "subscription_state": "subscribed", "external_id": ["u1"],
        ])
        #expect(unknown.status == 400)
        await sim.addSubscriptionGroup(id: group, name: "newsletter", channel: .email)
        let set = await sim.call("POST", "/subscription/status/set", [
            "subscription_group_id": .string(group), "subscription_state": "subscribed", "external_id": ["u1", "u2"],
        ])
        #expect(set.status == 201)
        let v2 = await sim.call("POST", "/v2/subscription/status/set", ["subscription_groups": [[
            "subscription_group_id": .string(group), "subscription_state": "unsubscribed", "external_ids": ["u2"],
        ]]])
        #expect(v2.status == 201)
        let status = await sim.call("GET", "/subscription/status/get?subscription_group_id=\(group)&external_id=u1&external_id=u2&external_id=u3")
        #expect(status.json == ["status": ["u1": "Subscribed", "u2": "Unsubscribed", "u3": "Unknown"], "message": "success"])
    }

    @Test func atMostFiftyUsersPerCall() async {
        let sim = makeSimulator()
        await sim.addSubscriptionGroup(id: "g", name: "g", channel: .sms)
        let many = JSONValue.array((0..<51).map { .string("u\($0)") })
        let set = await sim.call("POST", "/subscription/status/set", ["subscription_group_id": "g", "subscription_state": "subscribed", "external_id": many])
        #expect(set.status == 400)
        let fifty = JSONValue.array((0..<50).map { .string("u\($0)") })
        #expect(await sim.call("POST", "/subscription/status/set", ["subscription_group_id": "g", "subscription_state": "subscribed", "external_id": fifty]).status == 201)
        let query = (0..<51).map { "external_id=u\($0)" }.joined(separator: "&")
        #expect(await sim.call("GET", "/subscription/status/get?subscription_group_id=g&\(query)").status == 400)
        let badState = await sim.call("POST", "/subscription/status/set", ["subscription_group_id": "g", "subscription_state": "maybe", "external_id": "u1"])
        #expect(badState.status == 400)
    }
}
