import BrazeAPI

/// Rate-limit waits and retries, as they happen, on standard error.
enum ClientEventView {
    static func print(_ event: ClientEvent) {
        printError("… \(event)")
    }
}
