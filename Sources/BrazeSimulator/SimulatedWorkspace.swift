import BrazeCore
import Foundation
import VirtualTime

/// A simulated Braze workspace: the managed REST endpoints, in memory, with Braze's
/// validation rules, error bodies, rate limits and asynchronous catalog item writes.
///
/// `handle(_:)` answers one request; `SimulatorServer` serves it over HTTP. The methods
/// under "Dashboard actions" do what only Braze's dashboard can (tags, subscription groups,
/// drag-and-drop blocks, archiving).
///
/// Order of checks for every request: bearer key (401), fault rules, route (404
/// `{"message":"Not Found"}`), rate-limit bucket (429 + `Retry-After`), then the endpoint.
/// Answers carry `X-RateLimit-Limit/-Remaining/-Reset` of the endpoint's group (unless the
/// group is configured unlimited). Bulk catalog item writes answer 202 and are applied,
/// in order, on the first request (or `snapshot()`) after `catalogItemWriteDelay` has passed
/// on the time source.
///
/// Where the seed text is silent the simulator chooses, and says so:
/// - content block update answers 201 (as Braze was seen doing), other updates 200;
/// - content block update follows the seed literally: `name` and `content` are required,
///   and an omitted `state` means `active` (so a draft is activated unless `draft` is sent);
/// - a content block including a missing block gets an opaque 500, a template 400;
/// - `/content_blocks/info` and `/templates/email/info` answer `unknownInfoStatus` (404)
///   for an unknown id;
/// - bulk POST leaves existing items alone, bulk PATCH ignores missing items;
/// - catalog item values are coerced (numeric strings to numbers, "true"/"false" to
///   booleans, times to `YYYY-MM-DDTHH:MM:SS.mmmZ`); a string field takes only strings;
/// - email template names need not be unique (as in Braze);
/// - catalog `description` may be omitted (stored as "").
public actor SimulatedWorkspace {
    public private(set) var configuration: SimulatorConfiguration
    public nonisolated let timeSource: any TimeSource
    var state: SimulatedWorkspaceState
    private var buckets: [RateLimitGroup: Bucket] = [:]
    private var faults: [Fault] = []
    private var log: [LoggedRequest] = []
    /// Sorted item ids by catalog name, for paging large catalogs without sorting on every
    /// page. Dropped whenever a catalog's item set may have changed.
    var itemOrderCache: [String: [String]] = [:]

    struct Bucket {
        var windowStart: Double
        var count: Int
    }

    struct RateLimitStatus {
        var limit: Int
        var remaining: Int
        var reset: Int
    }

    public init(
        configuration: SimulatorConfiguration = .init(),
        timeSource: any TimeSource = SystemTimeSource(),
        state: SimulatedWorkspaceState = .init()
    ) {
        self.configuration = configuration
        self.timeSource = timeSource
        self.state = state
    }

    // MARK: - Requests

    /// Answers one request: authentication, fault rules, rate limit, then the endpoint.
    public func handle(_ request: SimulatedRequest) async -> SimulatedResponse {
        let now = timeSource.now()
        applyDueItemWrites(now: now)
        var route = Route.match(method: request.method, path: request.path)
        if !configuration.offersCatalogFieldEndpoints, route?.isCatalogFieldEndpoint == true { route = nil }
        let group = route?.rateLimitGroup
        var response: SimulatedResponse
        var faulted = false
        var delay = 0.0

        if !isAuthorized(request) {
            response = .json(401, ["message": "Invalid API key"])
            addRateLimitHeaders(&response, status: peek(group ?? .default, now: now))
        } else if let action = takeFault(for: request) {
            faulted = true
            switch action {
            case .respond(let status, let body):
                response = SimulatedResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
                addRateLimitHeaders(&response, status: peek(group ?? .default, now: now))
            case .rateLimited(let retryAfter):
                let limit = configuration.rateLimits[group ?? .default]?.limit ?? 0
                response = .json(429, ["message": "Too Many Requests"])
                addRateLimitHeaders(&response, status: RateLimitStatus(
                    limit: limit, remaining: 0, reset: Int(now.timeIntervalSince1970.rounded(.up)) + retryAfter))
                response.setHeader("Retry-After", String(retryAfter))
            case .dropBeforeProcessing:
                response = SimulatedResponse(status: 0, dropped: true)
            case .delay(let seconds):
                response = process(request, route: route, now: now)
                delay = seconds
            case .dropAfterCommit:
                response = process(request, route: route, now: now)
                response.dropped = true
            }
        } else {
            response = process(request, route: route, now: now)
        }

        log.append(LoggedRequest(
            method: request.method,
            path: request.path,
            query: request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"),
            body: request.body,
            status: response.status,
            time: now,
            rateLimitGroup: group,
            faulted: faulted,
            dropped: response.dropped
        ))
        if delay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
        if configuration.latency > 0 {
            try? await timeSource.sleep(seconds: configuration.latency)   // on the simulator's clock: tests stay instant
        }
        return response
    }

    private func process(_ request: SimulatedRequest, route: Route?, now: Date) -> SimulatedResponse {
        guard let route else {
            var response = SimulatedResponse.json(404, ["message": "Not Found"])
            addRateLimitHeaders(&response, status: peek(.default, now: now))
            return response
        }
        let group = route.rateLimitGroup
        switch consume(group, now: now) {
        case .limited(let status):
            var response = SimulatedResponse.json(429, ["message": "Too Many Requests"])
            addRateLimitHeaders(&response, status: status)
            response.setHeader("Retry-After", String(max(1, status.reset - Int(now.timeIntervalSince1970.rounded(.down)))))
            return response
        case .allowed(let status):
            var response = dispatch(route, request, now: now)
            addRateLimitHeaders(&response, status: status)
            return response
        }
    }

    private func dispatch(_ route: Route, _ request: SimulatedRequest, now: Date) -> SimulatedResponse {
        let body = Self.parseBody(request.body)
        switch route {
        case .contentBlocksList: return listContentBlocks(request)
        case .contentBlocksInfo: return contentBlockInfo(request)
        case .contentBlocksCreate: return createContentBlock(body, now: now)
        case .contentBlocksUpdate: return updateContentBlock(body, now: now)
        case .templatesList: return listEmailTemplates(request)
        case .templatesInfo: return emailTemplateInfo(request)
        case .templatesCreate: return createEmailTemplate(body, now: now)
        case .templatesUpdate: return updateEmailTemplate(body, now: now)
        case .catalogsList: return listCatalogs()
        case .catalogsCreate: return createCatalog(body, now: now)
        case .catalogDelete(let name): return deleteCatalog(name)
        case .catalogItemsList(let name): return listCatalogItems(name, request)
        case .catalogItemsBulk(let name): return bulkItemWrite(name, method: request.method, body: body, now: now)
        case .catalogItem(let name, let id): return singleItem(name, id, method: request.method, body: body, now: now)
        case .catalogFieldsCreate(let name): return createCatalogFields(name, body, now: now)
        case .catalogFieldDelete(let name, let field): return deleteCatalogField(name, field, now: now)
        case .preferenceCentersList: return listPreferenceCenters()
        case .preferenceCenterGet(let id): return preferenceCenterInfo(id)
        case .preferenceCenterCreate: return createPreferenceCenter(body, now: now)
        case .preferenceCenterUpdate(let id): return updatePreferenceCenter(id, body, now: now)
        case .subscriptionStatusGet: return subscriptionStatus(request)
        case .subscriptionStatusSet: return setSubscriptionStatus(body)
        case .subscriptionStatusSetV2: return setSubscriptionStatusV2(body)
        }
    }

    /// The body as JSON; `.null` when empty or not JSON (endpoints then refuse it with their
    /// own "missing field" errors, as Braze does).
    static func parseBody(_ data: Data) -> JSONValue {
        guard !data.isEmpty else { return .null }
        return (try? JSONValue.parse(data)) ?? .null
    }

    private func isAuthorized(_ request: SimulatedRequest) -> Bool {
        guard let header = request.header("Authorization") else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return configuration.apiKeys.contains(parts[1].trimmingCharacters(in: .whitespaces))
    }

    private func takeFault(for request: SimulatedRequest) -> Fault.Action? {
        guard let index = faults.firstIndex(where: { $0.matches(request) && ($0.remaining ?? 1) > 0 }) else { return nil }
        let action = faults[index].action
        if let remaining = faults[index].remaining {
            if remaining <= 1 { faults.remove(at: index) } else { faults[index].remaining = remaining - 1 }
        }
        return action
    }

    // MARK: - Rate limits

    private enum Consumption {
        case allowed(RateLimitStatus)
        case limited(RateLimitStatus)
    }

    private func currentBucket(_ group: RateLimitGroup, limit: RateLimit, now: Date) -> Bucket {
        let t = now.timeIntervalSince1970
        let windowStart = (t / limit.windowSeconds).rounded(.down) * limit.windowSeconds
        if let bucket = buckets[group], bucket.windowStart == windowStart { return bucket }
        return Bucket(windowStart: windowStart, count: 0)
    }

    private func status(of bucket: Bucket, limit: RateLimit) -> RateLimitStatus {
        RateLimitStatus(limit: limit.limit, remaining: max(0, limit.limit - bucket.count),
                        reset: Int((bucket.windowStart + limit.windowSeconds).rounded(.up)))
    }

    private func consume(_ group: RateLimitGroup, now: Date) -> Consumption {
        guard let limit = configuration.rateLimits[group] else {
            return .allowed(RateLimitStatus(limit: -1, remaining: -1, reset: 0))
        }
        var bucket = currentBucket(group, limit: limit, now: now)
        if bucket.count >= limit.limit {
            buckets[group] = bucket
            return .limited(status(of: bucket, limit: limit))
        }
        bucket.count += 1
        buckets[group] = bucket
        return .allowed(status(of: bucket, limit: limit))
    }

    private func peek(_ group: RateLimitGroup, now: Date) -> RateLimitStatus {
        guard let limit = configuration.rateLimits[group] else { return RateLimitStatus(limit: -1, remaining: -1, reset: 0) }
        return status(of: currentBucket(group, limit: limit, now: now), limit: limit)
    }

    private func addRateLimitHeaders(_ response: inout SimulatedResponse, status: RateLimitStatus) {
        guard status.limit >= 0 else { return }
        response.setHeader("X-RateLimit-Limit", String(status.limit))
        response.setHeader("X-RateLimit-Remaining", String(status.remaining))
        response.setHeader("X-RateLimit-Reset", String(status.reset))
    }

    // MARK: - Inspection and control

    /// The whole workspace, pending item writes included (those already due are applied first).
    public func snapshot() -> SimulatedWorkspaceState {
        applyDueItemWrites(now: timeSource.now())
        return state
    }

    /// Replaces the whole workspace (rate-limit windows, faults and log are kept).
    public func restore(_ newState: SimulatedWorkspaceState) {
        state = newState
        itemOrderCache = [:]
    }

    /// Empties the workspace, its rate-limit windows, faults and request log.
    public func reset() {
        state = SimulatedWorkspaceState()
        itemOrderCache = [:]
        buckets = [:]
        faults = []
        log = []
    }

    public func setConfiguration(_ configuration: SimulatorConfiguration) {
        self.configuration = configuration
    }

    public func updateConfiguration(_ update: @Sendable (inout SimulatorConfiguration) -> Void) {
        update(&configuration)
    }

    /// Adds a fault rule; rules are tried in the order they were added.
    public func inject(_ fault: Fault) {
        faults.append(fault)
    }

    public func clearFaults() {
        faults = []
    }

    /// Forgets every rate-limit window: each group starts afresh with its whole budget.
    public func resetRateLimitWindows() {
        buckets = [:]
    }

    /// The rules still armed.
    public func activeFaults() -> [Fault] { faults }

    /// Every request received, in order.
    public func requestLog() -> [LoggedRequest] { log }

    public func clearRequestLog() {
        log = []
    }

    /// How many write requests (POST/PUT/PATCH/DELETE) arrived, answered or not; with
    /// `successfulOnly`, only those answered 2xx.
    public func writeRequestCount(successfulOnly: Bool = false) -> Int {
        log.filter { $0.isWrite && (!successfulOnly || (200..<300).contains($0.status)) }.count
    }

    /// Bulk item writes accepted and not visible yet.
    public func pendingItemWriteCount() -> Int {
        applyDueItemWrites(now: timeSource.now())
        return state.pendingItemWrites.count
    }

    /// Applies every pending bulk item write now, whatever its due time.
    public func flushPendingItemWrites() {
        applyDueItemWrites(now: .distantFuture)
    }

    // MARK: - Dashboard actions

    /// Creates a tag (tags can only be created in the dashboard).
    public func addTag(_ name: String) {
        if !state.tags.contains(name) {
            state.tags.append(name)
            state.tags.sort()
        }
    }

    public func removeTag(_ name: String) {
        state.tags.removeAll { $0 == name }
    }

    /// Creates a subscription group (the API cannot). The id is a UUID in Braze.
    public func addSubscriptionGroup(id: String, name: String, channel: SubscriptionChannel) {
        if let index = state.subscriptionGroups.firstIndex(where: { $0.id == id }) {
            state.subscriptionGroups[index].name = name
            state.subscriptionGroups[index].channel = channel
        } else {
            state.subscriptionGroups.append(SubscriptionGroupRecord(id: id, name: name, channel: channel, members: [:]))
        }
    }

    /// Sets one user's state in a group, as a user or the dashboard would. False when the
    /// group does not exist.
    @discardableResult
    public func setUserSubscription(groupID: String, externalID: String, state newState: SubscriptionState) -> Bool {
        guard let index = state.subscriptionGroups.firstIndex(where: { $0.id == groupID }) else { return false }
        state.subscriptionGroups[index].members[externalID] = newState
        return true
    }

    /// Creates a content block as the drag-and-drop editor would: listed, not updatable.
    @discardableResult
    public func addDragAndDropContentBlock(name: String, content: String, tags: [String] = []) -> String {
        let now = timeSource.now()
        let id = nextContentBlockID()
        state.contentBlocks.append(ContentBlockRecord(
            id: id, name: name, description: nil, content: content, state: "active", tags: tags,
            createdAt: now, lastEdited: now, isDragAndDrop: true, isArchived: false))
        state.usedContentBlockNames.append(name)
        return id
    }

    /// Marks an existing content block as built with the drag-and-drop editor.
    @discardableResult
    public func markContentBlockDragAndDrop(id: String) -> Bool {
        guard let index = state.contentBlocks.firstIndex(where: { $0.id == id }) else { return false }
        state.contentBlocks[index].isDragAndDrop = true
        return true
    }

    /// Archives a content block: it disappears from list and info; its name stays taken.
    @discardableResult
    public func archiveContentBlock(id: String) -> Bool {
        guard let index = state.contentBlocks.firstIndex(where: { $0.id == id }) else { return false }
        state.contentBlocks[index].isArchived = true
        return true
    }

    /// Creates an email template as the drag-and-drop editor would: invisible to the API.
    @discardableResult
    public func addDragAndDropEmailTemplate(name: String, subject: String = "", body: String = "") -> String {
        let now = timeSource.now()
        state.counters.emailTemplate += 1
        let id = Self.deterministicID(kind: 0xe7e7, counter: state.counters.emailTemplate)
        state.emailTemplates.append(EmailTemplateRecord(
            id: id, name: name, description: nil, subject: subject, body: body, plaintextBody: nil, preheader: nil,
            shouldInlineCSS: nil, tags: [], createdAt: now, updatedAt: now, isDragAndDrop: true))
        return id
    }

    /// Edits an email template as a dashboard user would (e.g. to make the live state drift).
    @discardableResult
    public func editEmailTemplate(id: String, _ edit: @Sendable (inout EmailTemplateRecord) -> Void) -> Bool {
        guard let index = state.emailTemplates.firstIndex(where: { $0.id == id }) else { return false }
        edit(&state.emailTemplates[index])
        state.emailTemplates[index].updatedAt = timeSource.now()
        return true
    }

    /// Edits a content block as a dashboard user would.
    @discardableResult
    public func editContentBlock(id: String, _ edit: @Sendable (inout ContentBlockRecord) -> Void) -> Bool {
        guard let index = state.contentBlocks.firstIndex(where: { $0.id == id }) else { return false }
        edit(&state.contentBlocks[index])
        state.contentBlocks[index].lastEdited = timeSource.now()
        return true
    }

    // MARK: - Ids

    /// UUID-shaped ids that depend only on the kind and a counter, so runs are repeatable.
    static func deterministicID(kind: Int, counter: Int) -> String {
        let kindHex = String(kind, radix: 16)
        let counterHex = String(counter, radix: 16)
        let paddedKind = String(repeating: "0", count: max(0, 8 - kindHex.count)) + kindHex
        let paddedCounter = String(repeating: "0", count: max(0, 12 - counterHex.count)) + counterHex
        return "\(paddedKind)-0000-4000-8000-\(paddedCounter)"
    }

    func nextContentBlockID() -> String {
        state.counters.contentBlock += 1
        return Self.deterministicID(kind: 0xcb, counter: state.counters.contentBlock)
    }
}

