import YAML

/// What one kind of resource knows about itself: its fields, how it is read
/// from a manifest document, Braze's rules for it, and the texts it holds.
///
/// `Resource` forwards to it through one dispatch table over the closed set of
/// kinds (`ResourceKind.type`, `Resource.Body.value`).
protocol ManifestKind: Sendable, Hashable {
    static var kind: ResourceKind { get }
    /// The fields a document of this kind accepts: for the loader's checks and for the JSON Schemas.
    static var fieldSpecs: [FieldSpec] { get }

    /// Reads a document whose fields were checked against `fieldSpecs` and whose `name` was read.
    /// nil when the resource cannot be built (the problems were reported).
    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> Self?

    var name: String { get }
    /// This value as a resource body.
    var resourceBody: Resource.Body { get }

    /// Braze's rules that do not depend on the workspace. `location` is the document's `kind:` line;
    /// `fieldLocations` where each field was written.
    func check(declaredAt location: SourceLocation, fieldLocations: [String: SourceLocation], diagnostics: inout Diagnostics)
    /// Braze's rules for values after interpolation for `workspace`.
    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics)

    /// Every text Braze renders or stores, with its field name: where references are looked for.
    var texts: [(field: String, text: SourcedText)] { get }
    /// Applies `transform` to every text of `texts` (used by interpolation).
    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText)
}
