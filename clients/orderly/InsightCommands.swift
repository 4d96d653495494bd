// `orderly reports customers | affinity | cover`: the insight reports as tables (or --json).
import ArgumentParser
import OrderlyJSON
import OrderlyMessages

struct CustomersReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Customers: new, repeat, order value, best customers, cohorts.",
        discussion: """
            Counts count every currency; money (revenue, order value) only the orders in --currency \
            (the server's base currency by default). Orders without a customer id are left out.
            Examples:
              orderly reports customers
              orderly reports customers --from 2026-11-01 --to 2026-12-01 --top 5
              orderly reports customers --currency EUR --json
            """)

    @Option(help: "How many top customers (the server's default is 10, at most 1000).") var top: Int32 = 10
    @OptionGroup var range: TimeRange
    @OptionGroup var money: CurrencyOption
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let insights = try await session.reporting.getCustomerInsights(
                Orderly_V1_GetCustomerInsightsRequest(
                    from: range.from?.timestamp, to: range.to?.timestamp, currency: money.currency, top: top),
                options: session.options)
            try session.print(insights) { Self.render($0) }
        }
    }

    static func render(_ c: Orderly_V1_CustomerInsights) -> String {
        var block = KeyValues()
        block.add("customers", String(c.customers))
        block.add("new customers", String(c.newCustomers))
        block.add("repeat customers", String(c.repeatCustomers)
                  + " (" + Format.decimal(c.repeatPurchaseRate * 100, digits: 1) + "%)")
        block.add("orders", String(c.orders))
        block.add("orders per customer", Format.decimal(c.ordersPerCustomer))
        block.add("revenue", Format.money(c.revenueMinor, c.currency))
        block.add("average order value", Format.money(c.averageOrderValueMinor, c.currency))
        var top = Table("RANK", "CUSTOMER", "ORDERS", "REVENUE")
        for (index, v) in c.topCustomers.enumerated() {
            top.add(String(index + 1), v.customerID, String(v.orders), Format.money(v.revenueMinor, c.currency))
        }
        var cohorts = Table("FIRST ORDER", "CUSTOMERS", "REPEAT", "REVENUE")
        for row in c.cohorts {
            cohorts.add(row.firstOrderMonth, String(row.customers), String(row.repeatCustomers),
                        Format.money(row.revenueMinor, c.currency))
        }
        return block.render() + "\n\nTOP CUSTOMERS\n" + top.render(empty: "(no customers)")
            + "\n\nCOHORTS (by month of first order)\n" + cohorts.render(empty: "(no customers)")
    }
}

struct AffinityReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affinity", abstract: "SKUs bought together with a SKU, most orders first.",
        discussion: """
            Counts orders (not cancelled) holding both SKUs; pairs are counted among the first 32 \
            distinct SKUs of an order.
            Examples:
              orderly reports affinity SKU-001
              orderly reports affinity SKU-001 --limit 5 --from 2026-11-01
            """)

    @Argument(help: "The SKU whose companions to list.") var sku: String
    @Option(help: "How many companions (at most 1000).") var limit: Int32 = 10
    @OptionGroup var range: TimeRange
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.reporting.getProductAffinity(
                Orderly_V1_GetProductAffinityRequest(
                    sku: sku, from: range.from?.timestamp, to: range.to?.timestamp, limit: limit),
                options: session.options)
            try session.print(response) { Self.render($0, sku: sku) }
        }
    }

    static func render(_ r: Orderly_V1_GetProductAffinityResponse, sku: String) -> String {
        var table = Table("RANK", "BOUGHT WITH " + sku, "ORDERS TOGETHER")
        for (index, p) in r.pairs.enumerated() { table.add(String(index + 1), p.sku, String(p.ordersTogether)) }
        return table.render(empty: "(no orders hold \(sku) with another sku)")
    }
}

struct CoverReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cover", abstract: "Days of stock left at recent demand, stock-out dates, reorder quantities.",
        discussion: """
            Demand is the units ordered (not cancelled) in the last --window days, per day; at one \
            --location, the units allocated there. Reorder = what --target days of demand need, \
            less available and incoming units. No SKUs = every SKU with stock.
            Examples:
              orderly reports cover SKU-001 SKU-002
              orderly reports cover --location wh-nyc --window 7 --target 14
            """)

    @Argument(help: "SKUs (none = every SKU with a stock level).") var skus: [String] = []
    @Option(help: "One location (default: all locations summed).") var location = ""
    @Option(help: "Days of demand to average (default 28, at most 365).") var window: Int32 = 0
    @Option(help: "Days a reorder should cover (default 28, at most 365).") var target: Int32 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.reporting.getStockCover(
                Orderly_V1_GetStockCoverRequest(skus: skus, locationID: location, windowDays: window, targetDays: target),
                options: session.options)
            try session.print(response) { Self.render($0, location: location) }
        }
    }

    static func render(_ r: Orderly_V1_GetStockCoverResponse, location: String) -> String {
        var table = Table("SKU", "AVAILABLE", "INCOMING", "UNITS/DAY", "DAYS LEFT", "STOCK-OUT", "REORDER")
        for c in r.items {
            let noDemand = c.windowUnits == 0
            table.add(c.sku, String(c.available), String(c.incoming), Format.decimal(c.dailyDemand),
                      noDemand ? "-" : Format.decimal(c.daysOfCover, digits: 1),
                      noDemand ? "no demand" : String(Format.time(c.predictedStockout).prefix(10)),
                      String(c.reorderQuantity))
        }
        let scope = location.isEmpty ? "all locations" : "location " + location
        return "\(scope), demand over \(r.windowDays) days, reorder for \(r.targetDays) days\n"
            + table.render(empty: "(no skus)")
    }
}
