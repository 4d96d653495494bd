// The report `demo seed` prints at the end: what was created, orders by status and channel,
// and any order that did not reach its planned state.
import OrderlyMessages

/// Totals of a seeding run.
struct DemoSummary: Sendable {
    let outcomes: [DemoOutcome]
    let stockLevels: Int
    let calls: Int
    let seconds: Double
    let salesSummary: Orderly_V1_SalesSummary

    func render() -> String {
        let failed = outcomes.filter { $0.failure != nil }
        let missed = outcomes.filter { $0.failure == nil && $0.status != $0.target.expectedStatus }
        var head = KeyValues()
        head.add("seeded in", Format.decimal(seconds, digits: 2) + " s (\(calls) calls, "
                    + "\(Int(Double(calls) / max(seconds, 0.001))) calls/s)")
        head.add("locations", "\(DemoCatalog.warehouses.count) warehouses, \(DemoCatalog.stores.count) pickup stores")
        head.add("skus", "\(DemoCatalog.skuCount) (\(stockLevels) stock levels)")
        head.add("orders", "\(outcomes.count - failed.count) created")
        head.add("shipments", String(outcomes.reduce(0) { $0 + $1.shipments }))
        head.add("returns", "\(outcomes.reduce(0) { $0 + $1.refunded }) refunded, "
                    + "\(outcomes.reduce(0) { $0 + $1.rejected }) rejected")
        head.add("revenue", Format.money(salesSummary.revenueMinor, "USD") + ", refunded "
                    + Format.money(salesSummary.refundedMinor, "USD"))

        var statuses = Table("STATUS", "ORDERS")
        for status in Orderly_V1_OrderStatus.allCases where status != .unspecified {
            let count = outcomes.filter { $0.status == status }.count
            if count > 0 { statuses.add(status.kebabName, String(count)) }
        }
        var channels = Table("CHANNEL", "ORDERS")
        for channel in Orderly_V1_SalesChannel.allCases where channel != .unspecified {
            channels.add(channel.kebabName, String(outcomes.filter { $0.channel == channel }.count))
        }
        var parts = [head.render(), statuses.render(), channels.render()]
        if !failed.isEmpty || !missed.isEmpty {
            var problems = ["\(failed.count) orders failed, \(missed.count) did not reach their planned state"]
            problems += failed.prefix(5).compactMap { $0.failure.map { "  " + $0.description } }
            parts.append(problems.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n")
    }
}
