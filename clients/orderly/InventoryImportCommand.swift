// `orderly inventory import FILE.csv`: streams stock rows through the client-streaming
// ImportStock call, with a progress line on stderr.
import ArgumentParser
import OrderlyMessages
#if canImport(Glibc)
import Glibc
#endif

struct ImportStock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bulk-set stock from a CSV file (header location_id,sku,on_hand[,safety_stock]).",
        discussion: """
            The whole file is checked first (a malformed line stops the import before anything is
            sent); rows the server refuses (e.g. unknown location) are counted and listed.

            Examples:
              orderly inventory import stock.csv
              erp-export | orderly inventory import -
            """)

    @Argument(help: ArgumentHelp("CSV file, or - for stdin.", valueName: "file.csv")) var file: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let rows = try StockCSV.read(path: file)
        let total = rows.count
        let progress = ImportProgress(total: total)
        try await common.withSession { session in
            let response = try await session.inventory.importStock(
                ProgressRows(rows: rows, progress: progress), options: session.options)
            Terminal.progress("imported \(total)/\(total) rows")
            Terminal.endProgress()
            try session.print(response) { response in
                var lines = ["accepted: \(response.accepted)", "rejected: \(response.rejected)"]
                lines += response.errors.map { "  " + $0 }
                return lines.joined(separator: "\n")
            }
        }
    }
}

/// Prints `imported N/T rows` at most every 1,000 rows.
struct ImportProgress: Sendable {
    let total: Int

    func sent(_ count: Int) {
        if count % 1000 == 0 { Terminal.progress("imported \(count)/\(total) rows") }
    }
}

/// The rows as a sequence that reports progress as the call pulls them.
struct ProgressRows: Sequence, Sendable {
    let rows: [Orderly_V1_SetStockRequest]
    let progress: ImportProgress

    struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Orderly_V1_SetStockRequest]>
        var count = 0
        let progress: ImportProgress

        mutating func next() -> Orderly_V1_SetStockRequest? {
            guard let row = base.next() else { return nil }
            count += 1
            progress.sent(count)
            return row
        }
    }

    func makeIterator() -> Iterator {
        Iterator(base: rows.makeIterator(), progress: progress)
    }
}

/// Reads and checks the stock CSV.
enum StockCSV {
    /// Every row of the file (`-` = stdin); throws naming the first malformed line.
    static func read(path: String) throws -> [Orderly_V1_SetStockRequest] {
        if path != "-" {
            // readLine() reads fd 0, so the file takes stdin's place.
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw CommandFailure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            dup2(fd, 0)
            close(fd)
        }
        var lineNumber = 0
        var header: [String]?
        var rows: [Orderly_V1_SetStockRequest] = []
        while let raw = readLine(strippingNewline: true) {
            lineNumber += 1
            let fields = split(raw)
            if fields.allSatisfy(\.isEmpty) { continue }
            guard let columns = header else {
                header = try checkHeader(fields.map { $0.lowercased() }, line: lineNumber)
                continue
            }
            rows.append(try row(fields, columns: columns, line: lineNumber))
        }
        guard header != nil else { throw CommandFailure(description: "\(path): empty file (expected a CSV header)") }
        return rows
    }

    static func checkHeader(_ fields: [String], line: Int) throws -> [String] {
        guard fields == ["location_id", "sku", "on_hand"] || fields == ["location_id", "sku", "on_hand", "safety_stock"]
        else {
            throw CommandFailure(description: "line \(line): header must be location_id,sku,on_hand[,safety_stock]")
        }
        return fields
    }

    static func row(_ fields: [String], columns: [String], line: Int) throws -> Orderly_V1_SetStockRequest {
        guard fields.count == columns.count else {
            throw CommandFailure(description: "line \(line): expected \(columns.count) fields, found \(fields.count)")
        }
        guard let onHand = Int64(fields[2]) else {
            throw CommandFailure(description: "line \(line): on_hand '\(fields[2])' is not a whole number")
        }
        var safety: Int64 = 0
        if columns.count == 4, !fields[3].isEmpty {
            guard let value = Int64(fields[3]) else {
                throw CommandFailure(description: "line \(line): safety_stock '\(fields[3])' is not a whole number")
            }
            safety = value
        }
        return Orderly_V1_SetStockRequest(locationID: fields[0], sku: fields[1], onHand: onHand, safetyStock: safety)
    }

    /// Comma-separated fields; double quotes may wrap a field (`""` is a quote inside one).
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let char = iterator.next() {
            if quoted {
                if char == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" { current.append("\"") } else {
                            quoted = false
                            if following == "," { fields.append(current); current = "" } else { current.append(following) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(char)
                }
            } else if char == "\"", current.allSatisfy(\.isWhitespace) {
                current = ""
                quoted = true
            } else if char == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        fields.append(current)
        return fields.map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
    }
}
