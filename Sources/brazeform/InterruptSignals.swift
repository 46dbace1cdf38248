import Dispatch
import Engine
import Foundation
import Synchronization

/// SIGINT and SIGTERM during `apply` (README "Interrupting apply"): the first asks the
/// run to stop gracefully — no new call, calls in flight finish, the sandbox state is
/// saved, the report says what landed — and the command then exits 130 (SIGINT) or
/// 143 (SIGTERM); a second signal exits at once with the same status.
final class InterruptSignals: Sendable {
    struct Received: Sendable {
        let number: Int32
        var name: String { number == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM" }
        /// 128 + the signal number, as shells report a process ended by it.
        var exitStatus: Int32 { 128 + number }
    }

    private final class Box: Sendable {
        let state = Mutex<Received?>(nil)
    }
    private let box = Box()
    private nonisolated(unsafe) let sources: [DispatchSourceSignal]

    init(_ interruption: ApplyInterruption) {
        var made: [DispatchSourceSignal] = []
        let box = self.box
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)   // the dispatch source sees it; the default action would kill at once
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // Two signals close together may arrive as one event with a count of 2.
                let count = source.data
                let first: Bool = box.state.withLock { received in
                    guard received == nil else { return false }
                    received = Received(number: number)
                    return true
                }
                if first && count < 2 {
                    printError("brazeform: \(Received(number: number).name) received: starting no new call, waiting for the calls in flight (signal again to stop at once)")
                    interruption.interrupt()
                } else {
                    StatusLine.standardError.setStatus(nil)  // the progress bar goes: the message is the last line
                    printError("brazeform: second signal: stopping at once; the calls in flight may or may not land")
                    _exit(128 + number)
                }
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// The first signal received, if any.
    var received: Received? { box.state.withLock { $0 } }

}
