import BrazeCore
import Foundation

extension SimulatedWorkspace {
    static let maxItemsPerRequest = 50
    static let maxItemIDLength = 250
    static let maxItemValueLength = 5_000
    static let maxItemNesting = 50

    // MARK: Reading

    /// The item as Braze answers it: `id` first among its values.
    func itemJSON(id: String, values: [String: JSONValue]) -> JSONValue {
        var object = values
        object["id"] = .string(id)
        return .object(object)
    }

    // GET /catalogs/{name}/items
    func listCatalogItems(_ name: String, _ request: SimulatedRequest) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let catalog = state.catalogs[index]
        var skip = 0
        if let cursor = request.queryValue("cursor") {
            guard let decoded = Self.decodeCursor(cursor) else {
                return .catalogError(400, [CatalogAPIError("invalid-cursor", "'cursor' is not valid", parameters: ["cursor"], values: [cursor])])
            }
            skip = decoded
        }
        let pageSize = configuration.catalogItemsPageSize
        let ids = sortedItemIDs(catalog)
        let page = ids.dropFirst(skip).prefix(pageSize)
        var response = SimulatedResponse.json(200, [
            "items": .array(page.map { itemJSON(id: $0, values: catalog.items[$0] ?? [:]) }),
            "message": "success",
        ])
        if ids.count > pageSize {
            let base = linkBase(request) + "/catalogs/\(name)/items?cursor="
            var links: [String] = []
            if skip > 0 {
                links.append("<\(base)\(Self.encodeCursor(max(0, skip - pageSize)))>; rel=\"prev\"")
            }
            if skip + pageSize < ids.count {
                links.append("<\(base)\(Self.encodeCursor(skip + pageSize))>; rel=\"next\"")
            }
            if !links.isEmpty { response.setHeader("Link", links.joined(separator: ",")) }
        }
        return response
    }

    /// The catalog's item ids in paging order (by id), cached between pages.
    func sortedItemIDs(_ catalog: CatalogRecord) -> [String] {
        if let cached = itemOrderCache[catalog.name], cached.count == catalog.items.count { return cached }
        let ids = catalog.items.keys.sorted()
        itemOrderCache[catalog.name] = ids
        return ids
    }

    private func linkBase(_ request: SimulatedRequest) -> String {
        if let configured = configuration.linkBaseURL {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        if let host = request.header("Host"), !host.isEmpty { return "http://\(host)" }
        // No Host (an in-process request): a relative link, resolved against the request's own URL.
        return ""
    }

    /// Opaque cursors in Braze's style: base64 of `skip:N`, without padding.
    static func encodeCursor(_ skip: Int) -> String {
        var text = Data("skip:\(skip)".utf8).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func decodeCursor(_ cursor: String) -> Int? {
        var padded = cursor
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("skip:"), let skip = Int(text.dropFirst(5)), skip >= 0 else { return nil }
        return skip
    }

    // MARK: Validation

    /// Coerces a value to a field type (nil: `unable-to-coerce-value`). Times are normalized
    /// to `...Z` with milliseconds, as Braze reads them back.
    static func coerce(_ value: JSONValue, to type: String) -> JSONValue? {
        if value.isNull { return .null }
        switch type {
        case "string":
            return value.stringValue != nil ? value : nil
        case "number":
            if value.numberValue != nil { return value }
            if let s = value.stringValue, let n = Double(s.trimmingCharacters(in: .whitespaces)), n.isFinite { return .number(n) }
            return nil
        case "boolean":
            if value.boolValue != nil { return value }
            switch value.stringValue?.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case "time":
            guard let s = value.stringValue, let date = ISOTime.parse(s, style: .zoneOptional) else { return nil }
            return .string(ISOTime.format(date, style: .zuluMillis))
        case "array":
            return value.arrayValue != nil ? value : nil
        case "object":
            return value.objectValue != nil ? value : nil
        case "geo":
            // [longitude, latitude]: two numbers, longitude -180...180, latitude -90...90.
            guard let pair = value.arrayValue, pair.count == 2,
                  let longitude = pair[0].numberValue, let latitude = pair[1].numberValue,
                  abs(longitude) <= 180, abs(latitude) <= 90 else { return nil }
            return value
        default:
            return value
        }
    }

    private static func hasForbiddenKeys(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members):
            return members.contains { key, nested in key.contains(".") || key.contains("$") || hasForbiddenKeys(nested) }
        case .array(let values):
            return values.contains(where: hasForbiddenKeys)
        default:
            return false
        }
    }

    private static func valueLength(_ value: JSONValue) -> Int {
        if let s = value.stringValue { return s.count }
        return value.serialized().count
    }

    /// Problems of an item's values, by error id, and the coerced values.
    private func checkValues(_ object: [String: JSONValue], catalog: CatalogRecord) -> (values: [String: JSONValue], problems: Set<String>) {
        var values: [String: JSONValue] = [:]
        var problems = Set<String>()
        let types = Dictionary(catalog.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in object where key != "id" {
            guard let type = types[key] else {
                problems.insert("invalid-fields")
                continue
            }
            if Self.hasForbiddenKeys(value) { problems.insert("invalid-keys-in-value-object") }
            if value.nestingDepth > Self.maxItemNesting { problems.insert("too-deep-nesting-in-value-object") }
            if Self.valueLength(value) > Self.maxItemValueLength { problems.insert("items-too-large") }
            if let coerced = Self.coerce(value, to: type) {
                values[key] = coerced
            } else {
                problems.insert("unable-to-coerce-value")
            }
        }
        return (values, problems)
    }

    private static let problemMessages: [(id: String, message: String)] = [
        ("invalid-fields", "Some of the fields given do not exist in the catalog"),
        ("invalid-keys-in-value-object", "Item object keys can't include '.' or '$'"),
        ("items-too-large", "Item values can't exceed 5,000 characters"),
        ("too-deep-nesting-in-value-object", "Item objects can't have more than 50 levels of nesting"),
        ("unable-to-coerce-value", "Item types can't be converted"),
    ]

    private static func idProblems(_ id: String) -> [String] {
        var problems: [String] = []
        if id.count > maxItemIDLength { problems.append("ids-too-large") }
        if !Validation.isBrazeName(id) { problems.append("invalid-ids") }
        return problems
    }

    private static func idError(_ problem: String, ids: [String]) -> CatalogAPIError {
        switch problem {
        case "ids-too-large": return CatalogAPIError(problem, "Item ids can't be more than 250 characters", parameters: ["id"], values: ids)
        default: return CatalogAPIError(problem, "Item ids can only include letters, numbers, hyphens, and underscores", parameters: ["id"], values: ids)
        }
    }

    private enum ItemsParse {
        case ok([PendingItem])
        case refused(SimulatedResponse)
    }

    /// Validates the `items` of a bulk request.
    private func parseBulkItems(_ body: JSONValue, catalog: CatalogRecord, checkValues check: Bool) -> ItemsParse {
        guard let array = body["items"]?.arrayValue, !array.isEmpty, array.allSatisfy({ $0.objectValue != nil }) else {
            return .refused(.catalogError(400, [CatalogAPIError("item-array-invalid", "items must be an array of objects", parameters: ["items"])]))
        }
        guard array.count <= Self.maxItemsPerRequest else {
            return .refused(.catalogError(400, [CatalogAPIError("request-includes-too-many-items",
                "Your request has too many items. The item limit per request is 50", parameters: ["items"], values: [String(array.count)])]))
        }
        var errors: [CatalogAPIError] = []
        var missing = 0
        var notStrings: [String] = []
        var byProblem: [String: [String]] = [:]
        var seen = Set<String>()
        var duplicates: [String] = []
        var items: [PendingItem] = []
        for element in array {
            let object = element.objectValue ?? [:]
            guard let rawID = object["id"], !rawID.isNull else { missing += 1; continue }
            guard let id = rawID.stringValue else { notStrings.append(rawID.serialized()); continue }
            for problem in Self.idProblems(id) { byProblem[problem, default: []].append(id) }
            if !seen.insert(id).inserted { duplicates.append(id) }
            var values: [String: JSONValue] = [:]
            if check {
                let checked = checkValues(object, catalog: catalog)
                values = checked.values
                for problem in checked.problems { byProblem[problem, default: []].append(id) }
            }
            items.append(PendingItem(id: id, values: values))
        }
        if missing > 0 {
            errors.append(CatalogAPIError("items-missing-ids", "There are \(missing) item(s) that do not have ids"))
        }
        if !notStrings.isEmpty {
            errors.append(CatalogAPIError("ids-not-strings", "Item ids must be strings", parameters: ["id"], values: notStrings))
        }
        if !duplicates.isEmpty {
            errors.append(CatalogAPIError("ids-not-unique", "Item ids must be unique in the request", parameters: ["id"], values: duplicates))
        }
        for problem in ["ids-too-large", "invalid-ids"] {
            if let ids = byProblem[problem] { errors.append(Self.idError(problem, ids: ids)) }
        }
        for (id, message) in Self.problemMessages {
            if let ids = byProblem[id] { errors.append(CatalogAPIError(id, message, parameters: ["id"], values: ids)) }
        }
        if !errors.isEmpty { return .refused(.catalogError(400, errors)) }
        return .ok(items)
    }

    // MARK: Bulk writes (asynchronous)

    // POST/PUT/PATCH/DELETE /catalogs/{name}/items
    func bulkItemWrite(_ name: String, method: String, body: JSONValue, now: Date) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let catalog = state.catalogs[index]
        let operation: PendingItemWrite.Operation
        switch method {
        case "POST": operation = .create
        case "PUT": operation = .replace
        case "PATCH": operation = .update
        default: operation = .delete
        }
        switch parseBulkItems(body, catalog: catalog, checkValues: operation != .delete) {
        case .refused(let response):
            return response
        case .ok(let items):
            state.counters.pendingWrite += 1
            state.pendingItemWrites.append(PendingItemWrite(
                sequence: state.counters.pendingWrite, catalogName: name, catalogSerial: catalog.serial,
                operation: operation, items: items, acceptedAt: now,
                due: now.addingTimeInterval(max(0, configuration.catalogItemWriteDelay))))
            return .json(202, ["message": "success"])
        }
    }

    /// Applies, in order of acceptance, the pending writes whose time has come.
    func applyDueItemWrites(now: Date) {
        guard !state.pendingItemWrites.isEmpty else { return }
        let appliedAt = timeSource.now()
        var applied = 0
        for write in state.pendingItemWrites {
            guard write.due <= now else { break }
            applied += 1
            guard let index = state.catalogs.firstIndex(where: { $0.name == write.catalogName && $0.serial == write.catalogSerial }) else {
                continue
            }
            itemOrderCache[write.catalogName] = nil
            // Mutated in place: a copy would duplicate the whole item dictionary on every write.
            Self.apply(write, to: &state.catalogs[index], at: min(write.due, appliedAt))
        }
        if applied > 0 { state.pendingItemWrites.removeFirst(applied) }
    }

    private static func apply(_ write: PendingItemWrite, to catalog: inout CatalogRecord, at appliedAt: Date) {
        switch write.operation {
        case .addFields:
            for field in write.fields ?? [] where !catalog.fields.contains(where: { $0.name == field.name }) {
                catalog.fields.append(field)
            }
        case .deleteFields:
            let names = Set((write.fields ?? []).map(\.name))
            catalog.fields.removeAll { names.contains($0.name) }
            for id in catalog.items.keys {
                catalog.items[id] = catalog.items[id]?.filter { !names.contains($0.key) }
            }
        default:
            break
        }
        for item in write.items {
            switch write.operation {
            case .create:
                if catalog.items[item.id] == nil { catalog.items[item.id] = item.values }
            case .replace:
                catalog.items[item.id] = item.values
            case .update:
                if var existing = catalog.items[item.id] {
                    existing.merge(item.values) { _, new in new }
                    catalog.items[item.id] = existing
                }
            case .delete:
                catalog.items[item.id] = nil
            case .addFields, .deleteFields:
                break
            }
        }
        catalog.touch(appliedAt)
    }

    // MARK: Single items (synchronous)

    // GET/POST/PUT/PATCH/DELETE /catalogs/{name}/items/{id}
    func singleItem(_ name: String, _ id: String, method: String, body: JSONValue, now: Date) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let catalog = state.catalogs[index]
        if method != "GET" { itemOrderCache[name] = nil }
        let notFound = SimulatedResponse.catalogError(404, [CatalogAPIError("item-not-found", "Could not find item", parameters: ["item_id"], values: [id])])
        let idProblems = Self.idProblems(id)
        if !idProblems.isEmpty {
            return .catalogError(400, idProblems.map { Self.idError($0, ids: [id]) })
        }
        switch method {
        case "GET":
            guard let values = catalog.items[id] else { return notFound }
            return .json(200, ["items": [itemJSON(id: id, values: values)], "message": "success"])
        case "DELETE":
            guard catalog.items[id] != nil else { return notFound }
            state.catalogs[index].items[id] = nil
            state.catalogs[index].touch(now)
            // The seed text answers 202 here, though the call is synchronous.
            return .json(202, ["message": "success"])
        default:
            break
        }
        guard let array = body["items"]?.arrayValue, !array.isEmpty, let object = array[0].objectValue else {
            return .catalogError(400, [CatalogAPIError("item-array-invalid", "items must be an array of objects", parameters: ["items"])])
        }
        guard array.count == 1 else {
            return .catalogError(400, [CatalogAPIError("request-includes-too-many-items", "You can only write one catalog item per request",
                                                       parameters: ["items"], values: [String(array.count)])])
        }
        if object["id"] != nil {
            return .catalogError(400, [CatalogAPIError("id-in-body", "Remove the item id from the request body", parameters: ["id"], values: [id])])
        }
        let checked = checkValues(object, catalog: catalog)
        let errors = Self.problemMessages.filter { checked.problems.contains($0.id) }
            .map { CatalogAPIError($0.id, $0.message, parameters: ["id"], values: [id]) }
        if !errors.isEmpty { return .catalogError(400, errors) }
        switch method {
        case "POST":
            if catalog.items[id] != nil {
                return .catalogError(400, [CatalogAPIError("item-already-exists", "The item already exists", parameters: ["id"], values: [id])])
            }
            state.catalogs[index].items[id] = checked.values
            state.catalogs[index].touch(now)
            return .json(201, ["message": "success"])
        case "PUT":
            state.catalogs[index].items[id] = checked.values
            state.catalogs[index].touch(now)
            return .json(200, ["message": "success"])
        default:  // PATCH
            guard var existing = catalog.items[id] else { return notFound }
            existing.merge(checked.values) { _, new in new }
            state.catalogs[index].items[id] = existing
            state.catalogs[index].touch(now)
            return .json(200, ["message": "success"])
        }
    }
}

extension CatalogRecord {
    /// Every item write moves `updated_at` (as Braze's does), also two in the same
    /// millisecond: clients tell a changed catalog by it.
    mutating func touch(_ now: Date) {
        let next = Date(timeIntervalSince1970: ((updatedAt.timeIntervalSince1970 * 1000).rounded() + 1) / 1000)  // the next whole millisecond
        updatedAt = now >= next ? now : next
    }
}
