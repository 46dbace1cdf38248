/// Items from a CSV file whose header row names the catalog's fields.
///
/// The header must name `id`, each other field at most once, and nothing else. A
/// field with no column has no value in any item (its key is absent, so the planner
/// can tell "no column" from a written null: it sends null for a field new in the
/// plan, and refuses to clear values a field already holds live). Each following record
/// is an item; see ``ItemCollector`` for how cells are coerced (an empty cell is the
/// empty string for a `string` field and null for the others; `array` and `object`
/// cells hold JSON text).
extension ItemCollector {
    mutating func addItems(csv source: SourceText) {
        source.bytes.withUnsafeBufferPointer { buffer in
            readCSV(buffer)
        }
    }

    private mutating func readCSV(_ buffer: UnsafeBufferPointer<UInt8>) {
        expectItems(buffer.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        var scanner = CSVScanner(bytes: buffer)
        var cells: [CSVCell] = []

        // Header.
        switch scanner.next(into: &cells) {
        case .end:
            error("the CSV file is empty; it needs a header row naming the catalog's fields (id first)",
                  at: .text(TextPosition(line: 1, offset: 0, lineStart: 0)))
            return
        case .error(let message, let position):
            error(message, at: .text(position))
            return
        case .record:
            break
        }
        let headerStart = ValuePosition.text(cells[0].position)
        var column: [Int?] = []  // header index -> field index (nil: ignored)
        var idColumn: Int?
        var seenNames: [String: ValuePosition] = [:]
        var headerOK = true
        for cell in cells {
            let name = scanner.text(of: cell)
            let at = ValuePosition.text(cell.position)
            column.append(nil)
            if name.isEmpty {
                error("the header has an empty column name (a stray comma?)", at: at)
                headerOK = false
                continue
            }
            if let first = seenNames[name] {
                error("column '\(name)' appears twice in the header (first at \(location(first)))", at: at)
                headerOK = false
                continue
            }
            seenNames[name] = at
            if name == "id" {
                idColumn = column.count - 1
            } else if let index = fieldIndex[name] {
                column[column.count - 1] = index
            } else {
                // Past the file's cap a problem is only counted ("... and N more"), and the header's
                // come first (line 1, column by column): no "did you mean" is worked out for one that
                // is not shown (200,000 unknown columns took 1.1 s for it).
                let shown = problemCount < ItemCollector.maximumDiagnosticsPerFile
                error("unknown column '\(name)'" + (shown ? ": \(unknownFieldMessage(name))" : ""), at: at)
                headerOK = false
            }
        }
        if idColumn == nil {
            error("the header has no 'id' column; every item needs an id", at: headerStart)
        }
        let width = cells.count

        // Records.
        var row = 0
        while true {
            let line: Int
            switch scanner.next(into: &cells) {
            case .end:
                return
            case .error(let message, let position):
                error(message, at: .text(position))
                return
            case .record(let l):
                line = l
            }
            row += 1
            let rowNumber = row
            func label() -> String { "row \(rowNumber) (line \(line))" }
            let rowStart = ValuePosition.text(cells[0].position)
            guard cells.count == width else {
                error("\(label()) has \(cells.count) cell\(cells.count == 1 ? "" : "s"); the header has \(width)", at: rowStart)
                continue
            }
            var ok = headerOK
            var values = [String: ItemValue](minimumCapacity: fields.count)
            for (i, cell) in cells.enumerated() {
                guard let fieldIndex = column[i] else { continue }
                let field = fields[fieldIndex]
                let at = ValuePosition.text(cell.position)
                guard let value = coerce(csv: scanner.text(of: cell), field: field, context: "\(label()), field \(field.name)", at: at) else {
                    ok = false
                    continue
                }
                if !checkSize(value, context: "\(label()), field \(field.name)", at: at) { ok = false }
                values[field.name] = value
            }
            guard let idColumn else { continue }
            let idCell = cells[idColumn]
            let id = scanner.text(of: idCell)
            let idAt = ValuePosition.text(idCell.position)
            if !checkID(id, label: label(), at: idAt) { continue }
            if !claimID(id, label: label(), at: idAt) { continue }
            if ok { add(CatalogItem(id: id, values: values, location: itemLocation(rowStart))) }
        }
    }
}