/// The endpoints the simulator serves.
enum Route: Equatable {
    case contentBlocksList, contentBlocksInfo, contentBlocksCreate, contentBlocksUpdate
    case templatesList, templatesInfo, templatesCreate, templatesUpdate
    case catalogsList, catalogsCreate, catalogDelete(String)
    case catalogItemsList(String), catalogItemsBulk(String)
    case catalogItem(String, String)
    case catalogFieldsCreate(String), catalogFieldDelete(String, String)
    case preferenceCentersList, preferenceCenterGet(String), preferenceCenterCreate, preferenceCenterUpdate(String)
    case subscriptionStatusGet, subscriptionStatusSet, subscriptionStatusSetV2

    /// The current API's field endpoints, which the seed text's API lacks.
    var isCatalogFieldEndpoint: Bool {
        switch self {
        case .catalogFieldsCreate, .catalogFieldDelete: true
        default: false
        }
    }

    static func match(method: String, path: String) -> Route? {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let s = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch (method, s.count) {
        case ("GET", 2) where s == ["content_blocks", "list"]: return .contentBlocksList
        case ("GET", 2) where s == ["content_blocks", "info"]: return .contentBlocksInfo
        case ("POST", 2) where s == ["content_blocks", "create"]: return .contentBlocksCreate
        case ("POST", 2) where s == ["content_blocks", "update"]: return .contentBlocksUpdate
        case ("GET", 3) where s == ["templates", "email", "list"]: return .templatesList
        case ("GET", 3) where s == ["templates", "email", "info"]: return .templatesInfo
        case ("POST", 3) where s == ["templates", "email", "create"]: return .templatesCreate
        case ("POST", 3) where s == ["templates", "email", "update"]: return .templatesUpdate
        case ("GET", 1) where s == ["catalogs"]: return .catalogsList
        case ("POST", 1) where s == ["catalogs"]: return .catalogsCreate
        case ("DELETE", 2) where s[0] == "catalogs" && !s[1].isEmpty: return .catalogDelete(s[1])
        case ("GET", 3) where s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty: return .catalogItemsList(s[1])
        case ("POST", 3) where s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty,
             ("PUT", 3) where s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty,
             ("PATCH", 3) where s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty,
             ("DELETE", 3) where s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty:
            return .catalogItemsBulk(s[1])
        case ("POST", 3) where s[0] == "catalogs" && s[2] == "fields" && !s[1].isEmpty:
            return .catalogFieldsCreate(s[1])
        case ("DELETE", 4) where s[0] == "catalogs" && s[2] == "fields" && !s[1].isEmpty && !s[3].isEmpty:
            return .catalogFieldDelete(s[1], s[3])
        case (_, 4) where ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method)
            && s[0] == "catalogs" && s[2] == "items" && !s[1].isEmpty && !s[3].isEmpty:
            return .catalogItem(s[1], s[3])
        case ("GET", 3) where s == ["preference_center", "v1", "list"]: return .preferenceCentersList
        case ("GET", 3) where s[0] == "preference_center" && s[1] == "v1" && !s[2].isEmpty: return .preferenceCenterGet(s[2])
        case ("POST", 2) where s == ["preference_center", "v1"]: return .preferenceCenterCreate
        case ("PUT", 3) where s[0] == "preference_center" && s[1] == "v1" && !s[2].isEmpty && s[2] != "list":
            return .preferenceCenterUpdate(s[2])
        case ("GET", 3) where s == ["subscription", "status", "get"]: return .subscriptionStatusGet
        case ("POST", 3) where s == ["subscription", "status", "set"]: return .subscriptionStatusSet
        case ("POST", 4) where s == ["v2", "subscription", "status", "set"]: return .subscriptionStatusSetV2
        default: return nil
        }
    }

    var rateLimitGroup: RateLimitGroup {
        switch self {
        case .contentBlocksList, .contentBlocksInfo, .contentBlocksCreate, .contentBlocksUpdate,
             .templatesList, .templatesInfo, .templatesCreate, .templatesUpdate, .subscriptionStatusGet:
            return .default
        case .catalogsList, .catalogsCreate, .catalogDelete: return .catalogManagement
        case .catalogFieldsCreate, .catalogFieldDelete: return .catalogFields
        case .catalogItemsBulk: return .catalogItemsAsync
        case .catalogItemsList, .catalogItem: return .catalogItemsSync
        case .preferenceCentersList, .preferenceCenterGet: return .preferenceCenterRead
        case .preferenceCenterCreate, .preferenceCenterUpdate: return .preferenceCenterWrite
        case .subscriptionStatusSet, .subscriptionStatusSetV2: return .subscriptionStatusSet
        }
    }
}

