import Foundation
import Testing

/// `brazeform apply` on a real pseudo-terminal (util-linux `script`), as a person at a
/// terminal sees it: the progress bar redrawn in place, ✓ lines and "Apply complete" in green,
/// no colour running past a line's end — and no colour at all with NO_COLOR or --no-color.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
struct TerminalEndToEndTests {
    /// Runs brazeform with stdin, stdout and stderr on a new pseudo-terminal; returns what it showed.
    static func onATerminal(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, screen: String) {
        func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([CLIRunner.executable.path] + arguments).map(quoted).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm"
        env["COLUMNS"] = "120"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-tty-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        // The terminal turns each newline into CR LF.
        let screen = String(decoding: try Data(contentsOf: out), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return (process.terminationStatus, screen)
    }

    static func project() throws -> TempProject {
        var files = HostileInputEndToEndTests.bigCatalog(items: 1_000)  // 20 item batches
        files["m/blocks.yaml"] = "kind: content_block\nname: footer\ncontent: <p>bye</p>\n"
        return try TempProject(files: files)
    }

    @Test func onATerminalApplyRedrawsItsBarInPlaceAndColoursWhatLanded() throws {
        let project = try Self.project()
        defer { project.remove() }
        // NO_COLOR set but empty does not turn colour off.
        let (status, screen) = try Self.onATerminal(["apply", "--auto-approve", "-C", project.path], environment: ["NO_COLOR": ""])
        #expect(status == 0, "\(screen)")
        #expect(screen.contains("\r\u{1B}[2K[####"), "the bar is redrawn in place: \(screen.debugDescription)")
        #expect(screen.contains(" calls · elapsed "), "\(screen.debugDescription)")
        #expect(!screen.contains("  items big ["), "no plain item lines on a terminal: \(screen.debugDescription)")
        #expect(screen.contains("\u{1B}[32m✓ catalog_items.big\u{1B}[0m\n"), "\(screen.debugDescription)")
        #expect(screen.contains("\u{1B}[32m✓ content_block.footer\u{1B}[0m\n"), "\(screen.debugDescription)")
        #expect(screen.contains("\u{1B}[32mApply complete: 3 changes"), "\(screen.debugDescription)")
        // Plan and report alike: no reset at the start of a line (one that landed after the newline).
        for line in screen.split(separator: "\n") {
            #expect(!line.hasPrefix("\u{1B}[0m"), "\(line.debugDescription)")
        }
        // The bar is gone before the report: the report's first line starts clean.
        let report = screen.components(separatedBy: "\u{1B}[32mApply complete").first ?? ""
        #expect(report.hasSuffix("\r\u{1B}[2K"), "the bar is cleared before the report: \(report.suffix(200).debugDescription)")
    }

    @Test(arguments: [["NO_COLOR": "1"], [:]])
    func noColorOrTheFlagTurnsColourOffButTheBarStaysInPlace(environment: [String: String]) throws {
        let project = try Self.project()
        defer { project.remove() }
        let flag = environment.isEmpty ? ["--no-color"] : []
        let (status, screen) = try Self.onATerminal(["apply", "--auto-approve", "-C", project.path] + flag, environment: environment)
        #expect(status == 0, "\(screen)")
        #expect(screen.contains("\r\u{1B}[2K["), "\(screen.debugDescription)")
        #expect(!screen.contains("\u{1B}[3") && !screen.contains("\u{1B}[1m") && !screen.contains("\u{1B}[0m"), "no colour code: \(screen.debugDescription)")
        #expect(screen.contains("✓ catalog_items.big\n") && screen.contains("Apply complete: 3 changes"), "\(screen.debugDescription)")
    }
}
