import BrazeCore
import Foundation
import HTTPTypes
import NIOCore

import Hummingbird
import Logging
import ServiceLifecycle

import BrazeSimulator
import Synchronization

/// The request context of the simulator's server: Hummingbird's core storage, plus the
/// channel, so a fault can drop the connection without answering.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Bodies are read raw; the limit only guards memory.
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}

/// Thrown by the responder after it closed the connection for a dropped answer.
struct DroppedConnection: Error {}

/// Serves a `SimulatedWorkspace` over HTTP/1.1 with Hummingbird, on the same paths as Braze.
///
/// In tests: `let server = SimulatorServer(simulator: sim); let port = try await server.start()`
/// ... `await server.stop()`. For `brazeform sandbox serve`: `try await server.run()`, which
/// returns on SIGINT/SIGTERM.
public final class SimulatorServer: Sendable {
    public let simulator: SimulatedWorkspace
    public let host: String
    public let requestedPort: Int
    /// When set, the workspace is saved there after its write requests (`StateSaver`: at once
    /// after a quiet spell, writes close together in one save).
    public let stateFile: SandboxStateFile?
    private let saver: StateSaver?
    /// Whether the control routes under `/_brazeform/` answer (`ControlRoutes`).
    public let controlRoutes: Bool
    /// Receives one line per request answered: method, path, status, rate-limit headers, time taken.
    public let requestLogger: (@Sendable (String) -> Void)?
    private let logger: Logger

    private struct Running {
        var task: Task<Void, any Error>?
        var group: ServiceGroup?
        var port: Int?
    }
    private let running = Mutex(Running())

    /// - Parameters:
    ///   - port: 0 picks a free ephemeral port (see `port` once started).
    ///   - stateFile: where to save the workspace after each write (nil: not persisted).
    ///   - controlRoutes: answer the control routes under `/_brazeform/` (faults, request log, rate-limit reset).
    ///   - requestLogger: receives a line for every request (`sandbox serve -v`).
    public init(simulator: SimulatedWorkspace, host: String = "127.0.0.1", port: Int = 0, stateFile: SandboxStateFile? = nil,
                controlRoutes: Bool = false, requestLogger: (@Sendable (String) -> Void)? = nil, logger: Logger? = nil) {
        self.simulator = simulator
        self.controlRoutes = controlRoutes
        self.requestLogger = requestLogger
        self.host = host
        self.requestedPort = port
        self.stateFile = stateFile
        self.saver = stateFile.map { StateSaver(simulator: simulator, file: $0) }
        var defaultLogger = Logger(label: "brazeform.sandbox")
        defaultLogger.logLevel = .warning
        self.logger = logger ?? defaultLogger
    }

    /// The bound port, once the server listens.
    public var port: Int? { running.withLock { $0.port } }

    /// The base URL clients use, once the server listens (`http://127.0.0.1:PORT`).
    public var baseURL: String? { port.map { "http://\(host):\($0)" } }

    private func makeApplication(onRunning: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let simulator = self.simulator
        let saver = self.saver
        let logger = self.logger
        let controlRoutes = self.controlRoutes
        let requestLogger = self.requestLogger
        let responder = CallbackResponder<SimulatorRequestContext> { request, context in
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            var headers = request.headers.map { ($0.name.canonicalName, $0.value) }
            // HTTPTypes keeps Host as the authority pseudo-header; the simulator wants it back
            // (catalog item `Link` URLs point at it).
            if let authority = request.head.authority { headers.append(("Host", authority)) }
            let simulated = SimulatedRequest(
                method: request.method.rawValue,
                target: request.head.path ?? "/",
                headers: headers,
                body: Data(body.readableBytesView))
            let started = ContinuousClock.now
            let isControl = controlRoutes && simulated.path.hasPrefix(ControlRoutes.prefix)
            let answer = isControl ? await ControlRoutes.handle(simulated, simulator: simulator) : await simulator.handle(simulated)
            if let requestLogger {
                requestLogger(Self.logLine(simulated, answer, elapsed: ContinuousClock.now - started, control: isControl))
            }
            if simulated.isWrite, !isControl, let saver {
                await saver.noteWrite()
                if let error = await saver.lastError { logger.error("\(String(describing: error))") }
            }
            if answer.dropped {
                try? await context.channel.close()
                throw DroppedConnection()
            }
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: requestedPort), serverName: nil),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// `POST /content_blocks/create -> 201 in 2 ms [x-ratelimit-limit=250000 x-ratelimit-remaining=249999 x-ratelimit-reset=1764590400]`.
    static func logLine(_ request: SimulatedRequest, _ answer: SimulatedResponse, elapsed: Duration, control: Bool) -> String {
        let query = request.query.isEmpty ? "" : "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let status = answer.dropped ? "dropped (no answer)" : String(answer.status)
        let (seconds, attoseconds) = elapsed.components
        let ms = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        var line = "\(request.method) \(request.path)\(query) -> \(status) in \(ms) ms"
        let limits = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]
            .compactMap { name in answer.header(name).map { "\(name.lowercased())=\($0)" } }
        if !limits.isEmpty { line += " [" + limits.joined(separator: " ") + "]" }
        if control { line += " (control)" }
        return line
    }

    /// Starts listening in the background and returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = makeApplication { port in
            continuation.yield(port)
            continuation.finish()
        }
        // In a service group, so that stop() can shut it down gracefully: cancelling the server
        // while connections wait to be handled (a loaded machine) destroyed them unfinished,
        // which NIO treats as a programming error and traps on.
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        running.withLock { $0.task = task; $0.group = group }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server stopped before listening: surface its error.
            try await task.value
            throw SimulatorServerError.didNotStart
        }
        running.withLock { $0.port = port }
        return port
    }

    /// Stops a server started with `start()` and waits until it has closed: gracefully (no new
    /// connection; those accepted are answered), then, after `patience`, by cancellation.
    public func stop(patience: Duration = .seconds(30)) async {
        let (task, group) = running.withLock { state -> (Task<Void, any Error>?, ServiceGroup?) in
            let taken = (state.task, state.group)
            state.task = nil
            state.group = nil
            state.port = nil
            return taken
        }
        guard let task else { return }
        await group?.triggerGracefulShutdown()
        await withTaskGroup(of: Void.self) { waiting in
            waiting.addTask { _ = try? await task.value }
            waiting.addTask {
                try? await Task.sleep(for: patience)
                task.cancel()
            }
            await waiting.next()
            waiting.cancelAll()
        }
        _ = try? await task.value
        await flushState()
    }

    /// Saves the writes still waiting in the state saver's window.
    public func flushState() async {
        do { try await saver?.flush() } catch { logger.error("\(String(describing: error))") }
    }

    /// Serves in the foreground until SIGINT or SIGTERM. `onListening` receives the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = makeApplication { [self] port in
            self.running.withLock { $0.port = port }
            onListening(port)
        }
        try await app.runService()
        await flushState()
    }
}

public enum SimulatorServerError: Error, Sendable {
    case didNotStart
}
