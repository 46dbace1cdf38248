import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer at a time on a sandbox state file: an exclusive `flock` on
/// `<state file>.lock`, held by whoever has the workspace open (an embedded
/// plan or apply, or `sandbox serve`) until it closes it. The lock file names
/// its holder, so a second writer can say who it waited for. The kernel drops
/// the lock when the holder exits, however it exits.
public final class SandboxLock: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32
    private let mutex = NSLock()

    /// Why a sandbox could not be locked.
    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var statePath: String
        /// What the lock file says of its holder (empty when it says nothing).
        public var holder: String
        public var waited: Double
        public var description: String {
            let who = holder.isEmpty ? "another brazeform process" : holder
            var text = "sandbox state \(statePath) is in use by \(who); waited \(String(format: "%.1f", waited))s."
            if holder.contains("sandbox serve") {
                text += " That workspace is being served: send requests to the server (a workspace with `endpoint:` its URL and any API key variable), or stop the server first."
            } else {
                text += " Wait for it to finish and run again."
            }
            return text
        }
    }

    /// Takes the lock of the state file at `statePath`, waiting up to `wait` seconds
    /// (real time) for another holder to let go.
    /// - Parameter holder: who takes it, written into the lock file ("brazeform apply (pid 42)").
    public init(statePath: String, holder: String, wait: Double = 5) throws {
        path = statePath + ".lock"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SandboxLockError(message: "cannot open the sandbox lock \(path): \(String(cString: strerror(errno)))")
        }
        let start = Date()
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let waited = Date().timeIntervalSince(start)
            if errno != EWOULDBLOCK && errno != EINTR {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw SandboxLockError(message: "cannot lock the sandbox state \(statePath): \(reason)")
            }
            if waited >= wait {
                let holderText = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                close(fd)
                throw Busy(statePath: statePath, holder: holderText, waited: waited)
            }
            usleep(50_000)
        }
        descriptor = fd
        describe(holder)
    }

    /// Rewrites who holds the lock (e.g. once a server knows its port).
    public func describe(_ holder: String) {
        mutex.lock(); defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        let text = Array((holder + "\n").utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBufferPointer { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Lets go (also done when the object goes away or the process exits).
    public func release() {
        mutex.lock(); defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// "brazeform apply (pid 4242, since 2026-12-01T12:00:00Z)".
    public static func describeThisProcess(_ what: String) -> String {
        let command = CommandLine.arguments.dropFirst().first.map { "brazeform \($0)" } ?? "brazeform"
        return "\(what.isEmpty ? command : what) (pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date())))"
    }
}

public struct SandboxLockError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
