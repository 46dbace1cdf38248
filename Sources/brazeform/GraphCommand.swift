import ArgumentParser
import Engine
import Foundation
import Manifest

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid, dot

    var renderer: GraphRenderer.Format { self == .dot ? .dot : .mermaid }
}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dependency graph of the manifests (Mermaid or Graphviz DOT); no API call.",
        discussion: """
        Nodes are kind.name; an edge goes from a resource to what it references (content block includes, catalog \
        and preference center references, subscription groups). References to resources no manifest declares are \
        drawn dashed: plan requires them to exist in the workspace. The order is stable, so the output diffs well.

        Mermaid (the default) is ready to paste inside a ```mermaid fence in a pull request; DOT is for Graphviz: \
        brazeform graph --format dot | dot -Tsvg > graph.svg

        graph sends nothing to Braze; like validate it takes plan's --endpoint (checked as plan would check it), \
        --api-key-env and -v (every manifest file read, with what it declares), so that one command line serves \
        every step of a pipeline.
        """)

    @OptionGroup var global: ProjectOptions
    @OptionGroup var connection: OfflineConnectionOptions

    @Option(help: "mermaid (default) or dot.")
    var format: GraphFormat = .mermaid

    func run() throws {
        try connection.check()
        let loader = ProjectLoader(directory: global.directory, workspaceName: global.workspace)
        let result = loader.load()
        connection.listFiles(of: result.project, loader: loader)
        var view = DiagnosticsView(useColor: global.useColorOnStandardError)
        view.printOnStandardError(result.diagnostics, errorsOnly: true)
        let invalid = "brazeform: the project is invalid (\(DiagnosticsView.summary(result.diagnostics)))"
        guard let project = result.project else { throw ExitStatus.fail(.invalidProject, invalid) }
        // A project with errors (a reference cycle, say) still has a graph worth seeing.
        print(GraphRenderer.render(project.graph, format: format.renderer), terminator: "")
        if result.diagnostics.hasErrors { throw ExitStatus.fail(.invalidProject, invalid + "; run `brazeform validate` for details") }
    }
}
