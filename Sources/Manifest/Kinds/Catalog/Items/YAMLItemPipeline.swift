import Foundation
#if os(Linux)
import Glibc
#endif

/// A ``YAMLItemStream`` read on a thread of its own, its items handed over in batches,
/// so that libyaml's parsing (about half of the work on a large YAML items file) runs
/// while the collector checks the items before them. On a machine with two cores or
/// more, a large file is then read in about the time of the larger of the two halves
/// instead of their sum (see `scripts/benchmark.sh hostile`, its wall-time rows).
///
/// The items arrive in the file's order, the same items with the same indexes as the
/// stream gives on one thread; only the batches' sizes differ (64 items first, doubling
/// up to the batch size, so that the collector starts early). Batches go back to the
/// reader once used, so their lists' room is made once (a spare batch keeps its last
/// items' values until it is read into again).
final class YAMLItemPipeline: @unchecked Sendable {
    typealias Batch = YAMLItemStream.Batch

    /// Files smaller than this are read on the caller's thread (a thread would save little).
    static let minimumBytes = 128 * 1024

    /// Whether a file of `byteCount` bytes is worth a thread on this machine.
    static func isWorthwhile(byteCount: Int) -> Bool {
        byteCount >= minimumBytes && usableCores > 1
    }

    /// The cores this process may run on. Linux's affinity mask counts (`taskset`, a cpuset
    /// of a container), which `activeProcessorCount` (every core of the machine) does not.
    static let usableCores: Int = {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            // A hexadecimal mask in groups of eight digits: "Cpus_allowed:\t00000003".
            let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
            if count > 0 { return count }
        }
        #endif
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// Items in the first batch.
    private static let firstBatchSize = 64

    /// Batches read and not yet taken; the reader waits while `depth` of them are waiting.
    private static let depth = 2
    /// The lock and signal over everything below it.
    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var spare: [Batch] = []

    /// Starts reading `bytes` on a new thread, up to `batchSize` items to a batch; nil when the
    /// system makes no thread (a container's limit on processes, say): the caller reads on its own.
    init?(bytes: [UInt8], file: String, keys: [String], batchSize: Int) {
        let started = ReaderThread.start { [self] in
            var stream = YAMLItemStream(bytes: bytes, file: file, keys: keys)
            self.read(&stream, batchSize: batchSize)
        }
        guard started else { return nil }
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
        var size = max(1, min(Self.firstBatchSize, batchSize))
        while true {
            condition.lock()
            while ready.count >= Self.depth { condition.wait() }
            var batch = spare.popLast() ?? Batch()
            condition.unlock()
            stream.read(into: &batch, upTo: size)
            if size < batchSize { size = min(size * 2, batchSize) }
            let last = batch.ending != nil
            condition.lock()
            ready.append(consume batch)
            condition.broadcast()
            condition.unlock()
            if last { return }
        }
    }
}

/// A detached POSIX thread whose start is checked: Foundation's `Thread.start()` says
/// nothing when the system refuses a thread, and a reader that never runs would leave
/// its caller waiting for good.
private enum ReaderThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new thread; false (and `body` never runs) when none could be made.
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        #if os(Linux)
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
        #else
        Thread { body() }.start()
        return true
        #endif
    }
}
