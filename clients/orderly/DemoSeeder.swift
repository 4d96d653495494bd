// `demo seed` end to end: refuse a non-empty server, create locations, import stock, run every
// order plan with bounded concurrency, and collect the summary.
import OrderlyMessages
import OrderlyRPC
#if canImport(Glibc)
import Glibc
#endif

/// Fills an empty server with the demo retailer.
struct DemoSeeder: Sendable {
    let session: Session
    let orderCount: Int
    let seed: UInt64
    let concurrency: Int

    func run() async throws -> DemoSummary {
        let started = Self.now()
        let options = session.options
        let existing = try await session.orders.listOrders(Orderly_V1_ListOrdersRequest(pageSize: 1), options: options)
        guard existing.orders.isEmpty else {
            throw CommandFailure(description: """
                the server at \(session.channel.host):\(session.channel.port) already has orders; \
                demo seed only fills an empty server (start orderlyd with a fresh --data-dir)
                """)
        }
        var calls = 1
        for location in DemoCatalog.locations {
            _ = try await session.inventory.upsertLocation(location, options: options)
            calls += 1
        }
        Terminal.progress("locations: \(DemoCatalog.locations.count)")
        let stock = Self.stockRows()
        let imported = try await session.inventory.importStock(stock, options: options)
        calls += 1
        guard imported.rejected == 0 else {
            throw CommandFailure(description: "stock import rejected \(imported.rejected) rows: "
                                    + imported.errors.prefix(3).joined(separator: "; "))
        }
        Terminal.progress("stock: \(imported.accepted) levels for \(DemoCatalog.skuCount) SKUs")

        let plans = DemoOrderPlan.make(count: orderCount, seed: seed)
        let outcomes = await runAll(plans)
        Terminal.endProgress()
        let sales = try await session.reporting.getSalesSummary(Orderly_V1_GetSalesSummaryRequest(), options: options)
        calls += 1 + outcomes.reduce(0) { $0 + $1.calls }
        return DemoSummary(outcomes: outcomes, stockLevels: Int(imported.accepted), calls: calls,
                           seconds: Self.now() - started, salesSummary: sales)
    }

    /// Every plan, at most `concurrency` at a time; outcomes in plan order.
    private func runAll(_ plans: [DemoOrderPlan]) async -> [DemoOutcome] {
        let runner = DemoOrderRunner(session: session)
        var outcomes = [DemoOutcome?](repeating: nil, count: plans.count)
        await withTaskGroup(of: (Int, DemoOutcome).self) { group in
            var next = 0
            var done = 0
            while next < min(concurrency, plans.count) {
                let index = next
                group.addTask { (index, await runner.run(plans[index])) }
                next += 1
            }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                done += 1
                if done % 100 == 0 || done == plans.count { Terminal.progress("orders: \(done)/\(plans.count)") }
                if next < plans.count {
                    let index = next
                    group.addTask { (index, await runner.run(plans[index])) }
                    next += 1
                }
            }
        }
        return outcomes.compactMap { $0 }
    }

    /// On-hand stock for every SKU at every location (regional SKUs: their one warehouse);
    /// stores keep a little safety stock.
    static func stockRows() -> [Orderly_V1_SetStockRequest] {
        var rows: [Orderly_V1_SetStockRequest] = []
        for index in 0..<DemoCatalog.skuCount {
            let sku = DemoCatalog.sku(index)
            let regional = DemoCatalog.isRegional(index)
            for (number, warehouse) in DemoCatalog.warehouses.enumerated()
            where !regional || number == index % DemoCatalog.warehouses.count {
                rows.append(Orderly_V1_SetStockRequest(
                    locationID: warehouse.locationID, sku: sku, onHand: DemoCatalog.warehouseStock(index)))
            }
            for store in DemoCatalog.stores where !regional {
                rows.append(Orderly_V1_SetStockRequest(
                    locationID: store.locationID, sku: sku, onHand: DemoCatalog.storeStock(index), safetyStock: 2))
            }
        }
        return rows
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
