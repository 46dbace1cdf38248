import Foundation

/// ISO-8601 reading and writing without locale- or formatter-dependent behaviour.
enum ISOTime {
    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and `Z`, `±HH:MM`
    /// or `±HHMM`. A time without an offset is UTC (Braze's list filters use that form).
    static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= chars.count else { return nil }
            var value = 0
            for k in 0..<count {
                let c = chars[i + k]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += count
            return value
        }
        func eat(_ c: Character) -> Bool {
            guard i < chars.count, let ascii = c.asciiValue, chars[i] == ascii else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), eat("-"), let month = digits(2), eat("-"), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if i < chars.count {
            guard eat("T") || eat("t") || eat(" ") else { return nil }
            guard let h = digits(2), eat(":"), let m = digits(2) else { return nil }
            hour = h; minute = m
            if eat(":") {
                guard let s = digits(2) else { return nil }
                second = s
                if eat(".") || eat(",") {
                    var scale = 0.1
                    let start = i
                    while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                        fraction += Double(chars[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if i < chars.count {
                if eat("Z") || eat("z") {
                    // UTC
                } else if i < chars.count, chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-") {
                    let sign = chars[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = eat(":")
                    guard let om = digits(2), oh < 24, om < 60 else { return nil }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == chars.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// `2022-11-02T20:04:06.879+00:00`: the form Braze writes for catalogs, blocks and templates.
    static func offsetMillis(_ date: Date) -> String { base(date, millis: true) + "+00:00" }

    /// `2022-11-02T20:04:06.879Z`: the form catalog item times are read back in.
    static func zuluMillis(_ date: Date) -> String { base(date, millis: true) + "Z" }

    /// `2022-08-17T15:46:10Z`: the form preference centers are listed with.
    static func zuluSeconds(_ date: Date) -> String { base(date, millis: false) + "Z" }

    /// `2022-09-22T18:28:07+00:00`
    static func offsetSeconds(_ date: Date) -> String { base(date, millis: false) + "+00:00" }

    private static func base(_ date: Date, millis: Bool) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = totalMillis / 1000
        var ms = totalMillis % 1000
        if ms < 0 { ms += 1000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days))
        let text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(Int(secondOfDay / 3600), 2) + ":"
            + pad(Int(secondOfDay % 3600 / 60), 2) + ":" + pad(Int(secondOfDay % 60), 2)
        return millis ? text + "." + pad(Int(ms), 3) : text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
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