// MARK: - Error bodies

extension SimulatedResponse {
    /// Braze's error shape for templates, blocks, preference centers and subscriptions:
    /// `{"message": "...", "errors": ["...", ...]}`.
    static func messageError(_ status: Int, _ messages: [String]) -> SimulatedResponse {
        .json(status, ["message": .string(messages.first ?? "Invalid Request"), "errors": .strings(messages)])
    }

    static func messageError(_ status: Int, _ message: String) -> SimulatedResponse {
        messageError(status, [message])
    }

    /// Braze's error shape for catalogs: objects with id, message, parameters and values.
    static func catalogError(_ status: Int, _ errors: [CatalogAPIError]) -> SimulatedResponse {
        .json(status, ["message": "Invalid Request", "errors": .array(errors.map(\.json))])
    }

    static let internalServerError = SimulatedResponse.json(500, ["message": "Internal Server Error"])
}

struct CatalogAPIError {
    var id: String
    var message: String
    var parameters: [String]
    var parameterValues: [String]

    init(_ id: String, _ message: String, parameters: [String] = [], values: [String] = []) {
        self.id = id
        self.message = message
        self.parameters = parameters
        self.parameterValues = values
    }

    var json: JSONValue {
        ["id": .string(id), "message": .string(message), "parameters": .strings(parameters), "parameter_values": .strings(parameterValues)]
    }
}

