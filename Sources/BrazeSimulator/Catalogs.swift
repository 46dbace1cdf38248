import BrazeCore
import Foundation

extension SimulatedWorkspace {
    /// The dashboard's types; `geo` is the geolocation type (`[longitude, latitude]`,
    /// api-notes "Catalog fields").
    static let catalogFieldTypes: Set<String> = ["string", "number", "boolean", "time", "geo"]
    static let apiOnlyCatalogFieldTypes: Set<String> = ["array", "object"]
    /// `POST /catalogs/{name}/fields` takes at most this many fields a request.
    static let maxFieldsPerRequest = 50

    func catalogIndex(_ name: String) -> Int? {
        state.catalogs.firstIndex { $0.name == name }
    }

    func catalogJSON(_ catalog: CatalogRecord) -> JSONValue {
        [
            "name": .string(catalog.name),
            "description": .string(catalog.description),
            "fields": .array(catalog.fields.map { ["name": .string($0.name), "type": .string($0.type)] }),
            "num_items": .number(Double(catalog.items.count)),
            "updated_at": .string(ISOTime.format(catalog.updatedAt, style: .offsetMillis)),
        ]
    }

    static func catalogNotFound(_ name: String) -> SimulatedResponse {
        .catalogError(404, [CatalogAPIError("catalog-not-found", "Could not find catalog", parameters: ["catalog_name"], values: [name])])
    }

    // GET /catalogs
    func listCatalogs() -> SimulatedResponse {
        .json(200, ["catalogs": .array(state.catalogs.map(catalogJSON)), "message": "success"])
    }

    // POST /catalogs
    func createCatalog(_ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let array = body["catalogs"]?.arrayValue, !array.isEmpty, array.allSatisfy({ $0.objectValue != nil }) else {
            return .catalogError(400, [CatalogAPIError("catalog-array-invalid", "catalogs must be an array of objects", parameters: ["catalogs"])])
        }
        guard array.count == 1 else {
            return .catalogError(400, [CatalogAPIError("too-many-catalog-atoms", "You can only create one catalog per request", parameters: ["catalogs"])])
        }
        let spec = array[0]
        var errors: [CatalogAPIError] = []
        let name = spec["name"]?.stringValue ?? ""
        if !Validation.isBrazeName(name) {
            errors.append(CatalogAPIError("invalid_catalog_name", "Catalog name can only include letters, numbers, hyphens, and underscores",
                                          parameters: ["name"], values: [spec["name"].map { $0.stringValue ?? $0.serialized() } ?? ""]))
        }
        if name.count > 250 {
            errors.append(CatalogAPIError("catalog-name-too-large", "Catalog name must be at most 250 characters", parameters: ["name"], values: [name]))
        }
        if catalogIndex(name) != nil {
            errors.append(CatalogAPIError("catalog-name-already-exists", "A catalog with that name already exists", parameters: ["name"], values: [name]))
        }
        var description = ""
        if let value = spec["description"], !value.isNull {
            if let s = value.stringValue {
                description = s
                if s.count > 250 {
                    errors.append(CatalogAPIError("description-too-long", "Description must be at most 250 characters", parameters: ["description"], values: [s]))
                }
            } else {
                errors.append(CatalogAPIError("description-too-long", "Description must be a string of at most 250 characters", parameters: ["description"], values: [value.serialized()]))
            }
        }
        var fields: [CatalogField] = []
        if let rawFields = spec["fields"]?.arrayValue,
           rawFields.allSatisfy({ $0["name"]?.stringValue != nil && $0["type"]?.stringValue != nil }) {
            fields = rawFields.compactMap { field in
                guard let n = field["name"]?.stringValue, let t = field["type"]?.stringValue else { return nil }
                return CatalogField(name: n, type: t)
            }
            if fields.first != CatalogField(name: "id", type: "string") {
                errors.append(CatalogAPIError("id-not-first-column", "The first field must be id, of type string", parameters: ["fields"],
                                              values: fields.first.map { ["\($0.name):\($0.type)"] } ?? []))
            }
            var seen = Set<String>()
            let duplicates = fields.map(\.name).filter { !seen.insert($0).inserted }
            if !duplicates.isEmpty {
                errors.append(CatalogAPIError("field-names-not-unique", "Field names must be unique", parameters: ["fields"], values: Array(Set(duplicates)).sorted()))
            }
            errors += fieldNameAndTypeErrors(fields)
            if fields.count > configuration.maxCatalogFields {
                errors.append(CatalogAPIError("too-many-fields", "Number of fields limit is \(configuration.maxCatalogFields)",
                                              parameters: ["fields"], values: [String(fields.count)]))
            }
        } else {
            errors.append(CatalogAPIError("invalid-fields", "fields is not formatted correctly", parameters: ["fields"]))
        }
        if let max = configuration.maxCatalogs, state.catalogs.count >= max {
            errors.append(CatalogAPIError("reached-company-catalogs-limit", "Maximum number of catalogs reached", parameters: ["name"], values: [name]))
        }
        if !errors.isEmpty { return .catalogError(400, errors) }

        state.counters.catalog += 1
        let catalog = CatalogRecord(name: name, description: description, fields: fields, items: [:], updatedAt: now, serial: state.counters.catalog)
        state.catalogs.append(catalog)
        itemOrderCache[name] = nil
        return .json(201, ["catalogs": [catalogJSON(catalog)], "message": "success"])
    }

