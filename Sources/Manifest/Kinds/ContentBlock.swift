import BrazeCore
import Foundation
import YAML

public struct ContentBlock: Sendable, Hashable {
    public var name: String
    public var description: SourcedText?
    public var content: SourcedText
    public var state: PublicationState
    /// nil: tags are not managed; []: the block has no tags.
    public var tags: [String]?
}

extension ContentBlock: ManifestKind {
    static let kind = ResourceKind.contentBlock
    var resourceBody: Resource.Body { .contentBlock(self) }

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec.kindField,
        FieldSpec("name", .string, required: true, "The block's name and key: letters, digits, - and _, under 100 characters.", pattern: FieldSpec.namePattern, maxLength: BrazeLimits.contentBlockNameMaxLength),
        FieldSpec("description", .text, "Under 250 characters.", maxLength: BrazeLimits.descriptionMaxLength),
        FieldSpec("content", .text, required: true, "HTML or text; under 50 KB (51,200 bytes of UTF-8) after interpolation."),
        FieldSpec("state", .oneOf(PublicationState.allCases.map(\.rawValue)), "active (default) or draft. Braze does not return it, so it is only sent, never compared."),
        FieldSpec("tags", .list(.string), "Tags, which must already exist in Braze. Absent: tags are not managed."),
    ]

    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> ContentBlock? {
        let content = reader.text(d, "content", diagnostics: &diagnostics)
        let description = reader.text(d, "description", diagnostics: &diagnostics)
        let state = d.oneOf("state", PublicationState.self, diagnostics: &diagnostics) ?? .active
        let tags = d.stringList("tags", diagnostics: &diagnostics)
        guard let content else { return nil }
        return ContentBlock(name: name, description: description, content: content, state: state, tags: tags)
    }

    func check(declaredAt location: SourceLocation, fieldLocations loc: [String: SourceLocation], diagnostics: inout Diagnostics) {
        ResourceRules.checkName(name, of: "content block", maxLength: BrazeLimits.contentBlockNameMaxLength, at: loc["name"] ?? location, diagnostics: &diagnostics)
        if let d = description { ResourceRules.checkDescription(d, of: "content block '\(name)'", diagnostics: &diagnostics) }
        ResourceRules.checkTags(tags, at: loc["tags"], diagnostics: &diagnostics)
    }

    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {
        let bytes = content.text.utf8.count
        if bytes >= BrazeLimits.contentMaxBytes {
            diagnostics.error("content of content block '\(name)' is \(bytes.formatted()) bytes after interpolation for workspace '\(workspace)'; Braze accepts under \(BrazeLimits.contentMaxBytes.formatted()) bytes (50 KB): split it into smaller blocks", at: content.location)
        }
        if content.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            diagnostics.error("content of content block '\(name)' is blank; Braze refuses blank content", at: content.location)
        }
    }

    var texts: [(field: String, text: SourcedText)] {
        [("content", content)] + (description.map { [("description", $0)] } ?? [])
    }

    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        content = transform("content", content)
        description = description.map { transform("description", $0) }
    }
}
