import BrazeSimulator
import Foundation

/// What `sandbox serve` and `sandbox reset` say.
enum SandboxView {
    /// Written unbuffered: scripts wait for this line to learn the port.
    static func serving(workspace: String, port: Int, stateFile: String) {
        let banner = "Serving sandbox workspace '\(workspace)' on http://127.0.0.1:\(port)\nAPI key: \(SimulatorConfiguration.defaultAPIKey)   state: \(stateFile)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
    }

    static func emptied(workspace: String) {
        print("Sandbox workspace '\(workspace)' is empty.")
    }
}
