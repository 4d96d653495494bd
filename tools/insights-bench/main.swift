// insights-bench: the insight figures of BENCHMARKS.md. Builds N orders (default 1,000,000)
// through an in-memory OrderStore whose clock advances 31 s per order (so they span ~a year of
// days and months), over 10,000 skus with skewed popularity, 5 locations, 250,000 customers,
// 1–5 lines per order, three currencies, 2 % cancelled later. Then: each insight's latency
// (median of 9 calls, through the store's lock as the server calls it), the cost of rebuilding
// the insight aggregates from the orders alone (what recovery adds), and their memory.
// Usage: insights-bench [ORDERS]
import Glibc
import OrderlyDomain

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let skuCount = 10_000
let customerCount = max(1, count / 4)
let locations = [("wh-nyc", 40.71, -74.0), ("wh-phl", 39.95, -75.16), ("wh-bos", 42.36, -71.05),
                 ("wh-chi", 41.88, -87.63), ("wh-dal", 32.78, -96.80)]

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func fixed(_ x: Double) -> String { String(Double((x * 100).rounded()) / 100) }
func ms(_ d: Duration) -> String { fixed(seconds(d) * 1000) + " ms" }

/// SplitMix64, seeded: the same orders every run.
struct Random {
    var state: UInt64 = 20_261_203
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func sku(_ i: Int) -> String { "SKU-\(i)" }

func residentMiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") { return (text.split(separator: " ").compactMap { Int($0) }.first ?? -1) / 1024 }
    }
    return -1
}

/// Median wall time of `rounds` calls of `body`.
func median(_ rounds: Int = 9, _ body: () throws -> Void) rethrows -> Duration {
    var times: [Duration] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        try body()
        times.append(ContinuousClock.now - start)
    }
    return times.sorted()[rounds / 2]
}

func run() throws {
    let start = Timestamp(seconds: 1_735_689_600)  // 2025-01-01T00:00:00Z
    let clock = ManualClock(start)
    let store = OrderStore(clock: clock)
    for (id, lat, lng) in locations {
        _ = try store.upsertLocation(Location(locationId: id, name: id, kind: .warehouse,
                                              address: Address(city: id, country: "US", latitude: lat, longitude: lng)))
        for s in 0..<skuCount { _ = try store.setStock(SetStockCommand(locationId: id, sku: sku(s), onHand: 1_000_000_000)) }
    }
    var random = Random()
    let address = Address(name: "Ada", line1: "5th Ave", city: "New York", country: "US", latitude: 40.73, longitude: -73.98)
    var ids: [String] = []
    ids.reserveCapacity(count)
    let build = ContinuousClock.now
    for i in 0..<count {
        clock.advance(seconds: 31)
        var lines: [OrderLineInput] = []
        for _ in 0..<(1 + random.below(5)) {
            // Skewed popularity: low indexes sell far more often. A sku appears once per order.
            let s = sku(Int(pow(random.unit(), 3) * Double(skuCount)))
            if lines.contains(where: { $0.sku == s }) { continue }
            lines.append(OrderLineInput(sku: s, quantity: Int32(1 + random.below(3)), unitPriceMinor: Int64(100 + random.below(20_000))))
        }
        let roll = random.below(100)
        let customer = "cust-\(Int(pow(random.unit(), 2) * Double(customerCount)))"
        let order = try store.createOrder(CreateOrderCommand(
            requestId: "", channel: .web, channelOrderRef: "", customer: Customer(customerId: customer),
            lines: lines, currency: roll < 80 ? "USD" : roll < 95 ? "EUR" : "JPY",
            shippingAddress: address, shippingMethod: .standard))
        ids.append(order.orderId)
        if i >= 100 && random.below(50) == 0 { _ = try? store.cancelOrder(orderId: ids[i - 100]) }
    }
    let built = ContinuousClock.now - build
    let state = store.snapshot()
    print("built \(state.orderCount) orders in \(ms(built)) (\(Int(Double(count) / seconds(built))) CreateOrder/s in process, "
          + "insights included), \(customerCount) customers, \(skuCount) skus, resident \(residentMiB()) MiB")

    let now = clock.now()
    let day: Int64 = 86_400
    let last30 = try ReportRange(from: Timestamp(seconds: (now.seconds / day - 30) * day), to: nil)
    let partial = try ReportRange(from: start.adding(seconds: 100 * day + 12_345), to: start.adding(seconds: 190 * day + 6_789))
    // Half the history, mid-year: the most entries either way of summing whole days reads.
    let half = try ReportRange(from: start.adding(seconds: 90 * day + 4_321), to: start.adding(seconds: 270 * day + 9_876))
    let ranges: [(String, ReportRange)] = [("all time", .all), ("last 30 whole days", last30), ("90 days, partial-day edges", partial)]
    for (name, range) in ranges + [("180 days, partial-day edges", half)] {
        var answer: CustomerInsights?
        let t = try median { answer = try store.customerInsights(range, currency: "USD", top: 10) }
        print("GetCustomerInsights \(name): \(ms(t)) median of 9 (customers \(answer!.customers), cohorts \(answer!.cohorts.count))")
    }
    for (name, range) in ranges {
        for s in [0, 2_000] {
            var pairs = 0
            let t = try median { pairs = try store.productAffinity(sku: sku(s), range, limit: 10).count }
            print("GetProductAffinity \(sku(s)) \(name): \(ms(t)) median of 9 (\(pairs) pairs)")
        }
    }
    let queries: [(String, StockCoverQuery)] = [
        ("10 skus, all locations", StockCoverQuery(skus: (0..<10).map(sku))),
        ("10 skus, one location", StockCoverQuery(skus: (0..<10).map(sku), locationId: "wh-nyc")),
        ("1000 skus, all locations, 365-day window", StockCoverQuery(skus: (0..<1000).map(sku), windowDays: 365)),
        ("every sku (10,000), one location", StockCoverQuery(locationId: "wh-nyc")),
    ]
    for (name, q) in queries {
        var items = 0
        let t = try median { items = try store.stockCover(q).items.count }
        print("GetStockCover \(name): \(ms(t)) median of 9 (\(items) items)")
    }

    // What start-up adds: the aggregates rebuilt from the orders alone (median of 3), and the
    // memory of one set of aggregates (resident growth while a second set exists).
    var rebuilt: [StoreState] = []
    let before = residentMiB()
    let rebuild = median(3) { rebuilt.append(state.rebuildingInsights()) }
    let after = residentMiB()
    print("insight aggregates rebuilt from \(state.orderCount) orders: \(ms(rebuild)) median of 3 "
          + "(\(fixed(seconds(rebuild) * 1e6 / Double(state.orderCount))) us per order); "
          + "memory of one set ≈ \((after - before) / 3) MiB (resident \(before) → \(after) MiB with 3 more sets)")
    withExtendedLifetime(rebuilt) {}
}

do { try run() } catch {
    print("insights-bench failed: \(error)")
    exit(1)
}
