// backorder-bench: the backorder fill figure of BENCHMARKS.md, in process. N orders (default
// 10,000, one unit each of one sku, over 50 locations with none of it) wait as backorders; then
// one SetStock delivers N units to one location, and the mutation that fills all N waiting orders
// (routing each, oldest first, reserving, N order events and ledger movements) is timed, with the
// change hook encoding the whole record as the journal would (StoreChange.encode). The same
// SetStock with nobody waiting is timed beside it. Medians of RUNS runs, each on a fresh store.
// Usage: backorder-bench [ORDERS] [RUNS]   (defaults 10000 and 5)
import OrderlyDomain
import OrderlyLocks

let waiting = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5 : 5

func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// A store with 50 locations, `orders` backordered one-unit orders of "sku-hot", and a hook that
/// encodes every record (its byte count is kept so the work is not optimised away).
func makeStore(orders: Int) throws -> (OrderStore, Locked<Int>) {
    let store = OrderStore(clock: SystemClock())
    let bytes = Locked(0)
    for i in 0..<50 {
        let lat = 40.0 + Double(i % 10) * 0.5, lng = -74.0 - Double(i / 10) * 0.5
        _ = try store.upsertLocation(Location(locationId: "wh-\(i)", kind: .warehouse,
                                              address: Address(latitude: lat, longitude: lng)))
        _ = try store.setStock(SetStockCommand(locationId: "wh-\(i)", sku: "sku-hot", onHand: 0))
    }
    for i in 0..<orders {
        var c = CreateOrderCommand(
            channel: .web, customer: Customer(customerId: "c-\(i % 1000)"),
            lines: [OrderLineInput(sku: "sku-hot", quantity: 1, unitPriceMinor: 1999)], currency: "USD",
            shippingAddress: Address(latitude: 40.7 + Double(i % 7) * 0.1, longitude: -74.0), shippingMethod: .standard)
        c.allowBackorder = true
        _ = try store.createOrder(c)
    }
    store.setChangeHook { changes in
        let encoded = StoreChange.encode(changes)
        bytes.withLock { $0 += encoded.count }
    }
    return (store, bytes)
}

let clock = ContinuousClock()
var fills: [Double] = [], baselines: [Double] = [], transitions: [Double] = [], encodes: [Double] = []
var recordBytes = 0
for _ in 0..<runs {
    let (store, bytes) = try makeStore(orders: waiting)
    // The transition alone (routing and reserving for every waiting order), on a copy of the state.
    let state = store.snapshot()
    let tr = clock.now
    let planned = try state.setStock(SetStockCommand(locationId: "wh-7", sku: "sku-hot", onHand: Int64(waiting)),
                                     RuleContext(now: Timestamp(seconds: 1_800_000_000)))
    transitions.append(ms(clock.now - tr))
    let te = clock.now
    _ = StoreChange.encode(planned.changes)
    encodes.append(ms(clock.now - te))
    let t0 = clock.now
    _ = try store.setStock(SetStockCommand(locationId: "wh-7", sku: "sku-hot", onHand: Int64(waiting)))
    fills.append(ms(clock.now - t0))
    recordBytes = bytes.withLock { $0 }
    let page = try store.listOrders(OrderQuery(pageSize: 1000, status: .backordered))
    precondition(page.orders.isEmpty, "some orders still wait")
    precondition(store.verifyInventory().consistent, "inventory inconsistent after the fill")

    let (empty, _) = try makeStore(orders: 0)
    let t1 = clock.now
    _ = try empty.setStock(SetStockCommand(locationId: "wh-7", sku: "sku-hot", onHand: Int64(waiting)))
    baselines.append(ms(clock.now - t1))
}
func fmt(_ v: Double) -> String { String(Int((v * 10).rounded()) / 10) + "." + String(Int((v * 10).rounded()) % 10) }
print("backorder fill: \(waiting) waiting orders, one SetStock of \(waiting) units, \(runs) runs")
print("  fill mutation (route + reserve + \(waiting) order events + encode \(recordBytes / 1024) KiB record): median \(fmt(median(fills))) ms (runs: \(fills.map(fmt).joined(separator: ", ")))")
print("  of which the transition (routing, reserving, building the changes): median \(fmt(median(transitions))) ms; encoding the record: median \(fmt(median(encodes))) ms; the rest is applying the changes (indexes, report and insight books, events)")
print("  the same SetStock with nobody waiting: median \(fmt(median(baselines))) ms")
print("  goal: fill ≤ 1000 ms → \(median(fills) <= 1000 ? "met" : "NOT met")")
