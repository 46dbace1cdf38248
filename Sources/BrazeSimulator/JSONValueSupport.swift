import BrazeCore
import Foundation

// The simulator reads requests and writes answers with the shared `JSONValue`
// (BrazeCore): one data type with the client, never the client's rules. What
// follows are the simulator's own conveniences.

extension JSONValue {
    /// Depth of nesting: scalars are 0, `[]`/`{}` are 1, `{"a": {}}` is 2.
    var nestingDepth: Int {
        switch self {
        case .array(let values): return 1 + (values.map(\.nestingDepth).max() ?? 0)
        case .object(let members): return 1 + (members.values.map(\.nestingDepth).max() ?? 0)
        default: return 0
        }
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
    static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
