/// Line-based unified diffs (`@@ -a,b +c,d @@` hunks with context), for the
/// text fields of a plan.
///
/// The edit script comes from Myers' O(ND) algorithm in its linear-space form
/// (the middle-snake bisection, as in diff-match-patch), after trimming the
/// common prefix and suffix; lines are interned to integers first, so a 50 KB
/// text costs little more than its lines. Within each run of changes, removed
/// lines come before added ones, as git prints them.
///
/// Lines split on `\n`; a `\r` ending a line is dropped (so the output never
/// holds a carriage return), and a final newline does not make an empty last line.
public enum UnifiedDiff {
    /// One line of a hunk.
    public enum Line: Sendable, Hashable {
        case context(String)
        case delete(String)
        case insert(String)

        /// The line as a unified diff prints it: `" "`, `"-"` or `"+"` then the text.
        public var rendered: String {
            switch self {
            case .context(let s): " " + s
            case .delete(let s): "-" + s
            case .insert(let s): "+" + s
            }
        }
    }

    /// A run of changes with its surrounding context.
    public struct Hunk: Sendable, Hashable {
        /// 1-based first line in the old text (the line before, when `oldCount` is 0).
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [Line]

        /// `@@ -a,b +c,d @@`, leaving out a count of 1 as diff and git do.
        public var header: String {
            func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
            return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
        }
    }

