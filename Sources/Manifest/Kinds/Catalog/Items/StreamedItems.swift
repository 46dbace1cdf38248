import BrazeCore
import YAML

/// Items streamed from a YAML file (see ``YAMLItemStream``).
///
/// An item whose every member fits is added here directly: each key one of the
/// catalog's, once; every field present; each scalar value taken by
/// `scalarCoercion`, the rule `coerce(raw:)` asks first; a valid id not used before.
/// Nothing about such an item has a problem to report, so none of the general path's
/// work (a raw object, messages, a table of which fields were seen) is done for it.
/// Any other item is handed to `addItem`, the one place that explains what is wrong,
/// exactly as if it had never been looked at here.
extension ItemCollector {
    /// The keys to give the stream: `id`, then the fields in schema order (slot 0 is the id,
    /// slot i + 1 is `fields[i]`).
    var streamKeys: [String] { ["id"] + fields.map(\.name) }

    /// Adds the items of a batch the stream read, in order.
    mutating func addItems(streamed batch: YAMLItemStream.Batch) {
        for (item, index) in batch.items {
            switch item {
            case .value(let raw):
                addItem(raw, label: "item \(index)")
            case .members(let range, let position):
                if addFittingItem(batch.members[range], at: position) { continue }
                addItem(RawValue(kind: .object(batch.members[range].map(\.raw)), position: position), label: "item \(index)")
            }
        }
    }

    /// Adds the item when all of it fits (see above); false, with nothing recorded, otherwise.
    private mutating func addFittingItem(_ members: ArraySlice<YAMLItemStream.Member>, at position: ValuePosition) -> Bool {
        guard members.count == fields.count + 1 else { return false }  // a field missing, or another key
        let problemsBefore = problemCount
        var id: String?
        var idPosition = position
        var values = [String: ItemValue](minimumCapacity: fields.count)  // (reserveCapacity is not specialized: a metadata lookup per item)
        // By index, each member read in place (a copy of each cost retains of its strings).
        for i in members.indices {
            guard let slot = members[i].slot else { return false }
            if slot == 0 {
                guard id == nil, case .scalar(let text, let style) = members[i].value,
                      let idText = Self.idText(RawValue.kind(of: Scalar(text: text, style: style))) else { return false }
                id = idText
                idPosition = members[i].valueAt.position
                continue
            }
            let index = slot - 1
            let value: ItemValue
            switch members[i].value {
            case .scalar(let text, let style):
                guard let v = Self.scalarCoercion(Scalar(text: text, style: style), to: fieldTypes[index]) else { return false }
                value = v
            case .raw(let raw):
                // A list or an object: its rules record what is wrong, which the general path
                // then says again; what this attempt recorded is taken back.
                guard let v = coerce(raw: raw, field: fields[index], context: "") else {
                    dropProblems(after: problemsBefore)
                    return false
                }
                value = v
            }
            if case .string(let s) = value, s.utf8.count <= BrazeLimits.itemValueMaxLength {
                // the usual case: short text
            } else if !checkSize(value, context: "", at: members[i].valueAt.position) {
                dropProblems(after: problemsBefore)
                return false
            }
            // Keyed by the field's name (the stream gives known keys as `streamKeys` spells them);
            // a value already there is a field written twice.
            guard values.updateValue(value, forKey: members[i].key) == nil else {
                dropProblems(after: problemsBefore)
                return false
            }
        }
        // Each key once and as many as the catalog's: every field is present.
        guard let id, Self.isValidID(id), claimIfUnused(id, at: idPosition) else {
            dropProblems(after: problemsBefore)
            return false
        }
        add(CatalogItem(id: id, values: values, location: itemLocation(position)))
        return true
    }
}
