import ArgumentParser
import Engine
import Foundation
import Manifest

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the live workspace as manifests; `plan` on the result shows no changes.",
        discussion: """
        Reads every content block, email template, catalog (with all its items) and preference center of the workspace \
        and writes one YAML file per resource under DIR/braze/<kind>/, with bodies and HTML in files of their own \
        (byte for byte) and catalog items as CSV. Subscription groups cannot be listed through Braze's API, so they are \
        not exported: declare them by hand with their ids from the dashboard.

        The workspace is the project's (-w NAME, or default_workspace), or --endpoint URL with --api-key-env NAME when \
        there is no project. DIR (--out) defaults to the project folder, or -C, or the current folder. A brazeform.yaml \
        with the exported workspace's settings is written when DIR has none. Resources that DIR's manifests already \
        declare are not exported again, nor those the project's `ignore` lists.

        Existing files are never overwritten without --force: export lists them, writes nothing and exits 1. \
        Files whose content would not change are left alone.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The folder to write into (default: the project folder, -C, or the current folder).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("kind"), help: ArgumentHelp("Export only this kind: content_block, email_template, catalog or preference_center (repeatable).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(name: .customLong("name"), help: ArgumentHelp("Export only resources whose name matches this pattern (*, ?, [..]; repeatable).", valueName: "PATTERN"))
    var names: [String] = []

    @Flag(help: "Overwrite existing files.")
    var force = false

    func validate() throws {
        try global.requireEndpointForKeyVariable()
        _ = try ExportKinds.parse(kinds)
    }

    func run() async throws {
        let source: ExportSource
        do {
            source = try WorkspaceChoice.forExport(directory: global.directory, workspace: global.workspace, endpoint: global.endpoint, apiKeyEnv: global.apiKeyEnv)
        } catch {
            var view = DiagnosticsView(useColor: global.useColorOnStandardError)
            view.printOnStandardError(error.diagnostics)
            throw ExitStatus.fail(error)
        }
        let filter = ExportFilter(kinds: try ExportKinds.parse(kinds), namePatterns: names, ignore: source.ignore)
        let session = ExportSession(source: source, outDirectory: out.map(absolutePath) ?? source.defaultOutDirectory, filter: filter, force: force)
        try await Self.perform(session, global)
    }

    /// Connects, reads, writes and reports (also for `init --from-existing`).
    static func perform(_ session: ExportSession, _ global: GlobalOptions) async throws {
        let connection = try CommandContext.connect(session.source, global)
        ExportReportView.reading(session.source)
        let outcome: ExportOutcome
        do {
            outcome = try await session.run(connection.client)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw ExitStatus.fail(error, doing: "reading the workspace")
        }
        ExportReportView(color: global.useColorOnStandardError).print(outcome)
    }
}
