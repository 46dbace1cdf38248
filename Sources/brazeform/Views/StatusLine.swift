import Foundation
import Synchronization

/// The one owner of standard error while long work runs. Every message (`printError`) is
/// written through it as one whole line; on a terminal it also keeps a status line — a
/// progress bar — at the bottom, redrawn in place (`\r`, clear line) and cleared before any
/// other line is written above it, so progress and messages from parallel work never
/// interleave. Off a terminal (a CI log, a file) there is no status line: only whole lines.
final class StatusLine: Sendable {
    /// What the status line is drawn on.
    struct Terminal: Sendable {
        /// Redraw in place. False for a pipe or file, and for TERM=dumb.
        var isTerminal: Bool
        /// Columns; the status line is cut to one less, so it never wraps (a wrapped line cannot be redrawn).
        var width: @Sendable () -> Int
    }

    /// Standard error of this process.
    static let standardError = StatusLine(terminal: .standardError, write: { text in
        FileHandle.standardError.write(Data(text.utf8))
    })

    static let clearLine = "\r\u{1B}[2K"

    private struct State {
        var status: String?
        var drawn = false
    }

    let terminal: Terminal
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    init(terminal: Terminal, write: @escaping @Sendable (String) -> Void) {
        self.terminal = terminal
        self.write = write
    }

    var isTerminal: Bool { terminal.isTerminal }

    /// A whole line, above the status line (which is drawn again below it).
    func printLine(_ line: String) {
        state.withLock { s in
            var out = s.drawn ? Self.clearLine : ""
            out += line + "\n"
            s.drawn = false
            if terminal.isTerminal, let status = s.status {
                out += fitted(status)
                s.drawn = true
            }
            write(out)
        }
    }

    /// Shows `status` in place of the previous one (a terminal only; otherwise nothing). Nil clears it.
    /// `draw: false` only keeps it, for the next line written above it (a throttled redraw).
    func setStatus(_ status: String?, draw: Bool = true) {
        guard terminal.isTerminal else { return }
        state.withLock { s in
            let unchanged = s.drawn && s.status == status
            s.status = status
            guard draw, !unchanged else { return }
            var out = s.drawn ? Self.clearLine : ""
            s.drawn = false
            if let status {
                out += fitted(status)
                s.drawn = true
            }
            if !out.isEmpty { write(out) }
        }
    }

    /// The status cut to the terminal's width less one column, with `…` where it was cut.
    private func fitted(_ status: String) -> String {
        let room = max(terminal.width() - 1, 10)
        return status.count <= room ? status : String(status.prefix(room - 1)) + "…"
    }
}

extension StatusLine.Terminal {
    /// Standard error: a terminal unless TERM is dumb; its width from the terminal, else COLUMNS, else 80.
    static var standardError: Self {
        let environment = ProcessInfo.processInfo.environment
        return .init(isTerminal: isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb", width: {
            var size = winsize()
            if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
            return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
        })
    }
}

/// A monotonic clock in seconds, injectable for tests.
typealias SecondsClock = @Sendable () -> Double

enum ProgressText {
    static let monotonic: SecondsClock = {
        let start = ContinuousClock.Instant.now
        return { (ContinuousClock.now - start) / .seconds(1) }
    }()

    /// `[#########-----------]`
    static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total <= 0 ? width : min(width, done * width / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// `0:07`, `12:30`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, r) : String(format: "%d:%02d", m, r)
    }

    /// `elapsed 0:12, ETA 0:30` — the ETA from the pace so far, once there is one.
    static func timing(elapsed: Double, done: Int, total: Int) -> String {
        var text = "elapsed \(clock(elapsed))"
        if done > 0, total > done { text += ", ETA \(clock(elapsed * Double(total - done) / Double(done)))" }
        return text
    }
}

/// ANSI colours for the command line's own lines; every reset is placed before the line's end.
enum TerminalColor: String {
    case green = "\u{1B}[32m", red = "\u{1B}[31m", yellow = "\u{1B}[33m"

    static let reset = "\u{1B}[0m"

    /// `text` coloured line by line (each reset before its newline), or as it is without colour.
    func paint(_ text: String, if color: Bool) -> String {
        guard color else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\(rawValue)\($0)\(Self.reset)" }
            .joined(separator: "\n")
    }
}
