// Aligned plain-text tables and key/value blocks, the default (human) output.

/// A table with a header row; numeric-looking columns are right-aligned.
struct Table {
    /// Column titles.
    let headers: [String]
    /// Cells, one array per row (short rows are padded).
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    /// The text, or `empty` when there are no rows.
    func render(empty: String = "(none)") -> String {
        guard !rows.isEmpty else { return empty }
        let columns = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columns).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let numeric = (0..<columns).map { column in
            rows.allSatisfy { column >= $0.count || $0[column].isEmpty || Self.looksNumeric($0[column]) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for column in 0..<columns {
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(numeric[column] ? padding + cell : cell + padding)
            }
            return String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

extension Table {
    /// `12`, `-3`, `0.5`, `12.34 USD`, `7.5%`.
    static func looksNumeric(_ cell: String) -> Bool {
        var text = Substring(cell)
        if text.hasSuffix("%") { text = text.dropLast() }
        if text.count > 4, text.dropLast(3).hasSuffix(" "), text.suffix(3).allSatisfy(\.isUppercase) {
            text = text.dropLast(4)
        }
        return Double(text) != nil
    }
}

/// `key: value` lines with the values aligned.
struct KeyValues {
    private var pairs: [(String, String)] = []

    /// Adds a pair; empty values are skipped so blocks only show what is set.
    mutating func add(_ key: String, _ value: String) {
        if !value.isEmpty { pairs.append((key, value)) }
    }

    func render() -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { key, value in
            key + ":" + String(repeating: " ", count: width - key.count + 1) + value
        }.joined(separator: "\n")
    }
}
