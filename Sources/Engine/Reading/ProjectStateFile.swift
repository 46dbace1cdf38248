import BrazeCore
import Crypto
import Foundation

/// One of the files brazeform keeps per workspace and endpoint under the project's
/// git-ignored `.brazeform/`: `<folder>/<workspace>-<first 6 bytes of the endpoint's SHA-256, hex>.json`,
/// headed by its format version, workspace and endpoint. A file that is missing,
/// corrupt, or of another version, workspace or endpoint reads as nothing.
struct ProjectStateFile: Sendable {
    let file: URL
    let workspace: String
    let endpoint: String
    let formatVersion: Int

    /// The workspace name is kept to letters, digits, `-` and `_` (the name rule), so the path stays inside the folder.
    init(projectDirectory: String, folder: String, workspace: String, endpoint: String, formatVersion: Int) {
        let digest = SHA256.hash(data: Data(endpoint.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        let safe = String(workspace.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" })
        file = URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/\(folder)/\(safe)-\(digest).json")
        self.workspace = workspace
        self.endpoint = endpoint
        self.formatVersion = formatVersion
    }

    /// The file's top-level object, when its header is this version, workspace and endpoint.
    func read() -> [String: JSONValue]? {
        guard let data = FileManager.default.contents(atPath: file.path),
              let root = try? JSONValue.parse(data), case .object(let top) = root,
              top["format_version"]?.numberValue == Double(formatVersion),
              top["workspace"]?.stringValue == workspace, top["endpoint"]?.stringValue == endpoint else { return nil }
        return top
    }

    /// Replaces the file (a temporary file, then renamed) with the header, `about` and `body`.
    func write(about: String, _ body: [String: JSONValue]) throws {
        var top = body
        top["format_version"] = .number(Double(formatVersion))
        top["workspace"] = .string(workspace)
        top["endpoint"] = .string(endpoint)
        top["about"] = .string(about)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(JSONValue.object(top).serialized().utf8).write(to: file, options: .atomic)
    }
}