// MARK: - Shared validation

enum Validation {
    /// Letters, digits, `-` and `_` only (and not empty).
    static func isBrazeName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
    }

    enum TagsCheck {
        case absent
        case valid([String])
        case invalid(String)
    }

    /// Braze's three tag errors, in its wording.
    static func tags(_ value: JSONValue?, existing: [String]) -> TagsCheck {
        guard let value, !value.isNull else { return .absent }
        guard let array = value.arrayValue else { return .invalid("Tags must be an array") }
        var tags: [String] = []
        for element in array {
            guard let tag = element.stringValue else { return .invalid("All tags must be strings") }
            tags.append(tag)
        }
        let known = Set(existing)
        if tags.contains(where: { !known.contains($0) }) { return .invalid("Some tags could not be found") }
        return .valid(tags)
    }

    enum Paging {
        case ok(limit: Int, offset: Int, after: Date?, before: Date?)
        case invalid(String)
    }

    /// `limit`, `offset`, `modified_after`, `modified_before` of the list endpoints.
    static func paging(_ request: SimulatedRequest, noun: String) -> Paging {
        var limit = 100
        var offset = 0
        if let raw = request.queryValue("limit") {
            guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else { return .invalid("\(noun) number limit is invalid") }
            guard value > 0 else { return .invalid("\(noun) number limit must be greater than 0") }
            guard value <= 1000 else { return .invalid("\(noun) number limit exceeds maximum of 1000") }
            limit = value
        }
        if let raw = request.queryValue("offset") {
            guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else { return .invalid("Offset is invalid") }
            // Braze has been seen refusing offset=0 (api-notes): omit it for the first page.
            guard value > 0 else { return .invalid("Offset must be greater than 0") }
            offset = value
        }
        var after: Date?
        var before: Date?
        if let raw = request.queryValue("modified_after") {
            guard let date = ISOTime.parse(raw, style: .zoneOptional) else { return .invalid("Modified after time is invalid") }
            after = date
        }
        if let raw = request.queryValue("modified_before") {
            guard let date = ISOTime.parse(raw, style: .zoneOptional) else { return .invalid("Modified before time is invalid") }
            before = date
        }
        if let after, let before, after > before {
            return .invalid("Modified after time must be earlier than or the same as modified before time.")
        }
        return .ok(limit: limit, offset: offset, after: after, before: before)
    }
}

/// A value, or the error answer that refused it.
enum Checked<Value> {
    case success(Value)
    case failure(SimulatedResponse)
}
