import BrazeCore
import Foundation

extension SimulatedWorkspace {
    func preferenceCenterIndex(_ id: String) -> Int? {
        state.preferenceCenters.firstIndex { $0.id == id }
    }

    // GET /preference_center/v1/list (not paginated)
    func listPreferenceCenters() -> SimulatedResponse {
        let centers: [JSONValue] = state.preferenceCenters.map { center in
            [
                "name": .string(center.name),
                "preference_center_api_id": .string(center.id),
                "created_at": .string(ISOTime.format(center.createdAt, style: .zuluSeconds)),
                "updated_at": .string(ISOTime.format(center.updatedAt, style: .zuluSeconds)),
            ]
        }
        return .json(200, ["preference_centers": .array(centers)])
    }

    // GET /preference_center/v1/{id}
    func preferenceCenterInfo(_ id: String) -> SimulatedResponse {
        guard let index = preferenceCenterIndex(id) else {
            return .messageError(404, "Preference center not found")
        }
        let c = state.preferenceCenters[index]
        return .json(200, [
            "name": .string(c.name),
            "preference_center_api_id": .string(c.id),
            "created_at": .string(ISOTime.format(c.createdAt, style: .zuluSeconds)),
            "updated_at": .string(ISOTime.format(c.updatedAt, style: .zuluSeconds)),
            "preference_center_title": .optional(c.title),
            "preference_center_page_html": .string(c.pageHTML),
            "confirmation_page_html": .string(c.confirmationPageHTML),
            "redirect_page_html": .optional(c.redirectPageHTML),
            "preference_center_options": .object(c.options),
            "state": .string(c.state),
        ])
    }

    private struct CenterFields {
        var title: String??
        var pageHTML: String?
        var confirmationHTML: String?
        var state: String?
        var options: [String: JSONValue]?
    }

    private func readCenterFields(_ body: JSONValue) -> Checked<CenterFields> {
        var errors: [String] = []
        var fields = CenterFields()
        if let value = body["preference_center_title"] {
            if value.isNull { fields.title = .some(nil) } else if let s = value.stringValue { fields.title = .some(s) } else {
                errors.append("preference_center_title must be a string")
            }
        }
        if let s = body["preference_center_page_html"]?.stringValue, !s.isEmpty { fields.pageHTML = s } else {
            errors.append("preference_center_page_html is required")
        }
        if let s = body["confirmation_page_html"]?.stringValue, !s.isEmpty { fields.confirmationHTML = s } else {
            errors.append("confirmation_page_html is required")
        }
        if let value = body["state"], !value.isNull {
            if let s = value.stringValue, s == "active" || s == "draft" { fields.state = s } else {
                errors.append("state must be either active or draft")
            }
        }
        if let value = body["options"], !value.isNull {
            if let object = value.objectValue { fields.options = object } else { errors.append("options must be an object") }
        }
        if !errors.isEmpty { return .failure(.messageError(400, errors)) }
        return .success(fields)
    }

    // POST /preference_center/v1
    func createPreferenceCenter(_ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let name = body["name"]?.stringValue, !name.isEmpty else {
            return .messageError(400, "name is required")
        }
        guard Validation.isBrazeName(name) else {
            return .messageError(400, "name can only contain letters, numbers, hyphens and underscores, without spaces")
        }
        let fields: CenterFields
        switch readCenterFields(body) {
        case .failure(let response): return response
        case .success(let f): fields = f
        }
        if state.preferenceCenters.contains(where: { $0.name == name }) {
            return .messageError(400, "A preference center with this name already exists")
        }
        if state.preferenceCenters.count >= configuration.maxPreferenceCenters {
            return .messageError(400, "Maximum number of preference centers (\(configuration.maxPreferenceCenters)) reached")
        }
        state.counters.preferenceCenter += 1
        let id = Self.deterministicID(kind: 0xfc, counter: state.counters.preferenceCenter)
        state.preferenceCenters.append(PreferenceCenterRecord(
            id: id, name: name, title: fields.title ?? nil, pageHTML: fields.pageHTML ?? "",
            confirmationPageHTML: fields.confirmationHTML ?? "", redirectPageHTML: nil, state: fields.state ?? "active",
            options: fields.options ?? [:], createdAt: now, updatedAt: now))
        return .json(201, [
            "preference_center_api_id": .string(id),
            "liquid_tag": .string("{{preference_center.${\(name)}}}"),
            "created_at": .string(ISOTime.format(now, style: .offsetSeconds)),
            "message": "success",
        ])
    }

    // PUT /preference_center/v1/{id}
    func updatePreferenceCenter(_ id: String, _ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let index = preferenceCenterIndex(id) else {
            return .messageError(404, "Preference center not found")
        }
        if let name = body["name"], name.stringValue != state.preferenceCenters[index].name {
            return .messageError(400, "The preference center name cannot be changed")
        }
        let fields: CenterFields
        switch readCenterFields(body) {
        case .failure(let response): return response
        case .success(let f): fields = f
        }
        var c = state.preferenceCenters[index]
        if let title = fields.title { c.title = title }
        if let page = fields.pageHTML { c.pageHTML = page }
        if let confirmation = fields.confirmationHTML { c.confirmationPageHTML = confirmation }
        if let newState = fields.state { c.state = newState }
        if let options = fields.options { c.options = options }
        c.updatedAt = now
        state.preferenceCenters[index] = c
        return .json(200, [
            "preference_center_api_id": .string(c.id),
            "created_at": .string(ISOTime.format(c.createdAt, style: .zuluSeconds)),
            "updated_at": .string(ISOTime.format(c.updatedAt, style: .zuluSeconds)),
            "message": "success",
        ])
    }
}
