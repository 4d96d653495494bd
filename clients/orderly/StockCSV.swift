// Reading `orderly inventory import`'s CSV: header location_id,sku,on_hand[,safety_stock],
// quoted fields, and every malformed line set aside with its line number.
import OrderlyMessages
#if canImport(Glibc)
import Glibc
#endif

/// A stock CSV file read: the rows to send, the file line of each, and the malformed lines.
struct StockFile: Sendable {
    /// The well-formed rows, in file order.
    var rows: [Orderly_V1_SetStockRequest] = []
    /// The file line number of each of `rows`.
    var lines: [Int] = []
    /// One `line N: why` per malformed line (not sent).
    var malformed: [String] = []

    /// A server row error (`row 3: ...`, counting sent rows from 1) with the file line of that
    /// row: `line 5 (row 3): ...`. Anything else is returned as it is.
    func locate(_ error: String) -> String {
        guard error.hasPrefix("row "), let colon = error.firstIndex(of: ":"),
              let row = Int(error[error.index(error.startIndex, offsetBy: 4)..<colon]), row >= 1, row <= lines.count
        else { return error }
        return "line \(lines[row - 1]) (row \(row))" + error[colon...]
    }
}

/// Reads and checks the stock CSV.
enum StockCSV {
    /// Every row of the file (`-` = stdin), malformed lines set aside; throws when the file
    /// cannot be read, is empty or has a bad header.
    static func read(path: String) throws -> StockFile {
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
        var file = StockFile()
        while let raw = readLine(strippingNewline: true) {
            lineNumber += 1
            let fields = split(raw)
            if fields.allSatisfy(\.isEmpty) { continue }
            guard let columns = header else {
                header = try checkHeader(fields.map { $0.lowercased() }, line: lineNumber)
                continue
            }
            do {
                file.rows.append(try row(fields, columns: columns, line: lineNumber))
                file.lines.append(lineNumber)
            } catch let error as CommandFailure {
                file.malformed.append(error.description)
            }
        }
        guard header != nil else { throw CommandFailure(description: "\(path): empty file (expected a CSV header)") }
        return file
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
