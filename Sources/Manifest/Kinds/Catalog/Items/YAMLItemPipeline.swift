import Foundation

/// A ``YAMLItemStream`` read on a thread of its own, its items handed over in batches,
/// so that libyaml's parsing (about half of the work on a large YAML items file) runs
/// while the collector checks the items before them. On a machine with two cores or
/// more, a large file is then read in about the time of the larger of the two halves
/// instead of their sum (see `scripts/benchmark.sh hostile`, its wall-time rows).
///
/// The batches arrive in the file's order, exactly as the stream reads them on one thread:
/// only where the work happens changes. Batches go back to the reader once used, so
/// their lists' room is made once.
final class YAMLItemPipeline: @unchecked Sendable {
    typealias Batch = YAMLItemStream.Batch

    /// Files smaller than this are read on the caller's thread (a thread would save little).
    static let minimumBytes = 128 * 1024

    /// Whether a file of `byteCount` bytes is worth a thread on this machine.
    static func isWorthwhile(byteCount: Int) -> Bool {
        byteCount >= minimumBytes && ProcessInfo.processInfo.activeProcessorCount > 1
    }

    /// Items in the first batch.
    private static let firstBatchSize = 64

    /// Batches read and not yet taken; the reader waits while `depth` of them are waiting.
    private static let depth = 2
    /// The lock and signal over everything below it.
    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var spare: [Batch] = []

    /// Starts reading `bytes` on a new thread, `batchSize` items to a batch.
    init(bytes: [UInt8], file: String, keys: [String], batchSize: Int) {
        let thread = Thread { [self] in
            var stream = YAMLItemStream(bytes: bytes, file: file, keys: keys)
            self.read(&stream, batchSize: batchSize)
        }
        thread.name = "brazeform YAML items"
        thread.start()
    }

    /// The next batch, waiting for it; after a batch with an `ending`, call no more. The
    /// caller must take batches until that one: the reader waits while `depth` are not taken.
    func next() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty { condition.wait() }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Gives a batch's room back to the reader.
    func recycle(_ batch: consuming Batch) {
        condition.lock()
        spare.append(batch)
        condition.unlock()
    }

    private func read(_ stream: inout YAMLItemStream, batchSize: Int) {
        // Small batches first, so that the collector starts after a few items instead of a
        // whole batch (then doubling, up to `batchSize`).
        var size = min(Self.firstBatchSize, batchSize)
        while true {
            defer { size = min(size * 2, batchSize) }
            condition.lock()
            while ready.count >= Self.depth { condition.wait() }
            var batch = spare.popLast() ?? Batch()
            condition.unlock()
            stream.read(into: &batch, upTo: size)
            let last = batch.ending != nil
            condition.lock()
            ready.append(consume batch)
            condition.broadcast()
            condition.unlock()
            if last { return }
        }
    }
}
