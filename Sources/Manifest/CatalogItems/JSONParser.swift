/// A small JSON parser (RFC 8259) over bytes that keeps what Foundation's
/// JSONSerialization loses: where every value and key was written, the order of
/// object keys, and whether a value was a number or a boolean.
///
/// Nesting is bounded (`maximumDepth`) so that hostile input cannot exhaust the stack.
struct JSONParser {
    struct SyntaxError: Error, Sendable {
        var message: String
        var position: TextPosition
    }

    static let maximumDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private let end: Int
    private var line: Int
    private var lineStart: Int

    /// Parses `bytes[start..<end]`, whose first byte is on `line`, which starts at `lineStart`.
    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, line: Int, lineStart: Int) {
        self.bytes = bytes
        self.index = start
        self.end = end
        self.line = line
        self.lineStart = lineStart
    }

    /// Parses exactly one value, with only whitespace around it. The bytes must be
    /// valid UTF-8 (the reader checks a whole file once, up front; CSV cells are Swift strings).
    static func parse(_ bytes: [UInt8], start: Int = 0, end: Int? = nil, line: Int = 1, lineStart: Int = 0) -> Result<RawValue, SyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, start: start, end: end ?? buffer.count, line: line, lineStart: lineStart)
            do {
                parser.skipWhitespace()
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if parser.index < parser.end {
                    throw parser.error("unexpected \(parser.describeCurrent()) after the JSON value")
                }
                return .success(value)
            } catch let e as SyntaxError {
                return .failure(e)
            } catch {
                return .failure(SyntaxError(message: "\(error)", position: parser.position))
            }
        }
    }

    private var position: TextPosition { TextPosition(line: line, offset: index, lineStart: lineStart) }

    private func error(_ message: String) -> SyntaxError { SyntaxError(message: message, position: position) }

    private func describeCurrent() -> String {
        guard index < end else { return "end of input" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
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

    private mutating func parseValue(depth: Int) throws -> RawValue {
        guard index < end else { throw error("expected a JSON value, found end of input") }
        let start = ValuePosition.text(position)
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
            index += 1
            var members: [RawValue.Member] = []
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return RawValue(kind: .object(members), position: start)
            }
            while true {
                skipWhitespace()
                guard index < end, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("expected a quoted object key, found \(describeCurrent())")
                }
                let keyPosition = ValuePosition.text(position)
                let key = try parseString()
                skipWhitespace()
                guard index < end, bytes[index] == UInt8(ascii: ":") else {
                    throw error("expected ':' after object key, found \(describeCurrent())")
                }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                members.append(RawValue.Member(key: key, keyPosition: keyPosition, value: value))
                skipWhitespace()
                guard index < end else { throw error("unterminated object: expected ',' or '}', found end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                throw error("expected ',' or '}' in object, found \(describeCurrent())")
            }
            return RawValue(kind: .object(members), position: start)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
            index += 1
            var elements: [RawValue] = []
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return RawValue(kind: .array(elements), position: start)
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
            return RawValue(kind: .array(elements), position: start)
        case UInt8(ascii: "\""):
            return RawValue(kind: .string(try parseString()), position: start)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return RawValue(kind: .bool(true, text: nil), position: start)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return RawValue(kind: .bool(false, text: nil), position: start)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return RawValue(kind: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return RawValue(kind: .number(try parseNumber(), text: nil), position: start)
        default:
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let ok = index + count <= end && word.withUTF8Buffer { w in
            (0..<count).allSatisfy { bytes[index + $0] == w[$0] }
        }
        guard ok else { throw error("expected a JSON value, found \(describeCurrent())") }
        index += count
    }

    private mutating func parseNumber() throws -> Double {
        let start = index
        func digits() -> Int {
            let s = index
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - s
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        let intDigits = digits()
        guard intDigits > 0 else { throw error("invalid number: expected a digit") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
            index = intStart + 1
            throw error("invalid number: leading zero")
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("invalid number: expected a digit after '.'") }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number: expected a digit in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("number \(text) is out of range")
        }
        return value
    }

    /// Parses a string at the opening quote; leaves `index` after the closing quote.
    private mutating func parseString() throws -> String {
        let open = position
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < end {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = try decode(start..<index, at: open)
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
        throw SyntaxError(message: "unterminated string", position: open)
    }

    private mutating func hex4() throws -> UInt32 {
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

    private func controlCharacterError(_ b: UInt8, open: TextPosition) -> SyntaxError {
        if b == 0x0A {
            return SyntaxError(message: "unterminated string (a newline inside a string must be written \\n)", position: open)
        }
        return error("control character 0x\(String(b, radix: 16, uppercase: true)) inside a string must be escaped")
    }

    /// The input was checked to be UTF-8 as a whole (see `parse`), so strings decode without checks.
    private func decode(_ range: Range<Int>, at open: TextPosition) throws -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
