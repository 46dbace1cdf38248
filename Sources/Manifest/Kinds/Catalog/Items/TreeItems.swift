import YAML

/// Items written as objects (JSON, JSONL) or mappings (YAML, inline).
extension ItemCollector {
    /// Reads one item; `label` names it in messages ("item 3").
    /// `label` is made only for a message: most items have none.
    mutating func addItem(_ raw: RawValue, label makeLabel: @autoclosure () -> String) {
        var label: String { makeLabel() }
        guard case .object(let members) = raw.kind else {
            error("\(label): expected an object of field values, found \(raw.kindDescription)", at: raw.position)
            return
        }
        var ok = true
        var id: String?
        var idIsText = true
        var idPosition = raw.position
        var values = [String: ItemValue](minimumCapacity: fields.count)
        var present = [Bool](repeating: false, count: fields.count)
        var idSeen = false

        for member in members {
            guard let key = member.key else {
                error("\(label): field names must be text", at: member.keyPosition)
                ok = false
                continue
            }
            let index = index(ofField: key)
            if key == "id" ? idSeen : index.map({ present[$0] }) ?? false {
                let first = members.first { $0.key == key }?.keyPosition ?? member.keyPosition
                error("\(label): field '\(key)' is written twice (first at \(location(first)))", at: member.keyPosition)
                ok = false
                continue
            }
            if key == "id" {
                idSeen = true
                idPosition = member.value.position
                if let text = Self.idText(member.value.kind) {
                    id = text  // text, or the text of a plain YAML scalar such as `id: 42`
                } else if case .null = member.value.kind {
                    // no id: reported below
                } else {
                    error("\(label): id must be text, found \(member.value.kindDescription)", at: member.value.position)
                    ok = false
                    idIsText = false
                    id = ""
                }
                continue
            }
            guard let index else {
                error("\(label): \(unknownFieldMessage(key))", at: member.keyPosition)
                ok = false
                continue
            }
            present[index] = true
            let field = fields[index]
            guard let value = coerce(raw: member.value, field: field, context: "\(label), field \(field.name)") else {
                ok = false
                continue
            }
            if !checkSize(value, context: "\(label), field \(field.name)", at: member.value.position) { ok = false }
            values[field.name] = value
        }

        guard let id else {
            error("\(label) has no id", at: raw.position)
            return
        }
        if !idIsText { return }  // already reported
        if !checkID(id, label: label, at: idPosition) { ok = false }
        let missing = missingFields(present)
        if !missing.isEmpty {
            let list = missing.joined(separator: ", ")
            error("\(label) ('\(id)') lacks field\(missing.count == 1 ? "" : "s") \(list); Braze's bulk create needs every field of the catalog (write null for no value)", at: raw.position)
            ok = false
        }
        if !claimID(id, label: label, at: idPosition) { ok = false }
        if ok { add(CatalogItem(id: id, values: values, location: itemLocation(raw.position))) }
    }

    /// A field's index by name: a catalog has few fields, and comparing a key with each name
    /// costs less than hashing it (every key of every item asks).
    func index(ofField name: String) -> Int? {
        guard fields.count <= 16 else { return fieldIndex[name] }
        return fields.firstIndex { $0.name == name }
    }

    /// Items from a YAML sequence of mappings (a YAML file's root, or a manifest's inline `items`).
    mutating func addItems(yaml node: Node, what: String) {
        guard let elements = node.sequence else {
            error("\(what) must be a list of items (mappings of field values), found \(node.kindDescription)", at: .resolved(node.location))
            return
        }
        expectItems(elements.count)
        for (i, element) in elements.enumerated() {
            addItem(RawValue(yaml: element), label: "item \(i + 1)")
        }
    }
}
