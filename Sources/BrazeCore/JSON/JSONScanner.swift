/// A JSON parser (RFC 8259) over UTF-8 bytes, shared by every part of brazeform that
/// reads JSON: it builds whatever value type its caller wants through a
/// `JSONBuilder`, and tells it where each value was written (line and byte offset),
/// so the manifest layer can point at a cell while the API client, which has no use
/// for places, builds plain values as fast as it can.
///
/// Nesting is bounded (`maximumDepth`) so that hostile input cannot exhaust the stack.

/// Where a value starts: its 1-based line, its byte offset, and where that line starts.
public struct JSONPosition: Sendable, Hashable {
    public var line: Int
    public var offset: Int
    public var lineStart: Int

    @inlinable public init(line: Int, offset: Int, lineStart: Int) {
        self.line = line
        self.offset = offset
        self.lineStart = lineStart
    }
}

/// Makes the caller's values out of what the scanner reads.
public protocol JSONBuilder {
    associatedtype Value
    associatedtype Member
    func null(at position: JSONPosition) -> Value
    func bool(_ value: Bool, at position: JSONPosition) -> Value
    func number(_ value: Double, at position: JSONPosition) -> Value
    func string(_ value: String, at position: JSONPosition) -> Value
    func array(_ elements: [Value], at position: JSONPosition) -> Value
    func member(key: String, keyPosition: JSONPosition, value: Value) -> Member
    func object(_ members: [Member], at position: JSONPosition) -> Value
}

public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var position: JSONPosition

    @inlinable public init(message: String, position: JSONPosition) {
        self.message = message
        self.position = position
    }
    public var description: String { "line \(position.line), byte \(position.offset): \(message)" }
}

public struct JSONScanner<Builder: JSONBuilder> {
    public static var maximumDepth: Int { 128 }

    @usableFromInline let builder: Builder
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index: Int
    @usableFromInline let end: Int
    @usableFromInline var line: Int
    @usableFromInline var lineStart: Int

    @inlinable init(builder: Builder, bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, line: Int, lineStart: Int) {
        self.builder = builder
        self.bytes = bytes
        self.index = start
        self.end = end
        self.line = line
        self.lineStart = lineStart
    }

    /// Parses exactly one value in `bytes[start..<end]`, with only whitespace around it.
    /// The first byte is on `line`, which starts at `lineStart`. The bytes must be
    /// valid UTF-8 (strings are decoded without checks).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, builder: Builder, start: Int = 0, end: Int? = nil,
                             line: Int = 1, lineStart: Int = 0) -> Result<Builder.Value, JSONSyntaxError> {
        var scanner = JSONScanner(builder: builder, bytes: bytes, start: start, end: end ?? bytes.count, line: line, lineStart: lineStart)
        do {
            scanner.skipWhitespace()
            let value = try scanner.parseValue(depth: 0)
            scanner.skipWhitespace()
            if scanner.index < scanner.end {
                throw scanner.error("unexpected \(scanner.describeCurrent()) after the JSON value")
            }
            return .success(value)
        } catch let e as JSONSyntaxError {
            return .failure(e)
        } catch {
            return .failure(JSONSyntaxError(message: "\(error)", position: scanner.position))
        }
    }

    @inlinable var position: JSONPosition { JSONPosition(line: line, offset: index, lineStart: lineStart) }

    @inlinable func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, position: position) }

    @inlinable func describeCurrent() -> String {
        guard index < end else { return "end of input" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    @inlinable mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    @inlinable mutating func parseValue(depth: Int) throws -> Builder.Value {
        guard index < end else { throw error("expected a JSON value, found end of input") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
            index += 1
            var members: [Builder.Member] = []
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return builder.object(members, at: start)
            }
            while true {
                skipWhitespace()
                guard index < end, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("expected a quoted object key, found \(describeCurrent())")
                }
                let keyPosition = position
                let key = try parseString()
                skipWhitespace()
                guard index < end, bytes[index] == UInt8(ascii: ":") else {
                    throw error("expected ':' after object key, found \(describeCurrent())")
                }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                members.append(builder.member(key: key, keyPosition: keyPosition, value: value))
                skipWhitespace()
                guard index < end else { throw error("unterminated object: expected ',' or '}', found end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                throw error("expected ',' or '}' in object, found \(describeCurrent())")
            }
            return builder.object(members, at: start)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
            index += 1
            var elements: [Builder.Value] = []
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return builder.array(elements, at: start)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < end else { throw error("unterminated array: expected ',' or ']', found end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                throw error("expected ',' or ']' in array, found \(describeCurrent())")
            }
            return builder.array(elements, at: start)
        case UInt8(ascii: "\""):
            return builder.string(try parseString(), at: start)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return builder.bool(true, at: start)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return builder.bool(false, at: start)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return builder.null(at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return builder.number(try parseNumber(), at: start)
        default:
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    @inlinable mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let ok = index + count <= end && word.withUTF8Buffer { w in
            (0..<count).allSatisfy { bytes[index + $0] == w[$0] }
        }
        guard ok else { throw error("expected a JSON value, found \(describeCurrent())") }
        index += count
    }

    @inlinable mutating func digits() -> Int {
        let s = index
        while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - s
    }

    @inlinable mutating func parseNumber() throws -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        let intDigits = digits()
        guard intDigits > 0 else { throw error("invalid number: expected a digit") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
            index = intStart + 1
            throw error("invalid number: leading zero")
        }
        var isInteger = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw error("invalid number: expected a digit after '.'") }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number: expected a digit in the exponent") }
        }
        // Short integers without a text round trip (most item values are).
        if isInteger, index - intStart <= 15 {
            var value = 0
            for i in intStart..<index { value = value * 10 + Int(bytes[i] - 0x30) }
            return bytes[start] == UInt8(ascii: "-") ? -Double(value) : Double(value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("number \(text) is out of range")
        }
        return value
    }

    /// Parses a string at the opening quote; leaves `index` after the closing quote.
    @inlinable mutating func parseString() throws -> String {
        let open = position
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < end {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw controlCharacterError(b, open: open) }
            index += 1
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < end {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 { throw controlCharacterError(b, open: open) }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                index += 1
                continue
            }
            guard index + 1 < end else { break }
            let e = bytes[index + 1]
            index += 2
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("invalid \\u escape: lone surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid \\u escape: lone surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw error("invalid \\u escape: lone surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                index -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
            }
        }
        throw JSONSyntaxError(message: "unterminated string", position: open)
    }

    @inlinable mutating func hex4() throws -> UInt32 {
        guard index + 4 <= end else { throw error("invalid \\u escape: expected 4 hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw error("invalid \\u escape: expected 4 hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    @inlinable func controlCharacterError(_ b: UInt8, open: JSONPosition) -> JSONSyntaxError {
        if b == 0x0A {
            return JSONSyntaxError(message: "unterminated string (a newline inside a string must be written \\n)", position: open)
        }
        return error("control character 0x\(String(b, radix: 16, uppercase: true)) inside a string must be escaped")
    }
}
