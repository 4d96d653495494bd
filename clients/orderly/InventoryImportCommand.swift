// `orderly inventory import FILE.csv`: streams the well-formed stock rows through the
// client-streaming ImportStock call, with a progress line on stderr, then reports what the
// server accepted and rejected (exit 1 when any row was malformed or rejected).
import ArgumentParser
import OrderlyMessages

struct ImportStock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bulk-set stock from a CSV file (header location_id,sku,on_hand[,safety_stock]).",
        discussion: """
            Malformed lines (wrong field count, a number that is not one) are reported on
            stderr with their line numbers and not sent; the other rows are still
            imported. Rows the server refuses (e.g. unknown location) are counted and
            listed with their line numbers. The summary says accepted, rejected (by the
            server) and malformed (not sent); the exit status is 1 when any row was
            rejected or malformed. A bad header stops the import.

            Examples:
              orderly inventory import stock.csv
              erp-export | orderly inventory import -
            """)

    @Argument(help: ArgumentHelp("CSV file, or - for stdin.", valueName: "file.csv")) var file: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let stock = try StockCSV.read(path: file)
        for problem in stock.malformed { Terminal.error(problem) }
        let total = stock.rows.count
        let progress = ImportProgress(total: total)
        try await common.withSession { session in
            let response = try await session.inventory.importStock(
                ProgressRows(rows: stock.rows, progress: progress), options: session.options)
            Terminal.progress("sent \(total)/\(total) rows")
            Terminal.endProgress()
            try session.print(response) { response in
                var lines = ["accepted: \(response.accepted)", "rejected: \(response.rejected)"]
                if !stock.malformed.isEmpty { lines.append("malformed: \(stock.malformed.count) (not sent)") }
                lines += response.errors.map { "  " + stock.locate($0) }
                return lines.joined(separator: "\n")
            }
            if response.rejected > 0 || !stock.malformed.isEmpty { throw ExitCode.failure }
        }
    }
}

/// Prints `sent N/T rows` at most every 1,000 rows.
struct ImportProgress: Sendable {
    let total: Int

    func sent(_ count: Int) {
        if count % 1000 == 0 { Terminal.progress("sent \(count)/\(total) rows") }
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
