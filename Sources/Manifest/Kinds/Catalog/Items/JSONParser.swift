import BrazeCore

/// JSON item sources as raw values: the shared `JSONScanner` keeps what Foundation's
/// JSONSerialization loses — where every value and key was written, the order of
/// object keys, and whether a value was a number or a boolean.
enum JSONParser {
    struct SyntaxError: Error, Sendable {
        var message: String
        var position: TextPosition
    }

    /// Builds `RawValue`s with their places.
    struct RawValueBuilder: JSONBuilder {
        func null(at p: JSONPosition) -> RawValue { RawValue(kind: .null, position: Self.place(p)) }
        func bool(_ v: Bool, at p: JSONPosition) -> RawValue { RawValue(kind: .bool(v, text: nil), position: Self.place(p)) }
        func number(_ v: Double, at p: JSONPosition) -> RawValue { RawValue(kind: .number(v, text: nil), position: Self.place(p)) }
        func string(_ v: String, at p: JSONPosition) -> RawValue { RawValue(kind: .string(v), position: Self.place(p)) }
        func array(_ e: [RawValue], at p: JSONPosition) -> RawValue { RawValue(kind: .array(e), position: Self.place(p)) }
        func member(key: String, keyPosition: JSONPosition, value: RawValue) -> RawValue.Member {
            RawValue.Member(key: key, keyPosition: Self.place(keyPosition), value: value)
        }
        func object(_ m: [RawValue.Member], at p: JSONPosition) -> RawValue { RawValue(kind: .object(m), position: Self.place(p)) }

        static func place(_ p: JSONPosition) -> ValuePosition {
            .text(TextPosition(line: p.line, offset: p.offset, lineStart: p.lineStart))
        }
    }

    /// Parses exactly one value, with only whitespace around it. The bytes must be
    /// valid UTF-8 (the reader checks a whole file once, up front; CSV cells are Swift strings).
    static func parse(_ bytes: [UInt8], start: Int = 0, end: Int? = nil, line: Int = 1, lineStart: Int = 0) -> Result<RawValue, SyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            JSONScanner.parse(buffer, builder: RawValueBuilder(), start: start, end: end, line: line, lineStart: lineStart)
                .mapError { SyntaxError(message: $0.message, position: TextPosition(line: $0.position.line, offset: $0.position.offset, lineStart: $0.position.lineStart)) }
        }
    }
}
