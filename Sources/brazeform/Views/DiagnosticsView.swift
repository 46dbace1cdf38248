import Foundation
import BrazeCore
import Manifest

/// Prints diagnostics as `path:line:col: error: message`, with the source line
/// and a caret under the column when colour is on (a terminal).
struct DiagnosticsView {
    var useColor: Bool
    private var sourceCache: [String: [Substring]] = [:]

    init(useColor: Bool) { self.useColor = useColor }

    /// Prints `diagnostics` in order on standard error (only the errors when `errorsOnly`).
    mutating func printOnStandardError(_ diagnostics: Diagnostics, errorsOnly: Bool = false) {
        for diagnostic in diagnostics.sorted where !errorsOnly || diagnostic.severity == .error { printError(render(diagnostic)) }
    }

    mutating func render(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity.rawValue
        let colouredSeverity = useColor ? (diagnostic.severity == .error ? "\u{1B}[1;31m\(severity)\u{1B}[0m" : "\u{1B}[1;33m\(severity)\u{1B}[0m") : severity
        var line: String
        if let location = diagnostic.location {
            line = "\(Printable.escaped(location.description)): \(colouredSeverity): \(diagnostic.printableMessage)"
            if useColor, let source = sourceLine(location.file, location.line) {
                let caret = String(repeating: " ", count: max(0, location.column - 1)) + "^"
                line += "\n    \(source)\n    \u{1B}[32m\(caret)\u{1B}[0m"
            }
        } else {
            line = "\(colouredSeverity): \(diagnostic.printableMessage)"
        }
        return line
    }

    private mutating func sourceLine(_ file: String, _ number: Int) -> String? {
        if sourceCache[file] == nil {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
            sourceCache[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = sourceCache[file], number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1]).replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: "")
    }

    /// "2 errors, 1 warning".
    static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// "2 errors, 1 warning" of `diagnostics`.
    static func summary(_ diagnostics: Diagnostics) -> String {
        summary(errors: diagnostics.errorCount, warnings: diagnostics.warningCount)
    }
}
