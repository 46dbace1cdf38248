import BrazeCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a sandbox state file could not be read or written. Every case names the file.
public enum SandboxStateFileError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file was read but does not hold a sandbox state (never silently reset).
    case corrupt(path: String, reason: String)
    /// The file was written by a newer brazeform.
    case unsupportedVersion(path: String, version: Int)
    /// The state could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read sandbox state \(path): \(reason)"
        case .corrupt(let path, let reason):
            return "sandbox state \(path) is corrupt (\(reason)); fix or delete it (`brazeform sandbox reset`)"
        case .unsupportedVersion(let path, let version):
            return "sandbox state \(path) has format version \(version), newer than this brazeform understands (\(SimulatedWorkspaceState.currentFormatVersion))"
        case .unwritable(let path, let reason): return "cannot write sandbox state \(path): \(reason)"
        }
    }
}

/// A sandbox workspace persisted as JSON at `path` (e.g. `.brazeform/sandbox/<workspace>.json`).
public struct SandboxStateFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The saved state; an empty workspace when the file does not exist.
    public func load() throws(SandboxStateFileError) -> SimulatedWorkspaceState {
        guard FileManager.default.fileExists(atPath: path) else { return SimulatedWorkspaceState() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        // Check the version before the shape, so that a newer file is reported as such.
        struct Header: Decodable { var formatVersion: Int? }
        if let header = try? JSONDecoder().decode(Header.self, from: data), let version = header.formatVersion,
           version > SimulatedWorkspaceState.currentFormatVersion {
            throw .unsupportedVersion(path: path, version: version)
        }
        let state: SimulatedWorkspaceState
        do {
            state = try Self.decoder().decode(SimulatedWorkspaceState.self, from: data)
        } catch {
            throw .corrupt(path: path, reason: Self.reason(error))
        }
        if let problem = Self.counterProblem(state) {
            throw .corrupt(path: path, reason: problem)
        }
        return state
    }

    /// The largest counter a state file may hold: far beyond any real run, far
    /// enough below `Int.max` that the simulator's `+= 1` can never overflow.
    public static let counterLimit = 1 << 48

    /// What is wrong with the counters of a decoded state (a hand-edited file), if anything.
    static func counterProblem(_ state: SimulatedWorkspaceState) -> String? {
        let c = state.counters
        var counters: [(String, Int)] = [
            ("counters.contentBlock", c.contentBlock), ("counters.emailTemplate", c.emailTemplate),
            ("counters.catalog", c.catalog), ("counters.preferenceCenter", c.preferenceCenter),
            ("counters.pendingWrite", c.pendingWrite),
        ]
        for (index, catalog) in state.catalogs.enumerated() { counters.append(("catalogs[\(index)].serial", catalog.serial)) }
        for (index, write) in state.pendingItemWrites.enumerated() {
            counters.append(("pendingItemWrites[\(index)].sequence", write.sequence))
            counters.append(("pendingItemWrites[\(index)].catalogSerial", write.catalogSerial))
        }
        for (name, value) in counters where !(0...counterLimit).contains(value) {
            return "\(name) is \(value), outside 0…\(counterLimit)"
        }
        return nil
    }

    /// Writes the state atomically: a temporary file in the same folder, then a rename.
    public func save(_ state: SimulatedWorkspaceState) throws(SandboxStateFileError) {
        let data: Data
        do {
            data = try Self.encoder().encode(state)
        } catch {
            throw .unwritable(path: path, reason: Self.reason(error))
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: path, reason: Self.reason(error))
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// Removes the file (a missing file is fine): the sandbox starts empty next time.
    public func delete() throws(SandboxStateFileError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .unwritable(path: path, reason: Self.reason(error))
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription + Self.pathSuffix(context.codingPath)
        case DecodingError.keyNotFound(let key, let context):
            return "missing key \(key.stringValue)" + Self.pathSuffix(context.codingPath)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription + Self.pathSuffix(context.codingPath)
        default:
            return (error as NSError).localizedDescription
        }
    }

    private static func pathSuffix(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension SimulatedWorkspace {
    /// A simulator over the state saved at `file` (empty when the file is missing).
    public static func load(
        from file: SandboxStateFile,
        configuration: SimulatorConfiguration = .init(),
        timeSource: any TimeSource = SystemTimeSource()
    ) throws(SandboxStateFileError) -> SimulatedWorkspace {
        SimulatedWorkspace(configuration: configuration, timeSource: timeSource, state: try file.load())
    }

    /// Saves the current state (pending item writes included) to `file`.
    public func save(to file: SandboxStateFile) throws(SandboxStateFileError) {
        try file.save(snapshot())
    }
}

import VirtualTime
