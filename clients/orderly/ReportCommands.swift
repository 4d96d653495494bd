// `orderly reports sales | top-products | fulfillment | low-stock` (the insights' `customers`,
// `affinity` and `cover` are in InsightCommands.swift).
import ArgumentParser
import OrderlyJSON
import OrderlyMessages

struct Reports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sales, best sellers, fulfillment speed, low stock, customers, bought together, stock cover.",
        subcommands: [SalesReport.self, TopProductsReport.self, FulfillmentReport.self, LowStockReport.self,
                      CustomersReport.self, AffinityReport.self, CoverReport.self])
}

/// A `--from` / `--to` instant: RFC 3339 or YYYY-MM-DD (midnight UTC).
struct Instant: ExpressibleByArgument, Sendable {
    let timestamp: Google_Protobuf_Timestamp

    init?(argument: String) {
        guard let parsed = RFC3339.parse(argument) else { return nil }
        timestamp = Google_Protobuf_Timestamp(seconds: parsed.seconds, nanos: parsed.nanos)
    }
}

/// `--from T --to T`.
struct TimeRange: ParsableArguments {
    @Option(help: ArgumentHelp("Start (RFC 3339 or YYYY-MM-DD, UTC).", valueName: "time")) var from: Instant?
    @Option(help: ArgumentHelp("End, exclusive (RFC 3339 or YYYY-MM-DD, UTC).", valueName: "time")) var to: Instant?
}

/// `--currency XXX`: whose money a report adds up.
struct CurrencyOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "ISO 4217 code whose orders' money is counted (default: the server's --base-currency).",
        valueName: "code"))
    var currency = ""
}

struct SalesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sales", abstract: "Orders, units, revenue and refunds, by channel and by currency.",
        discussion: """
            Orders and units count every currency; revenue and refunds only the orders in --currency \
            (the server's base currency by default). The BY CURRENCY table gives each currency's own money.
            Examples:
              orderly reports sales
              orderly reports sales --currency EUR
              orderly reports sales --from 2026-11-01 --to 2026-12-01 --json
            """)

    @OptionGroup var range: TimeRange
    @OptionGroup var money: CurrencyOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let summary = try await session.reporting.getSalesSummary(
                Orderly_V1_GetSalesSummaryRequest(
                    from: range.from?.timestamp, to: range.to?.timestamp, currency: money.currency),
                options: session.options)
            try session.print(summary) { s in
                var table = Table("CHANNEL", "ORDERS", "UNITS", "REVENUE")
                for c in s.byChannel {
                    table.add(c.channel.kebabName, String(c.orders), String(c.units),
                              Format.money(c.revenueMinor, s.currency))
                }
                table.add("total", String(s.orders), String(s.units), Format.money(s.revenueMinor, s.currency))
                var byCurrency = Table("CURRENCY", "ORDERS", "UNITS", "REVENUE", "REFUNDED")
                for row in s.byCurrency {
                    byCurrency.add(row.currency, String(row.orders), String(row.units),
                                   Format.money(row.revenueMinor, row.currency),
                                   Format.money(row.refundedMinor, row.currency))
                }
                return table.render() + "\nrefunded: " + Format.money(s.refundedMinor, s.currency)
                    + "\n\nBY CURRENCY\n" + byCurrency.render(empty: "(no sales)")
            }
        }
    }
}

struct TopProductsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top-products", abstract: "Best-selling SKUs by units.",
        discussion: "Units count every currency, revenue only --currency's orders.\nExamples:\n  orderly reports top-products --limit 5\n  orderly reports top-products --from 2026-11-20 --currency EUR")

    @Option(help: "How many SKUs.") var limit: Int32 = 10
    @OptionGroup var range: TimeRange
    @OptionGroup var money: CurrencyOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.reporting.getTopProducts(
                Orderly_V1_GetTopProductsRequest(
                    from: range.from?.timestamp, to: range.to?.timestamp, limit: limit, currency: money.currency),
                options: session.options)
            try session.print(response) { response in
                var table = Table("RANK", "SKU", "UNITS", "REVENUE")
                for (index, p) in response.products.enumerated() {
                    table.add(String(index + 1), p.sku, String(p.units), Format.money(p.revenueMinor))
                }
                return table.render(empty: "(no sales)")
            }
        }
    }
}

struct FulfillmentReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulfillment", abstract: "Time to ship and deliver, split shipments, returns.",
        discussion: "Examples:\n  orderly reports fulfillment --from 2026-11-01")

    @OptionGroup var range: TimeRange
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let stats = try await session.reporting.getFulfillmentStats(
                Orderly_V1_GetFulfillmentStatsRequest(from: range.from?.timestamp, to: range.to?.timestamp),
                options: session.options)
            try session.print(stats) { s in
                var block = KeyValues()
                block.add("orders shipped", String(s.ordersShipped))
                block.add("mean hours to ship", Format.decimal(s.meanHoursToShip))
                block.add("p90 hours to ship", Format.decimal(s.p90HoursToShip))
                block.add("mean hours to deliver", Format.decimal(s.meanHoursToDeliver))
                block.add("split shipment rate", Format.decimal(s.splitShipmentRate * 100, digits: 1) + "%")
                block.add("return rate", Format.decimal(s.returnRate * 100, digits: 1) + "%")
                return block.render()
            }
        }
    }
}

struct LowStockReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "low-stock", abstract: "Stock levels whose available units are at or below a threshold.",
        discussion: "Examples:\n  orderly reports low-stock --threshold 5")

    @Option(help: "Report levels with available <= this.") var threshold: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.reporting.getLowStock(
                Orderly_V1_GetLowStockRequest(threshold: threshold), options: session.options)
            try session.print(response) { response in
                var table = Table("LOCATION", "SKU", "ON HAND", "RESERVED", "SAFETY", "AVAILABLE")
                for l in response.levels {
                    table.add(l.locationID, l.sku, String(l.onHand), String(l.reserved), String(l.safetyStock),
                              String(l.available))
                }
                return table.render(empty: "(no low stock)")
            }
        }
    }
}
