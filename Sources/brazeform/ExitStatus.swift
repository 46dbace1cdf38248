import Workspace
import ArgumentParser
import BrazeAPI
import Engine
import Foundation

/// How a command ends (SPEC section 4).
enum ExitStatus: Int32 {
    case success = 0
    /// An error talking to Braze or performing.
    case failed = 1
    /// `plan --detailed-exitcode` and the plan has changes.
    case changesPresent = 2
    /// The project or its manifests are invalid.
    case invalidProject = 3
    /// Braze answered 401 or 403.
    case authenticationRefused = 4
    /// Retries ran out.
    case gaveUp = 5
    /// A destructive plan without --allow-destructive.
    case destructiveBlocked = 6
    /// The saved plan no longer matches the workspace.
    case stalePlan = 7

    var exit: ExitCode { ExitCode(rawValue) }
}

/// A failure the CLI itself puts in words (a missing workspace, a refused confirmation).
struct CommandFailure: Error {
    var status: ExitStatus
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}

extension ExitStatus {
    /// The one table from errors to exit statuses, with the words standard error gets.
    /// `doing` ("reading the workspace") names the step for errors that do not say it themselves.
    static func of(_ error: any Error, doing: String? = nil) -> (status: ExitStatus, message: String) {
        let step = doing.map { "error while \($0): " } ?? ""
        switch error {
        case let failure as CommandFailure:
            return (failure.status, failure.message)
        case let api as BrazeAPIError:
            return (of(api.category), "brazeform: \(step)\(api)")
        case let live as LiveStateError:
            return (live.invalidManifests ? .invalidProject : .failed, "brazeform: \(live.message)\nbrazeform: nothing was written")
        case let planning as PlanningError:
            return (planning.invalidManifests ? .invalidProject : .failed, (planning.messages + ["brazeform: nothing was sent to Braze"]).joined(separator: "\n"))
        case let refusal as WorkspaceChoice.Refusal:
            return (.invalidProject, refusal.message)
        case let connection as ConnectionError:
            return (.invalidProject, "brazeform: \(connection.message)")
        case let format as SavedPlan.FormatError:
            return (.invalidProject, "brazeform: \(format)")
        case let export as ExportError:
            return (.failed, message(export))
        case let initError as InitError:
            return (.failed, message(initError))
        default:
            return (.failed, "brazeform: \(step)\(error)")
        }
    }

    /// The API's own classification of its errors.
    static func of(_ category: BrazeAPIError.Category) -> ExitStatus {
        switch category {
        case .failed: .failed
        case .authentication: .authenticationRefused
        case .gaveUp: .gaveUp
        }
    }

    /// Prints `error`'s message on standard error and returns the exit to throw
    /// (an `ExitCode` passes through: its message was printed already).
    static func fail(_ error: any Error, doing: String? = nil) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        let (status, message) = of(error, doing: doing)
        StatusLine.standardError.setStatus(nil)  // a failure is the last word: no progress bar under it
        printError(message)
        return status.exit
    }

    /// `fail(CommandFailure(status, message))`.
    static func fail(_ status: ExitStatus, _ message: String) -> ExitCode {
        fail(CommandFailure(status, message))
    }

    private static func message(_ error: ExportError) -> String {
        switch error {
        case .folderInTheWay(let path):
            return "brazeform: \(path) is a folder; export needs to write a file there. Nothing was written."
        case .wouldOverwrite(let paths, let directory):
            let n = paths.count
            return (["brazeform: export would overwrite \(n) existing file\(n == 1 ? "" : "s") in \(directory); nothing was written. Pass --force to overwrite \(n == 1 ? "it" : "them"):"]
                + paths.map { "  \($0)" }).joined(separator: "\n")
        case .cannotWrite(let directory, let underlying):
            return "brazeform: cannot write into \(directory): \(underlying)"
        }
    }

    private static func message(_ error: InitError) -> String {
        switch error {
        case .projectExists(let path):
            return "brazeform: \(path) already exists; init never overwrites it. To add a workspace's resources to this project, run `brazeform export`."
        case .cannotCreate(let directory, let underlying):
            return "brazeform: cannot create \(directory): \(underlying)"
        case .cannotWrite(let directory, let underlying):
            return "brazeform: cannot write into \(directory): \(underlying)"
        }
    }
}

/// Standard error, for messages that are not the command's output: one whole line, written
/// through the status line's owner, so it never lands inside a progress bar being redrawn.
func printError(_ message: String) {
    StatusLine.standardError.printLine(message)
}
