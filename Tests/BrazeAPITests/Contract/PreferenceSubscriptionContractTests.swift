import BrazeAPI
import BrazeSimulator
import Foundation
import Testing
import VirtualTime

@Suite("Contract: preference centers and subscription statuses over loopback HTTP")
struct PreferenceSubscriptionContractTests {
    @Test("preference centers: create, list, get, update, unknown id")
    func preferenceCenters() async throws {
        try await withContract { c in
            let draft = PreferenceCenterDraft(
                name: "main_center", title: "Your preferences",
                pageHTML: "<html>{{subscribed_state.${email_global}}}</html>", confirmationPageHTML: "<p>Saved</p>",
                state: .active, options: ["meta-viewport-content": .string("width=device-width")])
            let created = try await c.client.createPreferenceCenter(draft)
            let stored = try #require(await c.simulator.preferenceCenter(named: "main_center"))
            #expect(created.id == stored.id)
            #expect(stored.title == "Your preferences")
            #expect(stored.page == draft.pageHTML)
            #expect(stored.confirmation == "<p>Saved</p>")
            #expect(stored.state == "active")
            #expect(stored.options.contains("width=device-width"))

            let listed = try await c.client.listPreferenceCenters()
            #expect(listed.map(\.name) == ["main_center"])
            #expect(listed.map(\.id) == [created.id])

            let fetched = try #require(try await c.client.preferenceCenter(id: created.id))
            #expect(fetched.id == created.id)
            #expect(fetched.name == "main_center")
            #expect(fetched.title == "Your preferences")
            #expect(fetched.pageHTML == draft.pageHTML)
            #expect(fetched.confirmationPageHTML == "<p>Saved</p>")
            #expect(fetched.state == .active)
            #expect(fetched.options["meta-viewport-content"] == APIJSON.string("width=device-width"))

            var changed = draft
            changed.title = "Preferences"
            changed.pageHTML = "<html>v2</html>"
            changed.state = .draft
            let updated = try await c.client.updatePreferenceCenter(id: created.id, changed)
            #expect(updated.id == created.id)
            let after = try #require(await c.simulator.preferenceCenter(named: "main_center"))
            #expect(after.title == "Preferences")
            #expect(after.page == "<html>v2</html>")
            #expect(after.state == "draft")
            let answer7 = try await c.client.preferenceCenter(id: created.id)
            #expect(answer7?.pageHTML == "<html>v2</html>")

            let answer8 = try await c.client.preferenceCenter(id: "no-such-center")
            #expect(answer8 == nil)
            let duplicate = await apiError { _ = try await c.client.createPreferenceCenter(draft) }
            #expect(duplicate?.isRejected == true)
            #expect(await c.simulator.preferenceCenterCount(named: "main_center") == 1)
        }
    }

    @Test("subscription statuses: more than 50 ids are read in batches of 50 with external_id[]")
    func statusGet() async throws {
        try await withContract { c in
            let group = "11111111-2222-4333-8444-555555555555"
            await c.simulator.addEmailGroup(group)
            // Ids with characters that must survive the query encoding.
            let ids = (0..<120).map { "user-\($0)" } + ["a+b@example.com", "x&y=z", "with space", "brackets[]"]
            for (n, id) in ids.enumerated() where n % 3 != 2 {
                await c.simulator.setMember(group, id, subscribed: n % 3 == 0)
            }
            await c.simulator.clearRequestLog()
            let statuses = try await c.client.subscriptionStatuses(groupID: group, externalIDs: ids)
            #expect(statuses.count == ids.count)
            for (n, id) in ids.enumerated() {
                let expected: SubscriptionStatus = n % 3 == 0 ? .subscribed : n % 3 == 1 ? .unsubscribed : .unknown
                #expect(statuses[id] == expected, "\(id)")
            }
            let log = await c.simulator.loggedRequests()
            #expect(log.count == 3)   // 50 + 50 + 24
            #expect(log.allSatisfy { $0.path == "/subscription/status/get" && $0.status == 200 })
            // The simulator received the client's `external_id[]=` pairs, decoded.
            let first = try #require(log.first?.query)
            #expect(first.hasPrefix("subscription_group_id=\(group)&external_id[]=user-0&external_id[]=user-1&"))
            #expect(log.last?.query.contains("external_id[]=a+b@example.com&external_id[]=x&y=z") == true)
        }
    }

    @Test("subscription statuses: set for more than 50 ids, then read back")
    func statusSet() async throws {
        try await withContract { c in
            let group = "99999999-2222-4333-8444-555555555555"
            await c.simulator.addEmailGroup(group)
            let ids = (0..<130).map { "member-\($0)" }
            await c.simulator.clearRequestLog()
            try await c.client.setSubscriptionState(groupID: group, state: .subscribed, externalIDs: ids)
            let members = await c.simulator.subscriptionMembers(group)
            #expect(members.count == 130)
            #expect(members.values.allSatisfy { $0 == "subscribed" })
            let writes = await c.simulator.loggedRequests().filter { $0.method == "POST" }
            #expect(writes.count == 3)
            #expect(writes.allSatisfy { $0.path == "/subscription/status/set" && (200..<300).contains($0.status) })

            try await c.client.setSubscriptionState(groupID: group, state: .unsubscribed, externalIDs: Array(ids.prefix(60)))
            let statuses = try await c.client.subscriptionStatuses(groupID: group, externalIDs: ids)
            #expect(statuses.filter { $0.value == .unsubscribed }.count == 60)
            #expect(statuses.filter { $0.value == .subscribed }.count == 70)

            let unknownGroup = await apiError {
                try await c.client.setSubscriptionState(groupID: "00000000-0000-4000-8000-000000000000", state: .subscribed, externalIDs: ["a"])
            }
            #expect(unknownGroup?.isRejected == true)
        }
    }

    @Test("subscription statuses: an external id containing a comma is one user")
    func commaInExternalID() async throws {
        try await withContract { c in
            let group = "77777777-2222-4333-8444-555555555555"
            await c.simulator.addEmailGroup(group)
            await c.simulator.setMember(group, "smith,john", subscribed: true)
            let statuses = try await c.client.subscriptionStatuses(groupID: group, externalIDs: ["smith,john"])
            // The client sends `external_id%5B%5D=smith%2Cjohn`: one id, comma included.
            #expect(statuses["smith,john"] == .subscribed)
        }
    }
}
