import Foundation

/// One entry of an RFC 8288 `Link` header.
struct LinkHeaderEntry: Sendable, Hashable {
    var target: String
    var relations: [String]
}

enum LinkHeader {
    /// Parses `<url>; rel="prev", <url>; rel="next"` (several headers allowed).
    static func parse(_ values: [String]) -> [LinkHeaderEntry] {
        var entries: [LinkHeaderEntry] = []
        for value in values {
            var rest = Substring(value)
            while let open = rest.firstIndex(of: "<") {
                guard let close = rest[open...].firstIndex(of: ">") else { break }
                let target = String(rest[rest.index(after: open)..<close])
                var params = rest[rest.index(after: close)...]
                // Parameters run until the next "<" that follows a comma.
                var end = params.endIndex
                var inQuotes = false
                var index = params.startIndex
                while index < params.endIndex {
                    let character = params[index]
                    if character == "\"" { inQuotes.toggle() }
                    if character == ",", !inQuotes { end = index; break }
                    index = params.index(after: index)
                }
                let paramText = params[params.startIndex..<end]
                var relations: [String] = []
                for part in paramText.split(separator: ";") {
                    let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2, pair[0].lowercased() == "rel" else { continue }
                    let names = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    relations += names.split(separator: " ").map { $0.lowercased() }
                }
                entries.append(LinkHeaderEntry(target: target, relations: relations))
                params = end < params.endIndex ? params[params.index(after: end)...] : params[params.endIndex...]
                rest = params
            }
        }
        return entries
    }

    static func next(_ headers: HTTPFields) -> String? {
        parse(headers.all("Link")).first { $0.relations.contains("next") }?.target
    }
}

extension BrazeClient {
    /// Reads every page of a listing that pages with `limit`/`offset` until a
    /// short page. The first request carries no `offset` (Braze has refused
    /// `offset=0`).
    func pagedByOffset<Item: Sendable>(
        _ path: String, pageSize: Int, extraQuery: [(String, String)] = [],
        id: (Item) -> String,
        page decodePage: (TransportResponse, Call) throws -> [Item]
    ) async throws -> [Item] {
        guard pageSize > 0 else { throw BrazeAPIError.invalidRequest("page size must be positive") }
        var all: [Item] = []
        var seen = Set<String>()
        var offset = 0
        var previousIDs: [String]?
        for _ in 0..<100_000 {
            var query = [("limit", String(pageSize))] + extraQuery
            if offset > 0 { query.append(("offset", String(offset))) }
            let request = try call(.get, path, query: query, group: .standard)
            let response = try await perform(request)
            let page = try decodePage(response, request)
            let ids = page.map(id)
            if let previousIDs, !ids.isEmpty, ids == previousIDs {
                throw BrazeAPIError.pagination(path: path, reason: "offset \(offset) returned the same page as the one before (the server ignores offset?)")
            }
            previousIDs = ids
            for (item, itemID) in zip(page, ids) where seen.insert(itemID).inserted {
                all.append(item)   // entries shifted by concurrent changes may repeat across pages
            }
            if page.count < pageSize { return all }
            offset += page.count
        }
        throw BrazeAPIError.pagination(path: path, reason: "more than 100,000 pages")
    }

    /// Reads every page of a listing that pages through `Link: <...>; rel="next"`.
    /// Follows only links to this endpoint's origin and stops with an error when a
    /// cursor repeats.
    func pagedByLink<Item: Sendable>(
        _ path: String, group: RateLimitGroup,
        afterPage: (@Sendable (Int) async -> Void)? = nil,
        page decodePage: (TransportResponse, Call) throws -> [Item]
    ) async throws -> [Item] {
        var request = try call(.get, path, group: group)
        var all: [Item] = []
        var visited = Set<String>()
        for _ in 0..<1_000_000 {
            let response = try await perform(request)
            let page = try decodePage(response, request)
            all += page
            await afterPage?(page.count)
            guard let link = LinkHeader.next(response.headers) else { return all }
            guard let next = URL(string: link, relativeTo: request.url)?.absoluteURL else {
                throw BrazeAPIError.pagination(path: path, reason: "the next-page link is not a URL")
            }
            guard endpoint.isSameOrigin(next) else {
                throw BrazeAPIError.pagination(path: path, reason: "the next-page link points to another origin (\(next.scheme ?? "?")://\(next.host ?? "?")); refusing to send the API key there")
            }
            let cursor = URLComponents(url: next, resolvingAgainstBaseURL: false)?
                .queryItems?.first { $0.name == "cursor" }?.value ?? next.absoluteString
            guard visited.insert(cursor).inserted, next != request.url else {
                throw BrazeAPIError.pagination(path: path, reason: "the cursor '\(cursor)' repeated; stopping instead of looping")
            }
            request = Call(method: .get, url: next, path: path, body: nil, group: group)
        }
        throw BrazeAPIError.pagination(path: path, reason: "more than 1,000,000 pages")
    }
}
