public enum FieldTables {
    static let namePattern = "^[A-Za-z0-9_-]+$"
    static let kindField = FieldSpec("kind", .oneOf(ResourceKind.allCases.map(\.rawValue)), required: true, "The kind of resource.")

    public static let contentBlock: [FieldSpec] = [
        kindField,
        FieldSpec("name", .string, required: true, "The block's name and key: letters, digits, - and _, under 100 characters.", pattern: namePattern, maxLength: BrazeLimits.contentBlockNameMaxLength),
        FieldSpec("description", .text, "Under 250 characters.", maxLength: BrazeLimits.descriptionMaxLength),
        FieldSpec("content", .text, required: true, "HTML or text; under 50 KB (51,200 bytes of UTF-8) after interpolation."),
        FieldSpec("state", .oneOf(PublicationState.allCases.map(\.rawValue)), "active (default) or draft. Braze does not return it, so it is only sent, never compared."),
        FieldSpec("tags", .list(.string), "Tags, which must already exist in Braze. Absent: tags are not managed."),
    ]

    public static let emailTemplate: [FieldSpec] = [
        kindField,
        FieldSpec("name", .string, required: true, "The template's name and key (sent as template_name)."),
        FieldSpec("subject", .text, required: true, "The subject line."),
        FieldSpec("preheader", .text, "The preheader shown in inbox previews."),
        FieldSpec("body", .text, required: true, "The HTML body."),
        FieldSpec("plaintext_body", .text, "A plain-text version of the body."),
        FieldSpec("should_inline_css", .boolean, "Whether Braze inlines CSS; absent: the workspace default."),
        FieldSpec("tags", .list(.string), "Tags, which must already exist in Braze. Absent: tags are not managed."),
    ]

    public static let catalogField: [FieldSpec] = [
        FieldSpec("name", .string, required: true, "The field's name: letters, digits, - and _, at most 250 characters.", pattern: namePattern, maxLength: BrazeLimits.catalogFieldNameMaxLength),
        FieldSpec("type", .oneOf(CatalogFieldType.allCases.map(\.rawValue)), required: true, "The field's type."),
    ]

    public static let catalog: [FieldSpec] = [
        kindField,
        FieldSpec("name", .string, required: true, "The catalog's name and key: letters, digits, - and _, at most 250 characters.", pattern: namePattern, maxLength: BrazeLimits.catalogNameMaxLength),
        FieldSpec("description", .text, required: true, "At most 250 characters.", maxLength: BrazeLimits.descriptionMaxLength),
        FieldSpec("fields", .listOfObjects(catalogField), required: true, "The schema; the first field is `id` of type string."),
        FieldSpec("items", .catalogItems, "The complete set of items: an inline list or {file: PATH} to a .csv, .json, .jsonl or .yaml file. Absent: items are not managed."),
    ]

    public static let preferenceCenterOptions: [FieldSpec] = [
        FieldSpec("meta-viewport-content", .text, "When present, a viewport meta tag with this content is added to the page."),
    ]

    public static let preferenceCenter: [FieldSpec] = [
        kindField,
        FieldSpec("name", .string, required: true, "The preference center's name and key: letters, digits, - and _; it cannot be renamed once created.", pattern: namePattern),
        FieldSpec("title", .text, "The title of the preference and confirmation pages (preference_center_title)."),
        FieldSpec("page_html", .text, required: true, "The preference page's HTML (preference_center_page_html)."),
        FieldSpec("confirmation_page_html", .text, required: true, "The confirmation page's HTML."),
        FieldSpec("state", .oneOf(PublicationState.allCases.map(\.rawValue)), "active or draft."),
        FieldSpec("options", .object(preferenceCenterOptions), "Page options."),
    ]

    public static let subscriptionMembers: [FieldSpec] = [
        FieldSpec("subscribed", .list(.string), "external_ids that must be subscribed."),
        FieldSpec("unsubscribed", .list(.string), "external_ids that must be unsubscribed."),
    ]

    public static let subscriptionGroup: [FieldSpec] = [
        kindField,
        FieldSpec("name", .string, required: true, "A local key, used by ((subscription_group.NAME.id)).", pattern: namePattern),
        FieldSpec("id", .string, required: true, "The group's id in the selected workspace (usually ((var.NAME))); groups are created in the Braze dashboard."),
        FieldSpec("channel", .oneOf(SubscriptionChannel.allCases.map(\.rawValue)), required: true, "email, sms or whatsapp."),
        FieldSpec("members", .object(subscriptionMembers), "When present, these users' states are enforced."),
    ]

    public static func fields(of kind: ResourceKind) -> [FieldSpec] {
        switch kind {
        case .contentBlock: contentBlock
        case .emailTemplate: emailTemplate
        case .catalog: catalog
        case .preferenceCenter: preferenceCenter
        case .subscriptionGroup: subscriptionGroup
        }
    }

    // MARK: brazeform.yaml

    public static let workspace: [FieldSpec] = [
        FieldSpec("sandbox", .boolean, "true: the embedded simulated Braze, stored in .brazeform/sandbox/<workspace>.json."),
        FieldSpec("instance", .oneOf(BrazeInstances.names), "A Braze instance (US-01 … US-08, EU-01, EU-02)."),
        FieldSpec("endpoint", .string, "An explicit REST endpoint: https://, or http:// to a loopback address."),
        FieldSpec("api_key_env", .string, "The environment variable holding the REST API key (default BRAZE_API_KEY).", pattern: "^[A-Za-z_][A-Za-z0-9_]*$"),
        FieldSpec("vars", .map(.string), "Variables for ((var.NAME))."),
    ]

    public static let ignore: [FieldSpec] = ResourceKind.allCases.map {
        FieldSpec($0.rawValue, .list(.string), "Name patterns (* and ?) of live \($0.displayName)s that brazeform neither reports nor touches.")
    }

    public static let project: [FieldSpec] = [
        FieldSpec("version", .integer, required: true, "The project file format: 1."),
        FieldSpec("manifests", .list(.string), "Folders (searched recursively for *.yaml / *.yml) or globs, relative to this file; default: this file's folder."),
        FieldSpec("default_workspace", .string, "The workspace used when -w is not given."),
        FieldSpec("prune", .boolean, "Delete live catalogs that no manifest declares (with --allow-destructive)."),
        FieldSpec("workspaces", .map(.object(workspace)), required: true, "The Braze workspaces this project manages."),
        FieldSpec("ignore", .object(ignore), "Live resources to leave alone, by kind."),
    ]
}
