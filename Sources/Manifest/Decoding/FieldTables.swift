/// Every field table, by the part of a project it is for: the single source for
/// the loader's unknown-field checks and for the JSON Schemas in `schema/`.
/// Each table lives with the type it describes; these are its public names.
public enum FieldTables {
    static let namePattern = FieldSpec.namePattern
    static let kindField = FieldSpec.kindField

    public static var contentBlock: [FieldSpec] { ContentBlock.fieldSpecs }
    public static var emailTemplate: [FieldSpec] { EmailTemplate.fieldSpecs }
    public static var catalogField: [FieldSpec] { CatalogField.fieldSpecs }
    public static var catalog: [FieldSpec] { Catalog.fieldSpecs }
    public static var preferenceCenterOptions: [FieldSpec] { PreferenceCenter.optionSpecs }
    public static var preferenceCenter: [FieldSpec] { PreferenceCenter.fieldSpecs }
    public static var subscriptionMembers: [FieldSpec] { SubscriptionGroup.memberSpecs }
    public static var subscriptionGroup: [FieldSpec] { SubscriptionGroup.fieldSpecs }

    public static func fields(of kind: ResourceKind) -> [FieldSpec] {
        kind.type.fieldSpecs
    }

    // MARK: brazeform.yaml

    public static var workspace: [FieldSpec] { WorkspaceConfiguration.fieldSpecs }
    public static var ignore: [FieldSpec] { ProjectConfiguration.ignoreSpecs }
    public static var project: [FieldSpec] { ProjectConfiguration.fieldSpecs }
}
