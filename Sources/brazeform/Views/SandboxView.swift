import BrazeSimulator
import Foundation

/// What `sandbox serve` and `sandbox reset` say.
enum SandboxView {
    /// Written unbuffered: scripts wait for this line to learn the port.
    static func serving(workspace: String, port: Int, stateFile: String, control: Bool = false) {
        var banner = "Serving sandbox workspace '\(workspace)' on http://127.0.0.1:\(port)\nAPI key: \(SimulatorConfiguration.defaultAPIKey)   state: \(stateFile)\n"
        if control { banner += "Control routes: http://127.0.0.1:\(port)/_brazeform/ (faults, requests, rate_limits/reset)\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
    }

    /// One request of `sandbox serve -v`, on standard error, unbuffered.
    static func request(_ line: String) {
        FileHandle.standardError.write(Data(("sandbox: " + line + "\n").utf8))
    }

    static func emptied(workspace: String) {
        print("Sandbox workspace '\(workspace)' is empty.")
    }
}
