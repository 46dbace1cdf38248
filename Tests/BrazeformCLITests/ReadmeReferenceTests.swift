import Foundation
import Testing

/// README's "Commands" reference and `--help` describe the same command line: every command
/// and every option `--help` shows is documented, and README documents no option a command
/// lacks. The command tree comes from the binary itself (ArgumentParser's
/// `--experimental-dump-help`), so adding an option without documenting it fails here.
@Suite struct ReadmeReferenceTests {
    /// One command of the tree: its path under `brazeform` ("" for the root, "sandbox serve")
    /// and the long names of the options and flags its `--help` shows.
    struct Command: Hashable {
        var path: String
        var options: Set<String>
        var hasSubcommands: Bool
        /// Long name to short name (`--directory` to `-C`), for the options that have one.
        var shortNames: [String: String] = [:]
    }

    static func commandTree() async throws -> [Command] {
        let result = try await CLIRunner.runAsync(["--experimental-dump-help"])
        try #require(result.status == 0, "\(result.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let root = try #require(json["command"] as? [String: Any])
        var commands: [Command] = []
        func walk(_ node: [String: Any], path: [String]) {
            let arguments = node["arguments"] as? [[String: Any]] ?? []
            var options = Set<String>()
            var shortNames: [String: String] = [:]
            for argument in arguments where (argument["kind"] as? String) != "positional" && (argument["shouldDisplay"] as? Bool ?? true) {
                let names = argument["names"] as? [[String: Any]] ?? []
                let long = names.first { ($0["kind"] as? String) == "long" }?["name"] as? String
                let short = names.first { ($0["kind"] as? String) == "short" }?["name"] as? String
                guard let long, long != "help" else { continue }
                options.insert("--" + long)
                if let short { shortNames["--" + long] = "-" + short }
            }
            // ArgumentParser repeats the root's --version in every subcommand's help; it is the root's option.
            if !path.isEmpty { options.remove("--version") }
            let subcommands = (node["subcommands"] as? [[String: Any]] ?? []).filter { ($0["commandName"] as? String) != "help" }
            commands.append(Command(path: path.joined(separator: " "), options: options, hasSubcommands: !subcommands.isEmpty, shortNames: shortNames))
            for sub in subcommands where sub["shouldDisplay"] as? Bool ?? true {
                walk(sub, path: path + [sub["commandName"] as? String ?? "?"])
            }
        }
        walk(root, path: [])
        return commands
    }

    /// What README's "## Commands" section documents.
    struct Reference {
        /// Command path to the options its heading names (`### \`brazeform plan [--out FILE] …\``).
        var headings: [String: Set<String>] = [:]
        /// Shared options table: option long name to the commands its row names.
        var shared: [String: Set<String>] = [:]
        /// Shared options table: option long name to the short names its row shows (`-C`).
        var sharedShortNames: [String: Set<String>] = [:]

        func documented(_ path: String) -> Set<String> {
            (headings[path] ?? []).union(shared.filter { $0.value.contains(path) }.map(\.key))
        }
    }

    static func longOptions(in text: Substring) -> Set<String> {
        Set(text.matches(of: #/--[a-z][a-z0-9-]*/#).map { String($0.output) })
    }

    static func readmeReference() throws -> Reference {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "## Commands"), "README has a ## Commands section")
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.endIndex
        var reference = Reference()
        var inPreamble = true
        for line in lines[(start + 1)..<end] {
            if line.hasPrefix("### ") {
                inPreamble = false
                // Each `brazeform …` in backticks names one command: its words up to the first option or argument.
                for chunk in line.matches(of: #/`(brazeform[^`]*)`/#).map({ $0.output.1 }) {
                    let words = chunk.split(separator: " ").dropFirst().prefix { $0.first.map { $0.isLowercase } ?? false }
                    let path = words.joined(separator: " ")
                    reference.headings[path, default: []].formUnion(longOptions(in: chunk))
                }
            } else if inPreamble, line.hasPrefix("| `-") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 2 else { continue }
                let commands = Set(cells[1].matches(of: #/`([a-z ]+)`/#).map { String($0.output.1) })
                let shorts = Set(cells[0].matches(of: #/(?:^|[^-\w])(-[A-Za-z])\b/#).map { String($0.output.1) })
                for option in longOptions(in: Substring(cells[0])) {
                    reference.shared[option, default: []].formUnion(commands)
                    reference.sharedShortNames[option, default: []].formUnion(shorts)
                }
            }
        }
        return reference
    }

    @Test func readmeDocumentsEveryCommandAndOptionOfHelpAndNoOther() async throws {
        let tree = try await Self.commandTree()
        let reference = try Self.readmeReference()
        let paths = Set(tree.map(\.path))
        #expect(tree.count > 10, "the command tree was read: \(tree.map(\.path))")

        for command in tree {
            // A command holding only subcommands (`sandbox`) is documented through them.
            if command.hasSubcommands && command.options.isEmpty { continue }
            let name = command.path.isEmpty ? "brazeform" : "brazeform \(command.path)"
            #expect(reference.headings[command.path] != nil || command.path.isEmpty && command.options.isEmpty,
                    "README's Commands section has no ### heading for `\(name)`")
            let documented = reference.documented(command.path)
            let undocumented = command.options.subtracting(documented)
            let extra = documented.subtracting(command.options)
            #expect(undocumented.isEmpty, "`\(name) --help` shows \(undocumented.sorted()), which README's reference for it does not name")
            #expect(extra.isEmpty, "README's reference names \(extra.sorted()) for `\(name)`, which it does not take")
            for (long, short) in command.shortNames.sorted(by: { $0.key < $1.key }) where reference.shared[long]?.contains(command.path) == true {
                #expect(reference.sharedShortNames[long] == [short], "README's row for \(long) should show its short name \(short), as `\(name) --help` does")
            }
        }
        for path in reference.headings.keys {
            #expect(paths.contains(path), "README documents `brazeform \(path)`, which is no command")
        }
        for (option, commands) in reference.shared {
            #expect(!commands.isEmpty, "README's shared options table names no command for \(option)")
            for command in commands { #expect(paths.contains(command), "README's row for \(option) names `\(command)`, which is no command") }
        }
    }

    /// The check above reads what it should: a heading or row naming an option a command lacks is found.
    @Test func theReferenceParserSeesHeadingsAndSharedRows() throws {
        let reference = try Self.readmeReference()
        #expect(reference.headings["plan"]?.contains("--detailed-exitcode") == true)
        #expect(reference.headings["sandbox serve"]?.contains("--port") == true)
        #expect(reference.headings["sandbox reset"] == [])
        #expect(reference.shared["--endpoint"]?.contains("plan") == true)
        #expect(reference.shared["--endpoint"]?.contains("validate") == true)
        #expect(reference.shared["--endpoint"]?.contains("sandbox reset") == false)
        #expect(reference.documented("validate").contains("--directory"))
        #expect(reference.sharedShortNames["--directory"] == ["-C"])
        #expect(reference.sharedShortNames["--endpoint"] == [])
    }
}
