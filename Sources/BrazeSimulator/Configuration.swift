import BrazeCore
import Foundation

/// The Braze rate-limit groups: endpoints in one group share one bucket.
public enum RateLimitGroup: String, Sendable, Codable, CaseIterable, Hashable {
    /// 250,000 requests per hour: content blocks, email templates, subscription status reads.
    case `default`
    /// `GET/POST /catalogs`, `DELETE /catalogs/{name}`: 5 per minute (seed text).
    case catalogManagement
    /// `POST /catalogs/{name}/fields`, `DELETE /catalogs/{name}/fields/{field}` (with the
    /// selection endpoints): 50 per minute (current documentation; the seed has no field endpoints).
    case catalogFields
    /// Bulk `POST/PUT/PATCH/DELETE /catalogs/{name}/items`: 100 per minute (seed text).
    case catalogItemsAsync
    /// `GET /catalogs/{name}/items` and `/catalogs/{name}/items/{id}`: 50 per minute.
    case catalogItemsSync
    /// `POST /preference_center/v1`, `PUT /preference_center/v1/{id}`: 10 per minute.
    case preferenceCenterWrite
    /// `GET /preference_center/v1/list`, `GET /preference_center/v1/{id}`: 1,000 per minute.
    case preferenceCenterRead
    /// `POST /subscription/status/set` and `/v2/subscription/status/set`: 5,000 per minute.
    case subscriptionStatusSet
}

/// `limit` requests per fixed window of `windowSeconds` (windows are aligned on the epoch,
/// like Braze's hourly and per-minute windows).
public struct RateLimit: Sendable, Codable, Hashable {
    public var limit: Int
    public var windowSeconds: Double

    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    public static func perMinute(_ limit: Int) -> RateLimit { RateLimit(limit: limit, windowSeconds: 60) }
    public static func perHour(_ limit: Int) -> RateLimit { RateLimit(limit: limit, windowSeconds: 3600) }
}

public struct SimulatorConfiguration: Sendable {
    /// The REST API key every sandbox accepts unless told otherwise.
    public static let defaultAPIKey = "brazeform-sandbox-key"

    /// Keys accepted in `Authorization: Bearer KEY`.
    public var apiKeys: Set<String>
    /// The limit of each group; a group missing here is not limited.
    public var rateLimits: [RateLimitGroup: RateLimit]
    /// How long after a bulk catalog item write (202) its effect becomes visible, in seconds
    /// of the simulator's `TimeSource`.
    public var catalogItemWriteDelay: Double
    /// Items per page of `GET /catalogs/{name}/items`.
    public var catalogItemsPageSize: Int
    /// Most fields a catalog may have, `id` included (seed text: 30; current Braze: 500).
    public var maxCatalogFields: Int
    /// Whether `array` and `object` field types are accepted (the API accepts them).
    public var allowsArrayAndObjectFieldTypes: Bool
    /// Most catalogs a workspace may hold (`reached-company-catalogs-limit`); nil: no limit.
    public var maxCatalogs: Int?
    /// Most preference centers a workspace may hold.
    public var maxPreferenceCenters: Int
    /// Status of `/content_blocks/info` and `/templates/email/info` for an unknown id
    /// (Braze has been seen answering 404, and 200 with only an error message).
    public var unknownInfoStatus: Int
    /// Base of the URLs in catalog item `Link` headers; nil: `http://` + the request's Host
    /// header (or a relative link when there is none, as for in-process requests).
    public var linkBaseURL: String?
    /// Link aliasing: whether saving an email body adds a `lid=` value to each of
    /// its links that has none (api-notes "Ids a workspace assigns inside bodies").
    public var assignsLinkIDs: Bool
    /// Time each request takes before it is answered, in seconds of the simulator's
    /// clock (for benchmarks against a served sandbox); 0: none.
    public var latency: Double
    /// Whether `POST /catalogs/{name}/fields` and `DELETE /catalogs/{name}/fields/{field}`
    /// exist (the current API). False: a workspace of the seed text's API, which answers
    /// them 404 `{"message":"Not Found"}` like any unknown route.
    public var offersCatalogFieldEndpoints: Bool

    public init(
        apiKeys: Set<String> = [SimulatorConfiguration.defaultAPIKey],
        rateLimits: [RateLimitGroup: RateLimit] = SimulatorConfiguration.brazeSeedRateLimits,
        catalogItemWriteDelay: Double = 1.0,
        catalogItemsPageSize: Int = 50,
        maxCatalogFields: Int = 30,
        allowsArrayAndObjectFieldTypes: Bool = true,
        maxCatalogs: Int? = nil,
        maxPreferenceCenters: Int = 50,
        unknownInfoStatus: Int = 404,
        linkBaseURL: String? = nil,
        assignsLinkIDs: Bool = false,
        latency: Double = 0,
        offersCatalogFieldEndpoints: Bool = true
    ) {
        self.apiKeys = apiKeys
        self.rateLimits = rateLimits
        self.catalogItemWriteDelay = catalogItemWriteDelay
        self.catalogItemsPageSize = max(1, catalogItemsPageSize)
        self.maxCatalogFields = maxCatalogFields
        self.allowsArrayAndObjectFieldTypes = allowsArrayAndObjectFieldTypes
        self.maxCatalogs = maxCatalogs
        self.maxPreferenceCenters = maxPreferenceCenters
        self.unknownInfoStatus = unknownInfoStatus
        self.linkBaseURL = linkBaseURL
        self.assignsLinkIDs = assignsLinkIDs
        self.latency = max(0, latency)
        self.offersCatalogFieldEndpoints = offersCatalogFieldEndpoints
    }

    /// The limits of the seed text (the strictest published ones).
    public static let brazeSeedRateLimits: [RateLimitGroup: RateLimit] = [
        .default: .perHour(250_000),
        .catalogManagement: .perMinute(5),
        .catalogFields: .perMinute(50),
        .catalogItemsAsync: .perMinute(100),
        .catalogItemsSync: .perMinute(50),
        .preferenceCenterWrite: .perMinute(10),
        .preferenceCenterRead: .perMinute(1_000),
        .subscriptionStatusSet: .perMinute(5_000),
    ]

    /// The limits of Braze's current documentation (catalog endpoints were raised).
    public static let brazeCurrentRateLimits: [RateLimitGroup: RateLimit] = {
        var limits = brazeSeedRateLimits
        limits[.catalogManagement] = .perMinute(50)
        limits[.catalogItemsAsync] = .perMinute(16_000)
        return limits
    }()
}
