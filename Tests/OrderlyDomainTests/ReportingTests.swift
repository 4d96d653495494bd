// Reporting math on a hand-computed scenario, and the hourly buckets checked against a
// from-scratch recomputation over many ranges (including partial hours).
import Testing
@testable import OrderlyDomain

@Suite struct ReportingTests {
    static let h0: Int64 = 1_699_999_200  // an hour boundary

    static func at(_ seconds: Int64) -> Timestamp { Timestamp(seconds: h0 + seconds) }

    /// o1 web A×2@100 at h0; o2 pos B×1@500 at +30m; o3 web A×1,B×1 split at +70m; o4 cancelled.
    static func scenario() throws -> OrderStore {
        let clock = ManualClock(at(0))
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50), ("wh-phl", "B", 50)], clock: clock)
        func order(_ lines: [(String, Int32, Int64)], _ channel: SalesChannel) throws -> Order {
            var c = Fixture.order([], channel: channel)
            c.lines = lines.map { OrderLineInput(sku: $0.0, quantity: $0.1, unitPriceMinor: $0.2) }
            return try store.createOrder(c)
        }
        let o1 = try order([("A", 2, 100)], .web)
        clock.set(at(1800))
        let o2 = try order([("B", 1, 500)], .pos)
        clock.set(at(4200))
        let o3 = try order([("A", 1, 100), ("B", 1, 500)], .web)
        clock.set(at(7200))
        let o4 = try order([("A", 5, 100)], .mobileApp)
        _ = try store.cancelOrder(orderId: o4.orderId)
        let s1 = try store.createShipment(CreateShipmentCommand(orderId: o1.orderId, locationId: "wh-nyc"))
        clock.set(at(1800 + 3600))
        _ = try store.createShipment(CreateShipmentCommand(orderId: o2.orderId, locationId: "wh-phl"))
        clock.set(at(4200 + 4 * 3600))
        _ = try store.createShipment(CreateShipmentCommand(orderId: o3.orderId, locationId: "wh-nyc"))
        clock.set(at(4200 + 6 * 3600))
        _ = try store.createShipment(CreateShipmentCommand(orderId: o3.orderId, locationId: "wh-phl"))
        clock.set(at(5 * 3600))
        _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s1.shipmentId, status: .delivered))
        let r = try store.requestReturn(RequestReturnCommand(orderId: o1.orderId, lines: [ReturnLine(sku: "A", quantity: 1)]))
        _ = try store.approveReturn(returnId: r.returnId)
        _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true)
        _ = try store.refundReturn(returnId: r.returnId)
        return store
    }

    @Test func salesSummaryExcludesCancelledOrders() throws {
        let summary = try Self.scenario().salesSummary(.all, currency: "USD")
        #expect(summary.orders == 3)
        #expect(summary.units == 5)
        #expect(summary.revenueMinor == 1300)
        #expect(summary.refundedMinor == 100)
        #expect(summary.byChannel == [
            ChannelSales(channel: .web, orders: 2, units: 4, revenueMinor: 800),
            ChannelSales(channel: .pos, orders: 1, units: 1, revenueMinor: 500),
        ])
        #expect(summary.byCurrency == [
            CurrencySales(currency: "USD", orders: 3, units: 5, revenueMinor: 1300, refundedMinor: 100),
        ])
    }

    @Test(arguments: [
        (Int64?.some(0), Int64?.some(3600), Int64(2), Int64(700)),
        (1800, 4200, 1, 500),
        (1800, 4201, 2, 1100),
        (4200, nil, 1, 600),
        (nil, 1800, 1, 200),
        (3599, 3600, 0, 0),
        (-100_000, 100_000, 3, 1300),
    ])
    func rangesAreHalfOpenOnCreationTime(_ from: Int64?, _ to: Int64?, _ orders: Int64, _ revenue: Int64) throws {
        let range = try ReportRange(from: from.map(Self.at), to: to.map(Self.at))
        let summary = try Self.scenario().salesSummary(range, currency: "USD")
        #expect(summary.orders == orders)
        #expect(summary.revenueMinor == revenue)
    }

    @Test func topProductsByUnits() throws {
        let store = try Self.scenario()
        #expect(try store.topProducts(.all, currency: "USD", limit: 0) == [
            ProductSales(sku: "A", units: 3, revenueMinor: 300),
            ProductSales(sku: "B", units: 2, revenueMinor: 1000),
        ])
        #expect(try store.topProducts(.all, currency: "USD", limit: 1).map(\.sku) == ["A"])
        #expect(domainError { try store.topProducts(.all, currency: "USD", limit: -1) }?.kind == .invalidArgument)
    }

    @Test func fulfillmentStats() throws {
        let stats = try Self.scenario().fulfillmentStats(.all)
        #expect(stats.ordersShipped == 3)
        #expect(abs(stats.meanHoursToShip - 7.0 / 3) < 1e-9)
        #expect(stats.p90HoursToShip == 4)
        #expect(stats.meanHoursToDeliver == 5)
        #expect(abs(stats.splitShipmentRate - 1.0 / 3) < 1e-9)
        #expect(abs(stats.returnRate - 0.2) < 1e-9)
    }

    @Test func bucketsAgreeWithARecomputationOverManyRanges() throws {
        let (store, _) = try busyStore()
        let state = store.snapshot()
        let times = state.orders.map(\.createdAt.nanos)
        let lo = (times.min() ?? 0) - 5_000_000_000_000
        let hi = (times.max() ?? 0) + 5_000_000_000_000
        var bounds: [Int64] = [lo, hi]
        for t in times { bounds += [t, t + 1, t - 1] }
        for (i, from) in bounds.enumerated() where i % 3 == 0 {
            for to in bounds where to > from {
                var expected = ReportBucket()
                for o in state.orders where o.createdAt.nanos >= from && o.createdAt.nanos < to {
                    expected.add(state.contribution(of: o))
                }
                let got = state.reportTotals(try ReportRange(from: Timestamp(nanos: from), to: Timestamp(nanos: to)))
                #expect(Set(got.sales.keys) == Set(expected.sales.keys))
                for (currency, sums) in expected.sales {
                    let g = got.sales[currency] ?? CurrencySums()
                    #expect(g.orders == sums.orders && g.revenue == sums.revenue && g.units == sums.units)
                    #expect(g.refunded == sums.refunded && g.skus == sums.skus)
                    #expect(g.channelRevenue == sums.channelRevenue && g.channelUnits == sums.channelUnits)
                }
                #expect(got.shipped == expected.shipped)
                #expect(got.shipMillis.sorted() == expected.shipMillis.sorted())
                #expect(got.unitsShipped == expected.unitsShipped && got.unitsReturned == expected.unitsReturned)
                #expect(got.split == expected.split && got.deliverMillisSum == expected.deliverMillisSum)
            }
        }
    }
}
