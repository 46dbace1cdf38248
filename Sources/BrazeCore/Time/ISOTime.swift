import Foundation

/// ISO-8601 instants, read and written over bytes without Foundation's
/// formatters (fast enough for 100,000-item catalogs, and independent of locale).
///
/// One reader with two styles and one writer with four: each caller says which
/// rules it needs. The manifest's catalog `time` values and the engine use
/// `.zoneRequired`; the simulator, which also reads Braze's list filters, uses
/// `.zoneOptional`.
public enum ISOTime {
    /// What a reader accepts beyond `YYYY-MM-DD` (a date alone, midnight UTC).
    public enum ParseStyle: Sendable {
        /// `THH:MM:SS[.fraction]` and a zone (`Z`, `±HH:MM` or `±HHMM`) are both
        /// required: a time without a zone would mean different instants on
        /// different machines.
        case zoneRequired
        /// Seconds are optional and so is the zone (then UTC); a leap second is read.
        case zoneOptional
    }

    /// How a writer spells an instant (always UTC).
    public enum FormatStyle: Sendable {
        /// `2022-11-02T20:04:06.879Z`: what brazeform sends, and how catalog item times are read back.
        case zuluMillis
        /// `2022-11-02T20:04:06.879+00:00`: how Braze writes catalogs, blocks and templates.
        case offsetMillis
        /// `2022-08-17T15:46:10Z`: how preference centers are listed.
        case zuluSeconds
        /// `2022-09-22T18:28:07+00:00`
        case offsetSeconds
    }

    public static func parse(_ text: String, style: ParseStyle = .zoneRequired) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0, style: style) }
    }

    /// `T`/`Z` in either case, or a space for `T` (as RFC 3339 allows); any number of fraction digits.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>, style: ParseStyle = .zoneRequired) -> Date? {
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            i += count
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        let lenient = style == .zoneOptional
        guard let year = number(4), expect(UInt8(ascii: "-")),
              let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if i == b.count {
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2) else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(UInt8(ascii: ":")) {
            guard let s = number(2) else { return nil }
            second = s
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var digits = 0
                var value = 0.0
                var scale = 1.0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    if digits < 15 {
                        value = value * 10 + Double(b[i] - 0x30)
                        scale *= 10
                    }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                fraction = value / scale
            }
        } else if !lenient {
            return nil
        }
        guard hour < 24, minute < 60, second < (lenient ? 61 : 60) else { return nil }
        var offsetSeconds = 0
        if i == b.count {
            guard lenient else { return nil }  // no time zone
        } else {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                guard let om = number(2), oh < 24, om < 60 else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            default:
                return nil
            }
        }
        guard i == b.count else { return nil }
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(whole) + fraction)
    }

    /// The instant in UTC, to the nearest millisecond.
    public static func format(_ date: Date, style: FormatStyle = .zuluMillis) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded())
        var days = totalMillis >= 0 ? totalMillis / 86_400_000 : (totalMillis - 86_399_999) / 86_400_000
        let msOfDay = totalMillis - days * 86_400_000
        let (year, month, day) = civilFromDays(days)
        let h = msOfDay / 3_600_000, m = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))"
        switch style {
        case .zuluMillis: text += ".\(pad(ms, 3))Z"
        case .offsetMillis: text += ".\(pad(ms, 3))+00:00"
        case .zuluSeconds: text += "Z"
        case .offsetSeconds: text += "+00:00"
        }
        return text
    }

    /// Milliseconds since 1970, rounded: how two instants compare.
    public static func milliseconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded()
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let t = String(value)
        return t.count >= width ? t : String(repeating: "0", count: width - t.count) + t
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
