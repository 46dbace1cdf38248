import BrazeCore
import Engine
import Synchronization

/// Apply's progress on standard error, through the one `StatusLine`.
///
/// On a terminal: one status line redrawn in place — a bar of calls done of total, the
/// catalogs whose items are uploading (batches done of total), elapsed time and ETA — with
/// `✓ change` (green) and `✗ change: error` (red) written above it as changes end.
/// Off a terminal: plain lines — each change as it starts, each call done, an item line at
/// every tenth of a catalog's batches (with its elapsed time and ETA), and the same ✓/✗ lines.
final class ApplyProgressView: Sendable {
    let total: Int
    let color: Bool
    private let output: StatusLine
    private let now: SecondsClock

    private struct Upload {
        var done = 0
        var total: Int
        var started: Double
        var order: Int
    }

    private struct State {
        var started: Double
        var done = 0
        var uploads: [String: Upload] = [:]
        var lastDraw: Double?
        var uploadsStarted = 0
    }

    private let state: Mutex<State>

    /// Redraws of the status line are at most this often (seconds), except the last.
    static let redrawInterval = 0.1

    init(total: Int, color: Bool, output: StatusLine = .standardError, now: @escaping SecondsClock = ProgressText.monotonic) {
        self.total = total
        self.color = color
        self.output = output
        self.now = now
        state = Mutex(State(started: now()))
    }

    func handle(_ event: ApplyEvent) {
        let time = now()
        switch event {
        case .changeStarted(let change):
            if change.kind == .catalogItems {
                state.withLock { s in
                    s.uploads[change.name] = Upload(total: change.calls.count, started: time, order: s.uploadsStarted)
                    s.uploadsStarted += 1
                }
            }
            if output.isTerminal {
                redraw(at: time, force: true)
            } else {
                output.printLine("\(change.action.sigil) \(Printable.escaped(change.id)): \(change.calls.count) call\(change.calls.count == 1 ? "" : "s")…")
            }
        case .callFinished(let change, _, let done, let total):
            let upload: Upload? = state.withLock { s in
                s.done = max(s.done, done)
                guard change.kind == .catalogItems else { return nil }
                var upload = s.uploads[change.name] ?? Upload(total: change.calls.count, started: s.started, order: s.uploadsStarted)
                upload.done += 1
                s.uploads[change.name] = upload
                return upload
            }
            if output.isTerminal {
                redraw(at: time, force: done == total)
            } else if let upload {
                if Self.isStep(upload.done, of: upload.total) {
                    output.printLine("  items \(Printable.escaped(change.name)) \(ProgressText.bar(upload.done, of: upload.total, width: 30)) \(upload.done)/\(upload.total) batches  (\(done)/\(total) calls), \(ProgressText.timing(elapsed: time - upload.started, done: upload.done, total: upload.total))")
                }
            } else {
                output.printLine("  [\(done)/\(total)] \(Printable.escaped(change.id))")
            }
        case .changeFinished(let change):
            ended(change, at: time)
            output.printLine(TerminalColor.green.paint("✓ \(Printable.escaped(change.id))", if: color))
        case .changeFailed(let change, let error):
            ended(change, at: time)
            output.printLine(TerminalColor.red.paint("✗ \(Printable.escaped(change.id)): \(Printable.escaped("\(error)"))", if: color))
        case .waitingForItems(let catalog, let expected, let seen):
            output.printLine("… waiting for Braze to show the items of catalog '\(catalog)' (\(seen.map(String.init) ?? "?")/\(expected))")
        }
    }

    /// Clears the status line: apply's report follows, on standard output.
    func finish() {
        output.setStatus(nil)
    }

    /// The status line as it stands: `[######--------------] 12/40 calls · elapsed 0:12, ETA 0:30 · items menu 3/10`.
    func statusText(at time: Double) -> String {
        state.withLock { s in Self.status(s, total: total, at: time) }
    }

    /// Plain item lines at every tenth of the batches (every batch when there are at most ten), and the last.
    static func isStep(_ done: Int, of total: Int) -> Bool {
        total <= 10 || done == total || done * 10 / total != (done - 1) * 10 / total
    }

    /// The change leaves the status line, which the ✓/✗ line written next draws again.
    private func ended(_ change: Change, at time: Double) {
        if change.kind == .catalogItems { state.withLock { _ = $0.uploads.removeValue(forKey: change.name) } }
        redraw(at: time, force: false, draw: false)
    }

    /// `draw`: nil draws unless the last redraw is too recent (or `force`).
    private func redraw(at time: Double, force: Bool, draw: Bool? = nil) {
        guard output.isTerminal else { return }
        // Under the lock, so parallel calls set the status in the order they counted.
        state.withLock { s in
            let draw = draw ?? (force || s.lastDraw.map { time - $0 >= Self.redrawInterval } ?? true)
            if draw { s.lastDraw = time }
            // Not drawn yet is still kept: a message written above it draws the latest.
            output.setStatus(Self.status(s, total: total, at: time), draw: draw)
        }
    }

    private static func status(_ s: State, total: Int, at time: Double) -> String {
        var parts = ["\(ProgressText.bar(s.done, of: total)) \(s.done)/\(total) call\(total == 1 ? "" : "s")"]
        // The time before the uploads: a narrow terminal cuts the end of the line.
        parts.append(ProgressText.timing(elapsed: time - s.started, done: s.done, total: total))
        let uploads = s.uploads.sorted { $0.value.order < $1.value.order }
        if !uploads.isEmpty {
            parts.append("items " + uploads.map { "\($0.key) \($0.value.done)/\($0.value.total)" }.joined(separator: ", "))
        }
        return parts.joined(separator: " · ")
    }
}
