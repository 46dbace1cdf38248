import Foundation
import Manifest

/// The formats `validate` reports in.
enum ValidateFormat: String, CaseIterable {
    case text, json, github
}

/// `validate`'s output. Text: every diagnostic on standard error, one summary line on
/// standard output. JSON: one object on standard output. GitHub: one workflow command
/// (`::error file=…,line=…,col=…::message`) a diagnostic on standard output, which is where
/// the runner reads them, and the summary line on standard error.
struct ValidateView {
    var color: Bool

    /// `workspace`: the -w given, if any.
    func print(_ result: ProjectLoadResult, workspace: String?, format: ValidateFormat = .text) {
        let d = result.diagnostics
        switch format {
        case .text:
            var view = DiagnosticsView(useColor: color)
            for diagnostic in d.sorted { printError(view.render(diagnostic)) }
            Swift.print(summary(result, workspace: workspace))
        case .github:
            for diagnostic in d.sorted { Swift.print(Self.github(diagnostic)) }
            printError(summary(result, workspace: workspace))
        case .json:
            Swift.print(Self.json(result))
        }
    }

    func summary(_ result: ProjectLoadResult, workspace: String?) -> String {
        let d = result.diagnostics
        if d.hasErrors { return "validate: \(DiagnosticsView.summary(d)); nothing was sent to Braze" }
        let resources = result.project?.resources.count ?? 0
        let files = result.project?.manifestFiles.count ?? 0
        let workspaces = workspace.map { "workspace '\($0)'" } ?? "\(result.project?.configuration.workspaces.count ?? 0) workspace(s)"
        return "validate: \(resources) resource\(resources == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") valid for \(workspaces); \(DiagnosticsView.summary(errors: 0, warnings: d.warningCount))"
    }

    /// A GitHub Actions workflow command: properties escaped (`%`, CR, LF, `:` and `,`), the message too.
    static func github(_ diagnostic: Diagnostic) -> String {
        func data(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func property(_ s: String) -> String { data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C") }
        var command = "::\(diagnostic.severity == .error ? "error" : "warning")"
        if let l = diagnostic.location { command += " file=\(property(l.file)),line=\(l.line),col=\(l.column)" }
        return command + "::" + data(diagnostic.message)
    }

    struct Document: Encodable {
        struct Entry: Encodable {
            var severity: String
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
        }

        var formatVersion = 1
        var valid: Bool
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]

        enum CodingKeys: String, CodingKey { case formatVersion = "format_version", valid, errors, warnings, diagnostics }
    }

    static func json(_ result: ProjectLoadResult) -> String {
        let d = result.diagnostics
        let document = Document(valid: !d.hasErrors, errors: d.errorCount, warnings: d.warningCount, diagnostics: d.sorted.map {
            .init(severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return #"{"error": "could not encode"}"# }
        return String(decoding: data, as: UTF8.self)
    }
}
