import Foundation

/// Saves a sandbox's state after its writes without writing the whole workspace
/// after every one of them.
///
/// Saving is the whole state: for a workspace holding a 100,000-item catalog, a
/// save is megabytes, and an apply of that catalog is 2,000 writes, so saving after
/// each one made the apply quadratic (a served sandbox's requests timed out). A write
/// after a quiet spell is saved at once; writes that follow closely are saved together
/// at the end of a window of four times the last save's duration (0.25 s to 5 s),
/// so saving takes at most about a fifth of the time. `flush()` (at the end of a run,
/// on a signal, on shutdown) saves what is still pending. A crash loses at most the
/// writes of the last window.
public actor StateSaver {
    public let simulator: SimulatedWorkspace
    public let file: SandboxStateFile

    private var lastSaveEnded: ContinuousClock.Instant?
    private var lastSaveDuration: Duration = .zero
    private var saving = false
    private var dirty = false
    private var scheduled: Task<Void, Never>?
    /// The last save's failure (nil after a save that worked): `flush()` reports it.
    public private(set) var lastError: (any Error)?
    /// Saves made (for tests).
    public private(set) var saves = 0

    public init(simulator: SimulatedWorkspace, file: SandboxStateFile) {
        self.simulator = simulator
        self.file = file
    }

    /// Four times the last save's duration, at least 0.25 s and at most 5 s (what a crash may lose).
    private var window: Duration { min(max(.milliseconds(250), lastSaveDuration * 4), .seconds(5)) }

    /// A write was answered: saves now, or within the window.
    public func noteWrite() async {
        dirty = true
        let sinceLast = lastSaveEnded.map { ContinuousClock.now - $0 }
        if !saving, scheduled == nil, sinceLast.map({ $0 >= window }) ?? true {
            await saveIfDirty()
        } else {
            schedule(after: sinceLast.map { max(.zero, window - $0) } ?? window)
        }
    }

    /// One save waiting at a time; one that comes due while a save runs waits a window more.
    private func schedule(after wait: Duration) {
        guard scheduled == nil else { return }
        scheduled = Task { [weak self] in
            try? await Task.sleep(for: wait)
            await self?.scheduledSave()
        }
    }

    private func scheduledSave() async {
        scheduled = nil
        if saving { schedule(after: window) } else { await saveIfDirty() }
    }

    private func saveIfDirty() async {
        guard dirty, !saving else { return }
        saving = true
        dirty = false
        let started = ContinuousClock.now
        do {
            try await simulator.save(to: file)
            lastError = nil
        } catch {
            lastError = error
            dirty = true
        }
        saves += 1
        lastSaveDuration = ContinuousClock.now - started
        lastSaveEnded = ContinuousClock.now
        saving = false
    }

    /// Saves what is pending now (waiting for a save under way) and reports a failure.
    public func flush() async throws {
        scheduled?.cancel()
        scheduled = nil
        while saving { try? await Task.sleep(for: .milliseconds(5)) }
        if dirty { await saveIfDirty() }
        if let lastError { throw lastError }
    }
}
