/// The fields each part of a project accepts: the single source for the loader's
/// unknown-field checks and for the JSON Schemas in `schema/`.
public struct FieldSpec: Sendable {
    public indirect enum ValueType: Sendable {
        /// A plain string.
        case string
        /// A string, or `{file: PATH}` whose text is the value.
        case text
        case boolean
        case integer
        /// One of these strings.
        case oneOf([String])
        case list(ValueType)
        /// A mapping of names to values of this type.
        case map(ValueType)
        /// A mapping with these fields.
        case object([FieldSpec])
        /// A list of mappings with these fields.
        case listOfObjects([FieldSpec])
        /// Catalog items: an inline list of mappings, or `{file: PATH}`.
        case catalogItems
    }

    public var name: String
    public var type: ValueType
    public var required: Bool
    public var summary: String
    /// A regular expression the value must match (for the schema; the loader checks it by code).
    public var pattern: String?
    public var maxLength: Int?

    public init(_ name: String, _ type: ValueType, required: Bool = false, _ summary: String, pattern: String? = nil, maxLength: Int? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.summary = summary
        self.pattern = pattern
        self.maxLength = maxLength
    }
}

extension FieldSpec {
    /// Names that are keys in Braze: letters, digits, - and _.
    static let namePattern = "^[A-Za-z0-9_-]+$"
    /// The `kind` field every manifest document starts with.
    static let kindField = FieldSpec("kind", .oneOf(ResourceKind.allCases.map(\.rawValue)), required: true, "The kind of resource.")
}
