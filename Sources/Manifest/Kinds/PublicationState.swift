/// Whether a content block or preference center is live.
public enum PublicationState: String, Sendable, Hashable, CaseIterable {
    case active, draft
}
