import Foundation

/// Runs the built `brazeform` executable, as a user would.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// The `brazeform` binary beside the test bundle in the build folder.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("brazeform")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/brazeform")
    }

    /// The package's root folder (for examples/).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A child process ready to run, its output going to files (a large output can
    /// never block it on a full pipe).
    struct Launch {
        let process = Process()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-cli-\(UUID().uuidString)")
        var handles: [FileHandle] = []

        init(_ arguments: [String], in directory: URL?, environment: [String: String], input: String?) throws {
            process.executableURL = CLIRunner.executable
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            var env = ProcessInfo.processInfo.environment
            env["NO_COLOR"] = "1"
            for (k, v) in environment { env[k] = v }
            process.environment = env
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: folder.appendingPathComponent("out").path, contents: nil)
            FileManager.default.createFile(atPath: folder.appendingPathComponent("err").path, contents: nil)
            FileManager.default.createFile(atPath: folder.appendingPathComponent("in").path, contents: Data((input ?? "").utf8))
            handles = [try FileHandle(forWritingTo: folder.appendingPathComponent("out")),
                       try FileHandle(forWritingTo: folder.appendingPathComponent("err")),
                       try FileHandle(forReadingFrom: folder.appendingPathComponent("in"))]
            process.standardOutput = handles[0]
            process.standardError = handles[1]
            process.standardInput = handles[2]
        }

        /// What the child wrote, once it has ended; removes the files.
        func result(status: Int32) -> Result {
            for handle in handles { try? handle.close() }
            defer { try? FileManager.default.removeItem(at: folder) }
            let out = (try? Data(contentsOf: folder.appendingPathComponent("out"))) ?? Data()
            let err = (try? Data(contentsOf: folder.appendingPathComponent("err"))) ?? Data()
            return Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let launch = try Launch(arguments, in: directory, environment: environment, input: input)
        try launch.process.run()
        launch.process.waitUntilExit()
        return launch.result(status: launch.process.terminationStatus)
    }
}
