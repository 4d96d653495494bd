// `orderly inventory movements`: the stock ledger, oldest first, pages followed up to --limit.
import ArgumentParser
import OrderlyMessages

struct StockMovements: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movements", abstract: "The stock ledger: why each stock figure changed, oldest first.",
        discussion: """
            One row per change of a level's on_hand, reserved, damaged or incoming, with the reason, \
            the order, shipment, return or request behind it, and the caller's role.
            Examples:
              orderly inventory movements --sku SKU-1
              orderly inventory movements --location wh-newark --from 2026-12-01 --limit 500
              orderly inventory movements --sku SKU-1 --json
            """)

    @Option(help: ArgumentHelp("Only this location.", valueName: "id")) var location = ""
    @Option(help: "Only this SKU.") var sku = ""
    @OptionGroup var range: TimeRange
    @Option(help: "At most this many movements (pages are followed).") var limit = 100
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await common.withSession { session in
            var result = Orderly_V1_ListStockMovementsResponse()
            var request = Orderly_V1_ListStockMovementsRequest(
                locationID: location, sku: sku, from: range.from?.timestamp, to: range.to?.timestamp,
                pageSize: Int32(min(limit, 1000)))
            repeat {
                let page = try await session.inventory.listStockMovements(request, options: session.options)
                result.movements += page.movements.prefix(limit - result.movements.count)
                result.nextPageToken = page.nextPageToken
                request.pageToken = page.nextPageToken
            } while !request.pageToken.isEmpty && result.movements.count < limit
            try session.print(result) { response in
                var table = Table("SEQ", "TIME", "LOCATION", "SKU", "ON HAND", "RESERVED", "DAMAGED", "INCOMING",
                                  "REASON", "REFERENCE", "ACTOR", "NOTE")
                for m in response.movements {
                    table.add(String(m.sequence), Format.time(m.at), m.locationID, m.sku, Self.signed(m.onHandDelta),
                              Self.signed(m.reservedDelta), Self.signed(m.damagedDelta), Self.signed(m.incomingDelta),
                              m.reason.kebabName, m.reference, m.actor, m.note)
                }
                return table.render(empty: "(no movements)")
            }
        }
    }

    /// "+3", "-2", or "" for 0, so the bucket that moved stands out.
    static func signed(_ delta: Int64) -> String {
        delta == 0 ? "" : delta > 0 ? "+\(delta)" : String(delta)
    }
}
