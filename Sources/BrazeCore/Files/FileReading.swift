import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the files a project names, with the reason when one cannot be read
/// (permission, a symbolic-link loop, a FIFO or device that would block or never end).
public enum FileReading {
    /// Why `path` cannot be read, or nil.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { reason }
    }

    /// The bytes of the regular file at `path` (symbolic links followed).
    public static func readRegularFile(_ path: String) throws(Failure) -> [UInt8] {
        var info = stat()
        if stat(path, &info) != 0 {
            throw Failure(path: path, reason: reason(errno))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(path: path, reason: "it is \(typeName(info.st_mode)), not a regular file")
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw Failure(path: path, reason: reason(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(max(0, info.st_size)))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: reason(errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }

    /// Words for an errno value from reading a file.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file (or a broken symbolic link)"
        case ELOOP: return "too many levels of symbolic links (a link loop)"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "it is a folder"
        case ENAMETOOLONG: return "the path is too long"
        default: return String(cString: strerror(code))
        }
    }

    /// "a FIFO", "a folder"… for messages.
    public static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// One problem met while walking a folder tree.
    public struct WalkProblem: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// Every file under `directory` (recursively, symbolic links followed, folders
    /// whose name starts with `.` and `node_modules` skipped) and every folder or
    /// entry that could not be read, with why. Never skips an unreadable folder silently.
    public static func walk(_ directory: String, skipFolder: (String) -> Bool = { $0.hasPrefix(".") || $0 == "node_modules" })
        -> (files: [String], problems: [WalkProblem]) {
        var files: [String] = []
        var problems: [WalkProblem] = []
        var visiting: [String] = []
        func visit(_ path: String) {
            let real = realpath(path, nil).map { pointer -> String in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? path
            if visiting.contains(real) {
                problems.append(WalkProblem(path: path, reason: "a symbolic link leads back to a folder above it (a loop)"))
                return
            }
            visiting.append(real)
            defer { visiting.removeLast() }
            guard let dir = opendir(path) else {
                problems.append(WalkProblem(path: path, reason: "cannot read folder: \(reason(errno))"))
                return
            }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                names.append(name)
            }
            closedir(dir)
            for name in names.sorted() {
                let child = path.hasSuffix("/") ? path + name : path + "/" + name
                var info = stat()
                if stat(child, &info) != 0 {
                    let code = errno
                    var linkInfo = stat()
                    if lstat(child, &linkInfo) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK, code == ENOENT {
                        // A dangling link: only a problem when it looks like a file we would read.
                        files.append(child)
                    } else {
                        problems.append(WalkProblem(path: child, reason: reason(code)))
                    }
                    continue
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if skipFolder(name) { continue }
                    visit(child)
                } else {
                    files.append(child)
                }
            }
        }
        visit(directory)
        return (files, problems)
    }
}
