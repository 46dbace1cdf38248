import ArgumentParser

/// The version `--version` and `brazeform version` print (release.sh stamps releases from it).
enum BrazeformVersion {
    static let current = "0.1.0"
}

/// `brazeform version`: the same line as `brazeform --version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print brazeform's version (also: brazeform --version).")

    func run() {
        print(BrazeformVersion.current)
    }
}