    // DELETE /catalogs/{name}
    func deleteCatalog(_ name: String) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let serial = state.catalogs[index].serial
        state.catalogs.remove(at: index)
        itemOrderCache[name] = nil
        state.pendingItemWrites.removeAll { $0.catalogName == name && $0.catalogSerial == serial }
        return .json(200, ["message": "success"])
    }
}

// MARK: - Fields (beyond the seed text: current Braze API, asynchronous, 202)

extension SimulatedWorkspace {
    private func enqueueFieldWrite(_ catalog: CatalogRecord, _ operation: PendingItemWrite.Operation, _ fields: [CatalogField], now: Date) {
        state.counters.pendingWrite += 1
        state.pendingItemWrites.append(PendingItemWrite(
            sequence: state.counters.pendingWrite, catalogName: catalog.name, catalogSerial: catalog.serial,
            operation: operation, items: [], fields: fields, acceptedAt: now,
            due: now.addingTimeInterval(max(0, configuration.catalogItemWriteDelay))))
    }

    // POST /catalogs/{name}/fields  {"fields": [{"name": ..., "type": ...}]}
    func createCatalogFields(_ name: String, _ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let catalog = state.catalogs[index]
        guard let raw = body["fields"]?.arrayValue, !raw.isEmpty else {
            return .catalogError(400, [CatalogAPIError("invalid-fields", "fields is not formatted correctly", parameters: ["fields"])])
        }
        var fields: [CatalogField] = []
        for element in raw {
            guard let fieldName = element["name"]?.stringValue, let type = element["type"]?.stringValue else {
                return .catalogError(400, [CatalogAPIError("invalid-fields", "fields is not formatted correctly", parameters: ["fields"])])
            }
            fields.append(CatalogField(name: fieldName, type: type))
        }
        if fields.count > Self.maxFieldsPerRequest {
            return .catalogError(400, [CatalogAPIError("request-includes-too-many-fields", "You can add at most \(Self.maxFieldsPerRequest) fields per request",
                                                       parameters: ["fields"], values: [String(fields.count)])])
        }
        var errors: [CatalogAPIError] = []
        let existing = Set(catalog.fields.map(\.name))
        var seen = Set<String>()
        let clashes = fields.map(\.name).filter { existing.contains($0) || !seen.insert($0).inserted }
        if !clashes.isEmpty {
            errors.append(CatalogAPIError("field-names-not-unique", "Field names must be unique", parameters: ["fields"], values: clashes))
        }
        errors += fieldNameAndTypeErrors(fields)
        if catalog.fields.count + fields.count > configuration.maxCatalogFields {
            errors.append(CatalogAPIError("catalog-exceeds-fields-limit", "A catalog can have at most \(configuration.maxCatalogFields) fields",
                                          parameters: ["fields"], values: [String(catalog.fields.count + fields.count)]))
        }
        if !errors.isEmpty { return .catalogError(400, errors) }
        enqueueFieldWrite(catalog, .addFields, fields, now: now)
        return .json(202, ["message": "success"])
    }

    // DELETE /catalogs/{name}/fields/{field}
    func deleteCatalogField(_ name: String, _ field: String, now: Date) -> SimulatedResponse {
        guard let index = catalogIndex(name) else { return Self.catalogNotFound(name) }
        let catalog = state.catalogs[index]
        if field == "id" {
            return .catalogError(400, [CatalogAPIError("id-field-cannot-be-deleted", "The id field cannot be deleted", parameters: ["field_name"], values: [field])])
        }
        guard let existing = catalog.fields.first(where: { $0.name == field }) else {
            return .catalogError(404, [CatalogAPIError("field-not-found", "Could not find field", parameters: ["field_name"], values: [field])])
        }
        enqueueFieldWrite(catalog, .deleteFields, [existing], now: now)
        return .json(202, ["message": "success"])
    }

    /// Field names too long or with other characters, and types Braze does not know:
    /// the same rules for a new catalog and for fields added to one.
    func fieldNameAndTypeErrors(_ fields: [CatalogField]) -> [CatalogAPIError] {
        var errors: [CatalogAPIError] = []
        let long = fields.map(\.name).filter { $0.count > 250 }
        if !long.isEmpty {
            errors.append(CatalogAPIError("field-names-too-large", "Field names must be at most 250 characters", parameters: ["fields"], values: long))
        }
        let badNames = fields.map(\.name).filter { !Validation.isBrazeName($0) }
        if !badNames.isEmpty {
            errors.append(CatalogAPIError("invalid-field-names", "Field names can only include letters, numbers, hyphens, and underscores",
                                          parameters: ["fields"], values: badNames))
        }
        var allowed = Self.catalogFieldTypes
        if configuration.allowsArrayAndObjectFieldTypes { allowed.formUnion(Self.apiOnlyCatalogFieldTypes) }
        let badTypes = fields.filter { !allowed.contains($0.type) }.map(\.name)
        if !badTypes.isEmpty {
            errors.append(CatalogAPIError("invalid-field-types", "Some field types are not valid", parameters: ["fields"], values: badTypes))
        }
        return errors
    }
}