    /// One step of an edit script: indexes into the old and new lines.
    enum Edit: Hashable {
        case equal(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The lines of a text: split on `\n`, without a trailing `\r`, no empty last line for a final newline.
    public static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var text = text
        // Over bytes: as Characters, "\r\n" is one grapheme that is not "\n".
        return text.withUTF8 { bytes in
            var result: [String] = []
            var start = 0
            func cut(_ end: Int) {
                let stop = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
                result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self))
            }
            for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
                cut(i)
                start = i + 1
            }
            if start < bytes.count { cut(bytes.count) }
            return result
        }
    }

    /// The hunks turning `old` into `new`, with `context` unchanged lines around each change;
    /// hunks whose contexts would touch or overlap are merged. Empty when the lines are equal.
    public static func hunks(old: String, new: String, context: Int = 3) -> [Hunk] {
        hunks(oldLines: lines(old), newLines: lines(new), context: context)
    }

    public static func hunks(oldLines a: [String], newLines b: [String], context: Int = 3) -> [Hunk] {
        let script = editScript(a, b)
        let changed = script.indices.filter { if case .equal = script[$0] { false } else { true } }
        guard let first = changed.first else { return [] }
        let context = max(0, context)

        // Group changes separated by at most 2 × context unchanged lines.
        var groups: [(first: Int, last: Int)] = [(first, first)]
        for index in changed.dropFirst() {
            if index - groups[groups.count - 1].last - 1 <= 2 * context {
                groups[groups.count - 1].last = index
            } else {
                groups.append((index, index))
            }
        }

        // Old and new line numbers (0-based) at each script position.
        var oldBefore = [Int](repeating: 0, count: script.count + 1)
        var newBefore = [Int](repeating: 0, count: script.count + 1)
        for (i, edit) in script.enumerated() {
            oldBefore[i + 1] = oldBefore[i] + (edit.hasOld ? 1 : 0)
            newBefore[i + 1] = newBefore[i] + (edit.hasNew ? 1 : 0)
        }

        return groups.map { group in
            let start = max(0, group.first - context)
            let end = min(script.count, group.last + context + 1)
            let lines: [Line] = script[start..<end].map { edit in
                switch edit {
                case .equal(let o, _): .context(a[o])
                case .delete(let o): .delete(a[o])
                case .insert(let n): .insert(b[n])
                }
            }
            let oldCount = oldBefore[end] - oldBefore[start]
            let newCount = newBefore[end] - newBefore[start]
            return Hunk(oldStart: oldBefore[start] + (oldCount == 0 ? 0 : 1), oldCount: oldCount,
                        newStart: newBefore[start] + (newCount == 0 ? 0 : 1), newCount: newCount, lines: lines)
        }
    }

    /// The unified diff as lines: each hunk's header, then its lines.
    public static func render(_ hunks: [Hunk]) -> [String] {
        hunks.flatMap { [$0.header] + $0.lines.map(\.rendered) }
    }

    // MARK: edit script

    /// A shortest edit script (Myers), with each run of changes ordered deletes first.
    static func editScript(_ a: [String], _ b: [String]) -> [Edit] {
        // The common ends first, on the strings themselves: a small edit to a long
        // text then costs no hashing of its unchanged lines.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - suffix - 1] == b[b.count - suffix - 1] { suffix += 1 }

        var raw: [Edit] = []
        raw.reserveCapacity(max(a.count, b.count))
        for i in 0..<prefix { raw.append(.equal(old: i, new: i)) }

        // Intern the middle lines: comparisons become integer comparisons.
        var ids: [String: Int] = [:]
        ids.reserveCapacity(a.count + b.count - 2 * (prefix + suffix))
        func intern(_ line: String) -> Int {
            if let id = ids[line] { return id }
            let id = ids.count
            ids[line] = id
            return id
        }
        let x = a[prefix..<(a.count - suffix)].map(intern)
        let y = b[prefix..<(b.count - suffix)].map(intern)
        var middle: [Edit] = []
        let differ = Differ(a: x, b: y)
        differ.diff(0, x.count, 0, y.count, into: &middle)
        for edit in middle {
            switch edit {
            case .equal(let o, let n): raw.append(.equal(old: o + prefix, new: n + prefix))
            case .delete(let o): raw.append(.delete(old: o + prefix))
            case .insert(let n): raw.append(.insert(new: n + prefix))
            }
        }
        for k in 0..<suffix { raw.append(.equal(old: a.count - suffix + k, new: b.count - suffix + k)) }

        // Deletes before inserts within each run of changes.
        var script: [Edit] = []
        script.reserveCapacity(raw.count)
        var deletes: [Edit] = [], inserts: [Edit] = []
        func flush() {
            script += deletes
            script += inserts
            deletes.removeAll(keepingCapacity: true)
            inserts.removeAll(keepingCapacity: true)
        }
        for edit in raw {
            switch edit {
            case .equal: flush(); script.append(edit)
            case .delete: deletes.append(edit)
            case .insert: inserts.append(edit)
            }
        }
        flush()
        return script
    }

    /// Linear-space Myers over interned lines.
    private struct Differ {
        let a: [Int]
        let b: [Int]

        /// Appends the edits turning `a[aLo..<aHi]` into `b[bLo..<bHi]`, in order.
        func diff(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int, into out: inout [Edit]) {
            var aLo = aLo, bLo = bLo, aHi = aHi, bHi = bHi
            // Common prefix.
            while aLo < aHi, bLo < bHi, a[aLo] == b[bLo] {
                out.append(.equal(old: aLo, new: bLo))
                aLo += 1; bLo += 1
            }
            // Common suffix, appended after the middle.
            var suffix = 0
            while aLo < aHi - suffix, bLo < bHi - suffix, a[aHi - suffix - 1] == b[bHi - suffix - 1] { suffix += 1 }
            aHi -= suffix; bHi -= suffix

            if aLo == aHi {
                for j in bLo..<bHi { out.append(.insert(new: j)) }
            } else if bLo == bHi {
                for i in aLo..<aHi { out.append(.delete(old: i)) }
            } else if let (x, y) = middleSnake(aLo, aHi, bLo, bHi) {
                diff(aLo, x, bLo, y, into: &out)
                diff(x, aHi, y, bHi, into: &out)
            } else {
                for i in aLo..<aHi { out.append(.delete(old: i)) }
                for j in bLo..<bHi { out.append(.insert(new: j)) }
            }
            for k in 0..<suffix { out.append(.equal(old: aHi + k, new: bHi + k)) }
        }

        /// A point on a shortest edit path that splits the problem in two (absolute indexes),
        /// or nil when the two ranges share no line at all.
        func middleSnake(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) -> (Int, Int)? {
            let n = aHi - aLo, m = bHi - bLo
            // Nothing in common: everything is replaced, no search needed.
            if n * m > 64 {
                let left = Set(a[aLo..<aHi])
                if !b[bLo..<bHi].contains(where: left.contains) { return nil }
            }
            let maxD = (n + m + 1) / 2
            let offset = maxD
            let size = 2 * maxD + 2
            var v1 = [Int](repeating: -1, count: size)
            var v2 = [Int](repeating: -1, count: size)
            v1[offset + 1] = 0
            v2[offset + 1] = 0
            let delta = n - m
            let front = delta % 2 != 0
            var k1start = 0, k1end = 0, k2start = 0, k2end = 0

            return a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for d in 0..<maxD {
                        // Forward path.
                        var k1 = -d + k1start
                        while k1 <= d - k1end {
                            let k1Offset = offset + k1
                            var x1 = (k1 == -d || (k1 != d && v1[k1Offset - 1] < v1[k1Offset + 1])) ? v1[k1Offset + 1] : v1[k1Offset - 1] + 1
                            var y1 = x1 - k1
                            while x1 < n, y1 < m, a[aLo + x1] == b[bLo + y1] { x1 += 1; y1 += 1 }
                            v1[k1Offset] = x1
                            if x1 > n {
                                k1end += 2
                            } else if y1 > m {
                                k1start += 2
                            } else if front {
                                let k2Offset = offset + delta - k1
                                if k2Offset >= 0, k2Offset < size, v2[k2Offset] != -1, x1 >= n - v2[k2Offset] {
                                    return (aLo + x1, bLo + y1)
                                }
                            }
                            k1 += 2
                        }
                        // Reverse path.
                        var k2 = -d + k2start
                        while k2 <= d - k2end {
                            let k2Offset = offset + k2
                            var x2 = (k2 == -d || (k2 != d && v2[k2Offset - 1] < v2[k2Offset + 1])) ? v2[k2Offset + 1] : v2[k2Offset - 1] + 1
                            var y2 = x2 - k2
                            while x2 < n, y2 < m, a[aLo + n - x2 - 1] == b[bLo + m - y2 - 1] { x2 += 1; y2 += 1 }
                            v2[k2Offset] = x2
                            if x2 > n {
                                k2end += 2
                            } else if y2 > m {
                                k2start += 2
                            } else if !front {
                                let k1Offset = offset + delta - k2
                                if k1Offset >= 0, k1Offset < size, v1[k1Offset] != -1 {
                                    let x1 = v1[k1Offset]
                                    let y1 = offset + x1 - k1Offset
                                    if x1 >= n - x2 { return (aLo + x1, bLo + y1) }
                                }
                            }
                            k2 += 2
                        }
                    }
                    return nil
                }
            }
        }
    }
}

extension UnifiedDiff.Edit {
    var hasOld: Bool { if case .insert = self { false } else { true } }
    var hasNew: Bool { if case .delete = self { false } else { true } }
}
