// The insight reports against `InsightModel`, which recomputes every figure from the raw orders
// the test made: seeded random order sequences with cancellations and shipments over months,
// every currency, random and edge ranges; a rebuild (replay and snapshot) equal to the live
// aggregates; the stock-cover window under a controlled clock; the request checks.
import Testing
@testable import OrderlyDomain

@Suite struct InsightTests {
    static let skus = (0..<9).map { "sku-\($0)" }
    static let customers = (0..<14).map { "cust-\($0)" } + [""]
    static let currencies = ["USD", "EUR", "JPY", "CHF"]  // four: one beyond the inline money slots
    static let day: Int64 = 86_400

    /// A store with stock everywhere, and the orders a seeded sequence made (with the model).
    static func randomHistory(seed: UInt64, steps: Int = 220) throws -> (OrderStore, InsightModel, ManualClock) {
        var random = SeededRandom(state: seed)
        let clock = ManualClock(Timestamp(seconds: 1_767_000_000 + Int64.random(in: 0..<day, using: &random)))
        let stock = skus.flatMap { sku in [("wh-nyc", sku, Int64(100_000)), ("wh-chi", sku, Int64(100_000))] }
        let store = try Fixture.store(stock: stock, clock: clock)
        var model = InsightModel()
        for _ in 0..<steps {
            // Up to ~3 days between orders, sometimes none: many orders share a day, months pass.
            clock.advance(seconds: Bool.random(using: &random) ? Int64.random(in: 0..<3600, using: &random)
                                                                : Int64.random(in: 0..<(3 * day), using: &random))
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 12, let victim = model.orders.indices.filter({ !model.orders[$0].cancelled }).randomElement(using: &random) {
                let order = try store.order(model.orders[victim].id)
                guard order.status == .allocated else { continue }
                _ = try store.cancelOrder(orderId: order.orderId)
                model.orders[victim].cancelled = true
                continue
            }
            if roll < 20, let target = model.orders.filter({ !$0.cancelled }).randomElement(using: &random) {
                let order = try store.order(target.id)
                if order.status == .allocated, let a = order.allocations.first {
                    _ = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: a.locationId))
                }
                continue
            }
            let lineCount = Int.random(in: 1...4, using: &random)
            var c = Fixture.order(
                skus.shuffled(using: &random).prefix(lineCount).map { ($0, Int32.random(in: 1...3, using: &random)) },
                customer: customers.randomElement(using: &random)!)
            c.lines = c.lines.map {
                OrderLineInput(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: Int64.random(in: 0...5000, using: &random))
            }
            c.currency = currencies.randomElement(using: &random)!
            model.orders.append(RawOrder(try store.createOrder(c)))
        }
        return (store, model, clock)
    }

    /// Random ranges: open, day-aligned, partial days, empty stretches, and bounds at order times.
    static func ranges(_ model: InsightModel, seed: UInt64) -> [(Int64?, Int64?)] {
        var random = SeededRandom(state: seed)
        let lo = model.orders.first!.at - 2 * day * 1_000_000_000
        let hi = model.orders.last!.at + 2 * day * 1_000_000_000
        var out: [(Int64?, Int64?)] = [(nil, nil)]
        for _ in 0..<30 {
            var a = Int64.random(in: lo...hi, using: &random)
            var b = Int64.random(in: lo...hi, using: &random)
            if a > b { swap(&a, &b) }
            if a == b { b += 1 }
            switch Int.random(in: 0..<5, using: &random) {
            case 0: out.append((a, nil))
            case 1: out.append((nil, b))
            case 2:
                let dayNanos = day * 1_000_000_000
                out.append(((a / dayNanos) * dayNanos, (b / dayNanos + 1) * dayNanos))
            case 3:
                let o = model.orders.randomElement(using: &random)!.at
                out.append((o, o + Int64.random(in: 1...(5 * day * 1_000_000_000), using: &random)))
            default: out.append((a, b))
            }
        }
        // Within one day, and exactly one order wide.
        let o = model.orders[model.orders.count / 2].at
        out.append((o, o + 1))
        out.append((o - 1, o))
        return out
    }

    static func range(_ r: (Int64?, Int64?)) throws -> ReportRange {
        try ReportRange(from: r.0.map { Timestamp(nanos: $0) }, to: r.1.map { Timestamp(nanos: $0) })
    }

    @Test(arguments: [UInt64(1), 7, 42, 1234, 99_999])
    func customerInsightsMatchTheRawOrders(seed: UInt64) throws {
        let (store, model, _) = try Self.randomHistory(seed: seed)
        for r in Self.ranges(model, seed: seed) {
            for currency in Self.currencies + ["GBP"] {
                let top = Int(seed % 6)
                let got = try store.customerInsights(try Self.range(r), currency: currency, top: Int32(top))
                let want = model.customers(from: r.0, to: r.1, currency: currency, top: top == 0 ? 10 : top)
                #expect(got == want, "seed \(seed) range \(r) \(currency)")
            }
        }
    }

    @Test(arguments: [UInt64(3), 8, 77, 4321])
    func affinityMatchesTheRawOrders(seed: UInt64) throws {
        let (store, model, _) = try Self.randomHistory(seed: seed)
        for r in Self.ranges(model, seed: seed ^ 0xFF) {
            for sku in Self.skus {
                let got = try store.productAffinity(sku: sku, try Self.range(r), limit: 0)
                #expect(got == model.affinity(sku, from: r.0, to: r.1, limit: 10), "seed \(seed) range \(r) \(sku)")
            }
        }
        #expect(try store.productAffinity(sku: "sku-1", .all, limit: 3) == model.affinity("sku-1", from: nil, to: nil, limit: 3))
    }

    @Test(arguments: [UInt64(5), 11, 2024])
    func stockCoverMatchesTheRawOrders(seed: UInt64) throws {
        let (store, model, clock) = try Self.randomHistory(seed: seed)
        for (window, target) in [(Int32(0), Int32(0)), (1, 7), (7, 30), (28, 28), (90, 14), (365, 365)] {
            let w = window == 0 ? 28 : Int64(window)
            let t = target == 0 ? 28 : Int64(target)
            for location in ["", "wh-nyc", "wh-chi"] {
                let report = try store.stockCover(StockCoverQuery(
                    skus: Self.skus + ["never-stocked"], locationId: location, windowDays: window, targetDays: target))
                // Naming no sku lists every sku with a level there, in name order, with the same rows.
                let stocked = store.snapshot().stock.values.filter { location.isEmpty || $0.locationId == location }
                let names = Set(stocked.map(\.sku)).sorted()
                let every = try store.stockCover(StockCoverQuery(locationId: location, windowDays: window, targetDays: target))
                let named = try store.stockCover(StockCoverQuery(
                    skus: names, locationId: location, windowDays: window, targetDays: target))
                #expect(!names.isEmpty)
                #expect(every.items == named.items)
                #expect(report.windowDays == Int32(w) && report.targetDays == Int32(t))
                #expect(report.items.map(\.sku) == Self.skus + ["never-stocked"])
                let now = clock.now()
                for item in report.items {
                    let units = model.windowUnits(item.sku, location: location, since: now.nanos - w * Self.day * 1_000_000_000)
                    let levels = store.availability(skus: [item.sku])[0].locations.filter { location.isEmpty || $0.locationId == location }
                    let available = levels.reduce(0) { $0 + $1.available }
                    let incoming = levels.reduce(0) { $0 + $1.incoming }
                    #expect(item.windowUnits == units, "seed \(seed) \(item.sku)@\(location) window \(w)")
                    #expect(item.available == available && item.incoming == incoming)
                    #expect(item.dailyDemand == Double(units) / Double(w))
                    let want = (units * t + w - 1) / w
                    #expect(item.reorderQuantity == max(0, want - available - incoming))
                    if units == 0 {
                        #expect(item.daysOfCover == 0 && item.predictedStockout == nil)
                    } else {
                        #expect(item.daysOfCover == Double(available) / item.dailyDemand)
                        let stockout = try #require(item.predictedStockout)
                        if item.daysOfCover * 86_400e9 >= Double(Int64.max - now.nanos) {
                            #expect(stockout.nanos == .max)  // beyond year 2262: saturated
                        } else {
                            #expect(abs(Double(stockout.nanos - now.nanos) / 86_400e9 - item.daysOfCover) < 1e-6)
                        }
                    }
                }
            }
        }
    }

    @Test func everySkuWithALevelWhenTheRequestNamesNone() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "B", 5), ("wh-nyc", "A", 5), ("wh-chi", "C", 5)])
        #expect(try store.stockCover(StockCoverQuery()).items.map(\.sku) == ["A", "B", "C"])
        #expect(try store.stockCover(StockCoverQuery(locationId: "wh-nyc")).items.map(\.sku) == ["A", "B"])
        #expect(try store.stockCover(StockCoverQuery(skus: ["C", "A", "C"])).items.map(\.sku) == ["C", "A"])
    }

    /// The window is `[now − window_days × 24 h, …)`: an order exactly at its start counts, one
    /// a nanosecond older does not, whatever the time of day.
    @Test(arguments: [Int64(0), 1, 43_199, 86_399])
    func theStockCoverWindowEndsNowAndStartsExactlyWindowDaysAgo(secondOfDay: Int64) throws {
        let clock = ManualClock(Timestamp(seconds: 1_767_225_600 + secondOfDay))
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1000)], clock: clock)
        _ = try store.createOrder(Fixture.order([("A", 3)]))
        clock.set(Timestamp(nanos: clock.now().nanos + 1))
        _ = try store.createOrder(Fixture.order([("A", 5)]))
        func units(_ window: Int32) throws -> Int64 {
            try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: window)).items[0].windowUnits
        }
        #expect(try units(7) == 8)
        clock.set(Timestamp(nanos: clock.now().nanos - 1 + 7 * Self.day * 1_000_000_000))
        #expect(try units(7) == 8)  // the first order sits exactly at the window's start
        clock.set(Timestamp(nanos: clock.now().nanos + 1))
        #expect(try units(7) == 5)
        #expect(try units(8) == 8)
        let cover = try store.stockCover(StockCoverQuery(skus: ["A"], locationId: "wh-nyc", windowDays: 7, targetDays: 14)).items[0]
        // 5 units in 7 days: 14 days need ceil(10) = 10; available 1000 - 8 reserved.
        #expect(cover.available == 992 && cover.reorderQuantity == 0)
        #expect(cover.dailyDemand == 5.0 / 7.0)
        clock.set(Timestamp(nanos: clock.now().nanos + 8 * Self.day * 1_000_000_000))
        let idle = try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: 7)).items[0]
        #expect(idle.windowUnits == 0 && idle.daysOfCover == 0 && idle.predictedStockout == nil && idle.reorderQuantity == 0)
    }

    /// `reorder_quantity` subtracts stock in transit: a shipped, unreceived transfer raises the
    /// destination's `incoming`, at that location and in the sum over locations.
    @Test func reorderQuantitySubtractsStockInTransit() throws {
        let clock = ManualClock(Timestamp(seconds: 1_767_225_600))
        let store = try Fixture.store(stock: [("wh-nyc", "A", 30), ("wh-phl", "A", 40)], clock: clock)
        _ = try store.createOrder(Fixture.order([("A", 28)]))  // 1 unit a day over 28 days
        let nycShare = try store.stockCover(StockCoverQuery(skus: ["A"], locationId: "wh-nyc", windowDays: 28, targetDays: 60)).items[0]
        let before = try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: 28, targetDays: 60)).items[0]
        let transfer = try store.createTransfer(CreateTransferCommand(
            fromLocationId: "wh-phl", toLocationId: "wh-nyc", lines: [TransferLine(sku: "A", quantity: 15)]))
        _ = try store.shipTransfer(transfer.transferId)
        let nyc = try store.stockCover(StockCoverQuery(skus: ["A"], locationId: "wh-nyc", windowDays: 28, targetDays: 60)).items[0]
        let all = try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: 28, targetDays: 60)).items[0]
        #expect(nyc.incoming == 15 && all.incoming == 15)
        // Summed: 60 units needed; available 70 − 28 − 15 shipped out = 27, incoming 15: 60 − 27 − 15.
        #expect(before.reorderQuantity == 60 - before.available)
        #expect(all.available == before.available - 15)
        #expect(all.reorderQuantity == 60 - all.available - 15)
        // At wh-nyc, its own demand only: the transfer's 15 count against what it must reorder.
        #expect(nyc.reorderQuantity == max(0, nycShare.reorderQuantity - 15))
    }

    @Test func reorderQuantityIsAnExactIntegerCeiling() {
        let level = StockLevel(locationId: "w", sku: "A", onHand: 3, incoming: 2)
        // 10 units over 28 days for 28 days: exactly 10 (10/28 × 28 in floating point is 9.999…).
        let c = StoreState.cover(sku: "A", locationId: "w", units: 10, levels: [level], window: 28, target: 28, now: .zero)
        #expect(c.reorderQuantity == 5)
        let d = StoreState.cover(sku: "A", locationId: "w", units: 11, levels: [level], window: 28, target: 28, now: .zero)
        #expect(d.reorderQuantity == 6)
        let huge = StoreState.cover(sku: "A", locationId: "w", units: .max / 2, levels: [level], window: 1, target: 365, now: .zero)
        #expect(huge.reorderQuantity > 0)
    }

    @Test func moneyStaysInItsCurrencyAndCountsCountEveryCurrency() throws {
        let clock = ManualClock(Timestamp(seconds: 1_767_225_600))
        let store = try Fixture.store(stock: [("wh-nyc", "A", 100), ("wh-nyc", "B", 100)], clock: clock)
        func order(_ customer: String, _ currency: String, _ price: Int64) throws {
            var c = Fixture.order([("A", 1), ("B", 1)], price: price, customer: customer)
            c.currency = currency
            _ = try store.createOrder(c)
            clock.advance(seconds: 60)
        }
        try order("ann", "USD", 100)
        try order("ann", "EUR", 7000)
        try order("bob", "EUR", 50)
        try order("", "USD", 999)
        let usd = try store.customerInsights(.all, currency: "USD", top: 0)
        #expect((usd.customers, usd.repeatCustomers, usd.orders, usd.revenueMinor) == (2, 1, 3, 200))
        #expect(usd.averageOrderValueMinor == 200 && usd.ordersPerCustomer == 1.5)
        #expect(usd.topCustomers == [CustomerValue(customerId: "ann", orders: 2, revenueMinor: 200),
                                     CustomerValue(customerId: "bob", orders: 1, revenueMinor: 0)])
        let eur = try store.customerInsights(.all, currency: "EUR", top: 1)
        #expect(eur.revenueMinor == 14_100 && eur.averageOrderValueMinor == 7050)
        #expect(eur.topCustomers == [CustomerValue(customerId: "ann", orders: 2, revenueMinor: 14_000)])
        #expect(eur.cohorts == [CohortRow(firstOrderMonth: "2026-01", customers: 2, repeatCustomers: 1, revenueMinor: 14_100)])
    }

    @Test func aCancelledFirstOrderMovesTheCustomerToTheirNextOrder() throws {
        let clock = ManualClock(Timestamp(seconds: 1_767_225_600))  // 2026-01-01
        let store = try Fixture.store(stock: [("wh-nyc", "A", 100)], clock: clock)
        let first = try store.createOrder(Fixture.order([("A", 1)], customer: "ann"))
        clock.advance(seconds: 40 * Self.day)
        _ = try store.createOrder(Fixture.order([("A", 1)], customer: "ann"))
        let february = try ReportRange(from: Timestamp(seconds: 1_769_904_000), to: nil)
        #expect(try store.customerInsights(february, currency: "USD", top: 0).newCustomers == 0)
        _ = try store.cancelOrder(orderId: first.orderId)
        let after = try store.customerInsights(february, currency: "USD", top: 0)
        #expect(after.newCustomers == 1 && after.cohorts.map(\.firstOrderMonth) == ["2026-02"])
        #expect(try store.customerInsights(.all, currency: "USD", top: 0).customers == 1)
    }

    /// Start-up rebuilds the aggregates by applying the recovered orders: replaying every entity,
    /// or decoding a snapshot, answers exactly what the live store answered.
    @Test(arguments: [UInt64(13), 31])
    func aRebuiltStoreAnswersWhatTheLiveOneDid(seed: UInt64) throws {
        let (store, model, clock) = try Self.randomHistory(seed: seed)
        let live = store.snapshot()
        var replayed = StoreState()
        for location in live.locations.values { replayed.apply(.locationPut(location)) }
        for level in live.stock.values { replayed.apply(.stockPut(level, requestId: "")) }
        for order in live.orders { replayed.apply(.orderPut(order, requestId: "")) }
        let decoded = try StoreState.decode(live.encode(), threads: 2)
        let now = clock.now()
        for rebuilt in [replayed, decoded] {
            for r in Self.ranges(model, seed: seed) {
                let range = try Self.range(r)
                for currency in Self.currencies {
                    #expect(try rebuilt.customerInsights(range, currency: currency, top: 20)
                            == live.customerInsights(range, currency: currency, top: 20))
                }
                for sku in Self.skus {
                    #expect(try rebuilt.productAffinity(sku: sku, range, limit: 50, limits: DomainLimits())
                            == live.productAffinity(sku: sku, range, limit: 50, limits: DomainLimits()))
                }
            }
            for window in [Int32(1), 28, 365] {
                for q in [StockCoverQuery(skus: Self.skus, windowDays: window), StockCoverQuery(windowDays: window),
                          StockCoverQuery(locationId: "wh-chi", windowDays: window)] {
                    #expect(try rebuilt.stockCover(q, now: now, limits: DomainLimits()) == live.stockCover(q, now: now, limits: DomainLimits()))
                }
            }
        }
    }

    @Test func ordersBeyondThePairBoundFormNoPairs() throws {
        let skus = (0..<40).map { "p\($0)" }
        let store = try Fixture.store(stock: skus.map { ("wh-nyc", $0, 10) })
        _ = try store.createOrder(Fixture.order(skus.map { ($0, 1) }))
        #expect(try store.productAffinity(sku: "p0", .all, limit: 1000).count == 31)
        #expect(try store.productAffinity(sku: "p35", .all, limit: 1000).isEmpty)
        #expect(try store.productAffinity(sku: "never-ordered", .all, limit: 0).isEmpty)
    }

    @Test func insightRequestsAreChecked() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 10)])
        let bad: [(String, () throws -> Any)] = [
            ("top", { try store.customerInsights(.all, currency: "USD", top: -1) }),
            ("top", { try store.customerInsights(.all, currency: "USD", top: 1001) }),
            ("currency", { try store.customerInsights(.all, currency: "usd", top: 0) }),
            ("sku", { try store.productAffinity(sku: "", .all, limit: 0) }),
            ("sku", { try store.productAffinity(sku: "a\u{1}b", .all, limit: 0) }),
            ("limit", { try store.productAffinity(sku: "A", .all, limit: -5) }),
            ("limit", { try store.productAffinity(sku: "A", .all, limit: 1001) }),
            ("window_days", { try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: -1)) }),
            ("window_days", { try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: 366)) }),
            ("target_days", { try store.stockCover(StockCoverQuery(skus: ["A"], targetDays: 366)) }),
            ("skus", { try store.stockCover(StockCoverQuery(skus: (0...1000).map { "s\($0)" })) }),
            ("skus[1]", { try store.stockCover(StockCoverQuery(skus: ["A", ""])) }),
        ]
        for (field, call) in bad {
            let error = domainError(call)
            #expect(error?.kind == .invalidArgument && error?.message.contains(field) == true, "\(field): \(String(describing: error))")
        }
        #expect(domainError { try store.stockCover(StockCoverQuery(skus: ["A"], locationId: "nowhere")) }?.kind == .notFound)
        #expect(try store.customerInsights(.all, currency: "USD", top: 1000).customers == 0)
        #expect(try store.productAffinity(sku: "A", .all, limit: 1000).isEmpty)
        #expect(try store.stockCover(StockCoverQuery(skus: ["A"], windowDays: 365, targetDays: 365)).items.count == 1)
    }

    @Test(arguments: [(Int64(0), "1970-01"), (-1, "1969-12"), (1_767_225_599, "2025-12"), (1_767_225_600, "2026-01"),
                      (951_782_400, "2000-02-29"), (4_107_542_400, "2100-03")])
    func monthsAreUTCCalendarMonths(seconds: Int64, month: String) {
        let want = String(month.prefix(7))
        #expect(Day.monthName(Day.monthIndex(seconds * 1_000_000_000)) == want)
        #expect(InsightModel.month(seconds * 1_000_000_000) == want)
    }
}
