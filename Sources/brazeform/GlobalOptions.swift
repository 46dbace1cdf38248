import ArgumentParser
import Foundation

/// Options every command accepts after its name (`brazeform plan -C DIR -w staging`).
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .long], help: "The project folder (default: the current folder or its nearest parent holding brazeform.yaml).")
    var directory: String?

    @Option(name: [.customShort("w"), .long], help: "The workspace of brazeform.yaml to use (default: default_workspace).")
    var workspace: String?

    @Option(help: "A REST endpoint to use instead of a named workspace.")
    var endpoint: String?

    @Option(help: "The environment variable holding the API key, with --endpoint.")
    var apiKeyEnv: String = "BRAZE_API_KEY"

    @Flag(help: "No colour (also when NO_COLOR is set or output is not a terminal).")
    var noColor = false

    @Flag(name: [.customShort("v"), .long], help: "Log every request (the API key is never shown).")
    var verbose = false

    /// Colour only on a terminal, and never when asked not to.
    var useColor: Bool { colorAllowed && isatty(STDOUT_FILENO) == 1 }

    /// The same rule for standard error.
    var useColorOnStandardError: Bool { colorAllowed && isatty(STDERR_FILENO) == 1 }

    private var colorAllowed: Bool { Self.colorAllowed(noColor: noColor, environment: ProcessInfo.processInfo.environment) }

    /// No colour with --no-color or a non-empty NO_COLOR (no-color.org: an empty one does not count).
    static func colorAllowed(noColor: Bool, environment: [String: String]) -> Bool {
        !noColor && (environment["NO_COLOR"] ?? "").isEmpty
    }
}
