// The day-major customer log behind GetCustomerInsights: the log itself against a plain list
// (days out of order, a day past one chunk, ranges beyond its ends), and the store's answers
// with the whole days summed either way (the days inside the range, or every customer's totals
// minus the days outside) against the raw orders: partial-day edges, day boundaries to the
// nanosecond, currencies beyond the inline slots, cancellations, and a snapshot's frozen copy.
import Testing
@testable import OrderlyDomain

@Suite struct CustomerDayLogTests {
    static let nanosPerDay: Int64 = 86_400_000_000_000

    /// The entries of the days in `whole`, as the log hands them out.
    static func entries(_ log: CustomerDayLog, _ whole: Range<Int32>) -> [CustomerEntry] {
        var out: [CustomerEntry] = []
        log.forEachChunk(log.positions(whole)) { out.append(contentsOf: $0) }
        return out
    }

    @Test(arguments: [UInt64(1), 5, 99])
    func theLogHandsOutExactlyTheEntriesOfTheDaysAsked(seed: UInt64) {
        var random = SeededRandom(state: seed)
        var log = CustomerDayLog()
        var plain: [(day: Int32, entry: CustomerEntry)] = []
        // Mostly in day order, sometimes an earlier day (a late cancellation); one day far past
        // one chunk, days at the ends of the Int32 range.
        var today: Int32 = -3
        for i in 0..<12_000 {
            if Int.random(in: 0..<40, using: &random) == 0 { today += Int32.random(in: 1...3, using: &random) }
            var day = today
            if i % 97 == 0 { day = Int32.random(in: -10...today, using: &random) }
            if i == 500 { day = .min }
            if i == 501 { day = .max - 1 }
            if (6_000..<10_500).contains(i) { day = 7 }
            let e = CustomerEntry(customer: Int32(i % 301), currency: UInt16(i % 4), orders: i % 11 == 0 ? -1 : 1,
                                  revenue: Int64.random(in: -1000...1000, using: &random))
            log.append(e, day: day)
            plain.append((day, e))
        }
        #expect(log.count == plain.count)
        #expect(log.days == Array(Set(plain.map(\.day))).sorted())
        var ranges: [Range<Int32>] = [Int32.min..<Int32.max, 0..<0, 7..<8, 8..<9, (-20)..<(-10), 1000..<2000, (.max - 1)..<(.max)]
        for _ in 0..<60 {
            let a = Int32.random(in: -15...(today + 5), using: &random)
            let b = Int32.random(in: a...(today + 6), using: &random)
            ranges.append(a..<b)
        }
        for whole in ranges {
            // Within a day, entries keep their order of arrival.
            let want = plain.enumerated().filter { whole.contains($0.element.day) }
                .sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element.entry)
            let got = Self.entries(log, whole)
            #expect(got.count == log.count(log.positions(whole)), "\(whole)")
            #expect(got == want, "\(whole)")
        }
    }

    /// `top` beyond the number of customers, so the whole ranking is compared.
    static func compareBothWays(_ store: StoreState, _ model: InsightModel, ranges: [(Int64?, Int64?)], _ note: String) throws {
        for r in ranges {
            for currency in InsightTests.currencies + ["GBP"] {
                let want = model.customers(from: r.0, to: r.1, currency: currency, top: 100)
                for summing in [DaySumming.inside, .outside, .cheaper] {
                    let got = try store.customerInsights(try InsightTests.range(r), currency: currency, top: 100, summing: summing)
                    #expect(got == want, "\(note) range \(r) \(currency) \(summing)")
                }
            }
        }
    }

    @Test(arguments: [UInt64(2), 17, 555])
    func bothWaysOfSummingDaysMatchTheRawOrders(seed: UInt64) throws {
        let (store, model, _) = try InsightTests.randomHistory(seed: seed)
        let state = store.snapshot()
        try Self.compareBothWays(state, model, ranges: InsightTests.ranges(model, seed: seed), "seed \(seed)")
        // One entry per order of an identified customer, one more per such order cancelled: no
        // entry for a shipment, nor for anonymous orders.
        let identified = model.orders.filter { !$0.customer.isEmpty }
        #expect(state.insights.customers.log.count == identified.count + identified.filter(\.cancelled).count)
    }

    @Test func dayBoundariesToTheNanosecondAndCancelledOrdersOnEitherSide() throws {
        let midnight: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
        let clock = ManualClock(Timestamp(seconds: midnight - 1))
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1000)], clock: clock)
        var model = InsightModel()
        var ids: [String] = []
        // Orders at 23:59:59, 00:00:00 and 00:00:01 of three days in a row, in four currencies.
        for (i, step) in [0, 1, 1, 86_398, 1, 1, 86_398, 1, 1].enumerated() {
            clock.advance(seconds: Int64(step))
            var c = Fixture.order([("A", 1)], price: Int64(100 * (i + 1)), customer: i % 3 == 0 ? "ann" : i % 3 == 1 ? "bob" : "cy")
            c.currency = InsightTests.currencies[i % 4]
            let order = try store.createOrder(c)
            model.orders.append(RawOrder(order))
            ids.append(order.orderId)
        }
        for victim in [1, 3, 8] {  // midnight of day one, the last second before day two, the last order
            _ = try store.cancelOrder(orderId: ids[victim])
            model.orders[victim].cancelled = true
        }
        let d0 = midnight * 1_000_000_000
        let day = Self.nanosPerDay
        let second: Int64 = 1_000_000_000
        var ranges: [(Int64?, Int64?)] = [(nil, nil), (d0, nil), (nil, d0), (d0, d0 + day), (d0 + 1, d0 + day - 1),
                                          (d0 - second, d0 + 2 * day + second), (d0 + day, d0 + day + 1), (d0 - 1, d0 + 1)]
        for a in [d0 - second, d0, d0 + second, d0 + day - second, d0 + day, d0 + 2 * day + second] {
            for b in [a + 1, a + second, a + day, a + 2 * day + 2 * second] { ranges.append((a, b)) }
        }
        try Self.compareBothWays(store.snapshot(), model, ranges: ranges, "boundaries")
    }

    @Test func aSnapshotsFrozenCopyKeepsItsAnswersWhileTheStoreMovesOn() throws {
        let (store, model, clock) = try InsightTests.randomHistory(seed: 4242, steps: 120)
        let frozen = store.snapshot()
        let ranges = InsightTests.ranges(model, seed: 4242)
        try Self.compareBothWays(frozen, model, ranges: ranges, "frozen")
        // The live store moves on: orders today and on new days, cancellations of old orders.
        var later = model
        for i in 0..<40 {
            clock.advance(seconds: Int64(i % 3) * 40_000)
            var c = Fixture.order([("sku-\(i % 9)", 1)], price: 77, customer: "cust-\(i % 5)")
            c.currency = InsightTests.currencies[i % 4]
            later.orders.append(RawOrder(try store.createOrder(c)))
        }
        for k in later.orders.indices where k % 4 == 0 && !later.orders[k].cancelled {
            guard try store.order(later.orders[k].id).status == .allocated else { continue }
            _ = try store.cancelOrder(orderId: later.orders[k].id)
            later.orders[k].cancelled = true
        }
        try Self.compareBothWays(frozen, model, ranges: ranges, "frozen after")
        try Self.compareBothWays(store.snapshot(), later, ranges: InsightTests.ranges(later, seed: 4243), "live after")
        // And rebuilt from its orders alone (start-up), the store answers the same.
        try Self.compareBothWays(store.snapshot().rebuildingInsights(), later, ranges: InsightTests.ranges(later, seed: 4244), "rebuilt")
    }
}
