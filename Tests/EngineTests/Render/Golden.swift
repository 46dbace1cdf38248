import Foundation
import Testing
@testable import Engine

/// Golden files for rendered output, under `Render/Golden/`, read through `#filePath`.
///
/// Re-recording is an explicit act: `BRAZEFORM_RECORD_GOLDEN=1 swift test --filter Render`
/// writes the files and fails, so a recording run never passes by accident.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["BRAZEFORM_RECORD_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file `name` (stored with a final newline).
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let content = actual + "\n"
        if recording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try content.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(name); run again without BRAZEFORM_RECORD_GOLDEN to check it", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(name); record it with BRAZEFORM_RECORD_GOLDEN=1 swift test --filter Render", sourceLocation: sourceLocation)
            return
        }
        guard expected != content else { return }
        let diff = UnifiedDiff.render(UnifiedDiff.hunks(old: expected, new: content)).joined(separator: "\n")
        Issue.record("""
            \(name) differs from its golden file (- golden, + actual); if the change is intended, \
            re-record with BRAZEFORM_RECORD_GOLDEN=1 swift test --filter Render
            \(diff.isEmpty ? "(only line endings or the final newline differ)" : diff)
            """, sourceLocation: sourceLocation)
    }
}
