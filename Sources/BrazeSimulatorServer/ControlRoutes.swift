import BrazeCore
import BrazeSimulator
import Foundation

/// Routes under `/_brazeform/` (a prefix no Braze endpoint uses) that let a test
/// or a CI job steer a served sandbox: inject faults, read the request log,
/// reset rate-limit windows. Off unless the server is started with them
/// (`brazeform sandbox serve --control`); they need no API key.
///
/// - `POST /_brazeform/faults` `{"action": "status"|"rate_limit"|"drop"|"drop_after_write"|"delay",
///   "method"?, "path"? (exact, or a prefix ending in `*`), "times"? (default 1; null: until cleared),
///   "status"? (default 500), "body"?, "retry_after"? (seconds, default 1), "seconds"? (delay)}`: arms a fault.
/// - `GET /_brazeform/faults`: the faults still armed. `DELETE /_brazeform/faults`: disarms them all.
/// - `GET /_brazeform/requests`: every request received (control routes excepted).
///   `DELETE /_brazeform/requests`: empties the log.
/// - `POST /_brazeform/rate_limits/reset`: every rate-limit window starts afresh.
public enum ControlRoutes {
    public static let prefix = "/_brazeform/"

    static func handle(_ request: SimulatedRequest, simulator: SimulatedWorkspace) async -> SimulatedResponse {
        let route = String(request.path.dropFirst(prefix.count))
        switch (request.method, route) {
        case ("POST", "faults"):
            let body: JSONValue
            do { body = try JSONValue.parse(request.body.isEmpty ? Data("{}".utf8) : request.body) } catch {
                return answer(400, ["message": .string("the body is not JSON: \(error)")])
            }
            switch fault(from: body) {
            case .success(let fault):
                await simulator.inject(fault)
                return answer(201, ["message": "armed", "faults": .array(await simulator.activeFaults().map(json))])
            case .failure(let problem):
                return answer(400, ["message": .string(problem.message)])
            }
        case ("GET", "faults"):
            return answer(200, ["faults": .array(await simulator.activeFaults().map(json))])
        case ("DELETE", "faults"):
            await simulator.clearFaults()
            return answer(200, ["message": "cleared"])
        case ("GET", "requests"):
            let log = await simulator.requestLog().map { entry -> JSONValue in
                [
                    "method": .string(entry.method), "path": .string(entry.path), "query": .string(entry.query),
                    "status": .number(Double(entry.status)), "time": .string(ISO8601DateFormatter().string(from: entry.time)),
                    "rate_limit_group": entry.rateLimitGroup.map { .string($0.rawValue) } ?? .null,
                    "faulted": .bool(entry.faulted), "dropped": .bool(entry.dropped),
                ]
            }
            return answer(200, ["requests": .array(log)])
        case ("DELETE", "requests"):
            await simulator.clearRequestLog()
            return answer(200, ["message": "cleared"])
        case ("POST", "rate_limits/reset"):
            await simulator.resetRateLimitWindows()
            return answer(200, ["message": "rate-limit windows reset"])
        default:
            return answer(404, ["message": .string("no control route \(request.method) \(request.path); see `brazeform sandbox serve --help`")])
        }
    }

    struct Problem: Error { var message: String }

    static func fault(from body: JSONValue) -> Result<Fault, Problem> {
        guard body.objectValue != nil else { return .failure(Problem(message: "the body must be a JSON object")) }
        let method = body["method"]?.stringValue
        let path = body["path"]?.stringValue
        let times: Int?
        if let value = body["times"] {
            if value.isNull { times = nil } else if let n = value.numberValue, n >= 1, n == n.rounded() { times = Int(n) } else {
                return .failure(Problem(message: "'times' must be a whole number of at least 1, or null (until cleared)"))
            }
        } else {
            times = 1
        }
        let action: Fault.Action
        switch body["action"]?.stringValue {
        case "status"?:
            let status = body["status"]?.numberValue.map(Int.init) ?? 500
            guard (100...599).contains(status) else { return .failure(Problem(message: "'status' must be an HTTP status (100-599)")) }
            action = .respond(status: status, body: body["body"]?.stringValue ?? #"{"message":"Internal Server Error"}"#)
        case "rate_limit"?:
            let seconds = body["retry_after"]?.numberValue.map(Int.init) ?? 1
            guard seconds >= 0 else { return .failure(Problem(message: "'retry_after' must be 0 or more seconds")) }
            action = .rateLimited(retryAfterSeconds: seconds)
        case "drop"?: action = .dropBeforeProcessing
        case "drop_after_write"?: action = .dropAfterCommit
        case "delay"?:
            guard let seconds = body["seconds"]?.numberValue, seconds >= 0, seconds <= 600 else {
                return .failure(Problem(message: "'seconds' (0 to 600) is required for a delay"))
            }
            action = .delay(seconds: seconds)
        default:
            return .failure(Problem(message: "'action' must be one of status, rate_limit, drop, drop_after_write, delay"))
        }
        return .success(Fault(method: method, path: path, times: times, action: action))
    }

    static func json(_ fault: Fault) -> JSONValue {
        var object: [String: JSONValue] = [
            "method": fault.method.map { .string($0) } ?? .null,
            "path": fault.path.map { .string($0) } ?? .null,
            "times": fault.remaining.map { .number(Double($0)) } ?? .null,
        ]
        switch fault.action {
        case .respond(let status, _): object["action"] = "status"; object["status"] = .number(Double(status))
        case .rateLimited(let seconds): object["action"] = "rate_limit"; object["retry_after"] = .number(Double(seconds))
        case .dropBeforeProcessing: object["action"] = "drop"
        case .dropAfterCommit: object["action"] = "drop_after_write"
        case .delay(let seconds): object["action"] = "delay"; object["seconds"] = .number(seconds)
        }
        return .object(object)
    }

    static func answer(_ status: Int, _ value: JSONValue) -> SimulatedResponse {
        SimulatedResponse(status: status, headers: [("Content-Type", "application/json")], body: value.data())
    }
}
