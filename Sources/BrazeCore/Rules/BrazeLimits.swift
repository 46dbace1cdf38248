/// Braze's limits that can be checked without calling Braze.
///
/// Where the seed API text and what is known of the real API disagree
/// (../shared/braze-api/api-notes.md), the real, more permissive limit is an
/// error and the seed's stricter one a warning.
public enum BrazeLimits {
    /// Content block names "must be less than 100 characters".
    public static let contentBlockNameMaxLength = 99
    /// Descriptions: content blocks "shorter than 250", catalogs "limit is 250".
    public static let descriptionMaxLength = 250
    /// Content block content "must be smaller than 50kb": 51,200 bytes of UTF-8.
    public static let contentMaxBytes = 51_200
    public static let catalogNameMaxLength = 250
    public static let catalogFieldNameMaxLength = 250
    /// Catalog fields: the seed says 30, current documentation 500.
    public static let catalogFieldsSeedMaximum = 30
    public static let catalogFieldsMaximum = 500
    public static let itemIDMaxLength = 250
    public static let itemValueMaxLength = 5_000
    public static let itemNestingMaximum = 50
    public static let preferenceCentersMaximum = 50
    /// Users per subscription status call.
    public static let subscriptionBatchSize = 50
    /// Items per bulk catalog item call.
    public static let itemBatchSize = 50
    /// Items per page of `GET /catalogs/{name}/items` (a full read is `ceil(items / 50)` pages).
    public static let itemPageSize = 50
    /// Fields per catalog field call (current API).
    public static let fieldBatchSize = 50
}
