import Foundation
import BrazeCore
import YAML

/// One problem found in a project, with where it is and, when it helps, how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// `path:line:col: error: message`, or `error: message` when there is no place.
    public var description: String {
        if let location { return "\(Printable.escaped(location.description)): \(severity.rawValue): \(printableMessage)" }
        return "\(severity.rawValue): \(printableMessage)"
    }

    /// The longest message printed whole; values repeated in messages are clipped too.
    public static let messageLimit = 2000

    /// `message` with control characters escaped (one diagnostic is one line) and clipped.
    public var printableMessage: String { Printable.clipped(message, limit: Self.messageLimit) }
}

/// Collects diagnostics; reports them sorted by file, line and column.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public mutating func error(_ message: String, at location: SourceLocation?) {
        all.append(.error(message, at: location))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?) {
        all.append(.warning(message, at: location))
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errorCount: Int { all.filter { $0.severity == .error }.count }
    public var warningCount: Int { all.filter { $0.severity == .warning }.count }

    /// Sorted by file, line, column — numbers as numbers — (problems without a place
    /// first), then by message with numbers compared as numbers ("item 9" before
    /// "item 10"), then in the order found; duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): break
            case (nil, _): return true
            case (_, nil): return false
            case let (l?, r?): if l != r { return l < r }
            }
            switch Self.naturalOrder(a.element.message, b.element.message) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Text order with runs of ASCII digits compared by value.
    static func naturalOrder(_ a: String, _ b: String) -> ComparisonResult {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var x = i.next(), y = j.next()
        func isDigit(_ s: Unicode.Scalar?) -> Bool { s.map { $0 >= "0" && $0 <= "9" } ?? false }
        while let p = x, let q = y {
            if isDigit(p) && isDigit(q) {
                var m = "", n = ""
                while let s = x, isDigit(s) { m.unicodeScalars.append(s); x = i.next() }
                while let s = y, isDigit(s) { n.unicodeScalars.append(s); y = j.next() }
                let m2 = m.drop { $0 == "0" }, n2 = n.drop { $0 == "0" }
                if m2.count != n2.count { return m2.count < n2.count ? .orderedAscending : .orderedDescending }
                if m2 != n2 { return m2 < n2 ? .orderedAscending : .orderedDescending }
                continue
            }
            if p != q { return p.value < q.value ? .orderedAscending : .orderedDescending }
            x = i.next(); y = j.next()
        }
        if x == nil && y == nil { return .orderedSame }
        return x == nil ? .orderedAscending : .orderedDescending
    }
}
