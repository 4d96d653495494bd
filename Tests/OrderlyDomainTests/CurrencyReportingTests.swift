// Reports never add one currency's money to another's: money figures count the requested
// currency's orders, counts count every order, and `byCurrency` gives each currency its own row.
// Also the report request checks: ranges, currency codes, the low-stock threshold.
import Testing
@testable import OrderlyDomain

@Suite struct CurrencyReportingTests {
    /// USD o1 web A×2@100; EUR o2 pos A×1@250 (shipped, returned, refunded); EUR o3 web B×3@1000;
    /// JPY o4 web B×1@5000; USD o5 web A×1@100, cancelled.
    static func scenario() throws -> OrderStore {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50), ("wh-nyc", "B", 50)])
        func order(_ sku: String, _ quantity: Int32, _ price: Int64, _ currency: String, _ channel: SalesChannel) throws -> Order {
            var c = Fixture.order([(sku, quantity)], price: price, channel: channel)
            c.currency = currency
            return try store.createOrder(c)
        }
        _ = try order("A", 2, 100, "USD", .web)
        let o2 = try order("A", 1, 250, "EUR", .pos)
        _ = try order("B", 3, 1000, "EUR", .web)
        _ = try order("B", 1, 5000, "JPY", .web)
        let o5 = try order("A", 1, 100, "USD", .web)
        _ = try store.cancelOrder(orderId: o5.orderId)
        _ = try store.createShipment(CreateShipmentCommand(orderId: o2.orderId, locationId: "wh-nyc"))
        let r = try store.requestReturn(RequestReturnCommand(orderId: o2.orderId, lines: [ReturnLine(sku: "A", quantity: 1)]))
        _ = try store.approveReturn(returnId: r.returnId)
        _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true)
        _ = try store.refundReturn(returnId: r.returnId)
        return store
    }

    static let rows = [
        CurrencySales(currency: "EUR", orders: 2, units: 4, revenueMinor: 3250, refundedMinor: 250),
        CurrencySales(currency: "JPY", orders: 1, units: 1, revenueMinor: 5000, refundedMinor: 0),
        CurrencySales(currency: "USD", orders: 1, units: 2, revenueMinor: 200, refundedMinor: 0),
    ]

    /// (currency, revenue, refunded, web revenue, pos revenue, top products as (sku, units, revenue)).
    @Test(arguments: [
        ("EUR", Int64(3250), Int64(250), Int64(3000), Int64(250), [("B", Int64(4), Int64(3000)), ("A", 3, 250)]),
        ("JPY", 5000, 0, 5000, 0, [("B", 4, 5000), ("A", 3, 0)]),
        ("USD", 200, 0, 200, 0, [("B", 4, 0), ("A", 3, 200)]),
        ("GBP", 0, 0, 0, 0, [("B", 4, 0), ("A", 3, 0)]),
    ])
    func moneyCountsOneCurrencyAndCountsCountAll(
        _ currency: String, _ revenue: Int64, _ refunded: Int64, _ web: Int64, _ pos: Int64,
        _ top: [(String, Int64, Int64)]
    ) throws {
        let store = try Self.scenario()
        let s = try store.salesSummary(.all, currency: currency)
        #expect(s.currency == currency)
        #expect(s.orders == 4 && s.units == 7)
        #expect(s.revenueMinor == revenue && s.refundedMinor == refunded)
        #expect(s.byChannel == [
            ChannelSales(channel: .web, orders: 3, units: 6, revenueMinor: web),
            ChannelSales(channel: .pos, orders: 1, units: 1, revenueMinor: pos),
        ])
        #expect(s.byCurrency == Self.rows)
        let products = try store.topProducts(.all, currency: currency, limit: 0)
        #expect(products == top.map { ProductSales(sku: $0.0, units: $0.1, revenueMinor: $0.2) })
    }

    @Test func replayingTheChangesRebuildsThePerCurrencyAggregates() throws {
        let store = try Self.scenario()
        let state = store.snapshot()
        var replayed = StoreState()
        // Re-applying every entity rebuilds the buckets (as start-up replays StoreChanges).
        for location in state.locations.values { replayed.apply(.locationPut(location)) }
        for level in state.stock.values { replayed.apply(.stockPut(level, requestId: "")) }
        for order in state.orders { replayed.apply(.orderPut(order, requestId: "")) }
        for record in state.returns { replayed.apply(.returnPut(record, requestId: "")) }
        #expect(try replayed.salesSummary(.all, currency: "EUR") == store.salesSummary(.all, currency: "EUR"))
        #expect(try replayed.salesSummary(.all, currency: "EUR").byCurrency == Self.rows)
    }

    @Test(arguments: ["", "eur", "EURO", "E1R", "€"])
    func aCurrencyMustBeThreeUppercaseLetters(_ currency: String) throws {
        let store = try Self.scenario()
        #expect(domainError { try store.salesSummary(.all, currency: currency) }?.kind == .invalidArgument)
        #expect(domainError { try store.topProducts(.all, currency: currency, limit: 0) }?.kind == .invalidArgument)
    }

    /// (from, to, accepted) in seconds; nil is an open bound.
    @Test(arguments: [
        (Int64?.some(10), Int64?.some(11), true), (10, 10, false), (11, 10, false),
        (nil, 10, true), (10, nil, true), (nil, nil, true), (-5, -6, false),
    ])
    func aRangeMustEndAfterItStarts(_ from: Int64?, _ to: Int64?, _ accepted: Bool) {
        let error = domainError {
            try ReportRange(from: from.map { Timestamp(seconds: $0) }, to: to.map { Timestamp(seconds: $0) })
        }
        #expect(accepted ? error == nil : error?.kind == .invalidArgument)
        if !accepted { #expect(error?.message.contains("from must be before to") == true) }
    }

    @Test(arguments: [(Int64(-1), false), (.min, false), (0, true), (5, true), (.max, true)])
    func aLowStockThresholdMustNotBeNegative(_ threshold: Int64, _ accepted: Bool) throws {
        let store = try Self.scenario()
        let error = domainError { try store.lowStock(threshold: threshold) }
        #expect(accepted ? error == nil : (error?.kind == .invalidArgument && error?.message.contains("threshold") == true))
    }
}
