// Numbers never wrap: a write that would push an int64 figure (an order total, a report
// aggregate, a stock count) past Int64.max is refused with INVALID_ARGUMENT and changes nothing.
import Testing
@testable import OrderlyDomain

@Suite struct OverflowTests {
    static let big: Int64 = 1 << 62

    /// One order line to place: quantity × price in a currency.
    struct Line: Sendable {
        let quantity: Int32
        let price: Int64
        let currency: String
        init(_ quantity: Int32, _ price: Int64, _ currency: String = "USD") {
            self.quantity = quantity
            self.price = price
            self.currency = currency
        }
    }

    /// Orders placed one after another, and how many of them are accepted.
    static let orderCases: [([Line], Int)] = [
        ([Line(1, big), Line(1, big)], 1),
        ([Line(1, big), Line(1, big, "EUR")], 2),
        ([Line(1, big - 1), Line(1, big)], 2),
        ([Line(2, big)], 0),
        ([Line(1, .max), Line(1, 1)], 1),
        ([Line(1, .max), Line(1, 0)], 2),
    ]

    @Test(arguments: orderCases)
    func anOrderThatWouldOverflowARevenueTotalIsRefused(_ orders: [Line], _ accepted: Int) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 100)])
        var placed = 0
        for line in orders {
            let (quantity, price, currency) = (line.quantity, line.price, line.currency)
            var c = Fixture.order([("A", quantity)], price: price)
            c.currency = currency
            let before = store.snapshot()
            do {
                _ = try store.createOrder(c)
                placed += 1
            } catch {
                #expect(error.kind == .invalidArgument, "\(error)")
                #expect(error.message.contains("overflow"), "\(error)")
                let after = store.snapshot()
                #expect(after.orderCount == before.orderCount)
                #expect(after.level(StockKey(locationId: "wh-nyc", sku: "A")) == before.level(StockKey(locationId: "wh-nyc", sku: "A")))
                #expect(try after.salesSummary(.all, currency: currency) == before.salesSummary(.all, currency: currency))
            }
        }
        #expect(placed == accepted)
        for currency in ["USD", "EUR"] {
            let summary = try store.salesSummary(.all, currency: currency)
            #expect(summary.revenueMinor >= 0)
            for row in summary.byCurrency { #expect(row.revenueMinor >= 0) }
        }
    }

    /// Stock writes: (on hand to set first, the write, accepted).
    enum StockWrite: Sendable {
        case set(Int64, safety: Int64)
        case adjust(Int64)
    }

    @Test(arguments: [
        (Int64(10), StockWrite.adjust(.max), false),
        (.max, .adjust(1), false),
        (.max - 1, .adjust(1), true),
        (0, .set(.max, safety: .max), true),
        (5, .adjust(-5), true),
    ])
    func stockWritesNeverWrap(_ start: Int64, _ write: StockWrite, _ accepted: Bool) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", start)])
        let key = StockKey(locationId: "wh-nyc", sku: "A")
        let before = store.snapshot().level(key)
        let error = domainError { () throws(DomainError) -> StockLevel in
            switch write {
            case .set(let onHand, let safety):
                return try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: onHand, safetyStock: safety))
            case .adjust(let delta):
                return try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: delta))
            }
        }
        if accepted {
            #expect(error == nil)
        } else {
            #expect(error?.kind == .invalidArgument)
            #expect(store.snapshot().level(key) == before)
        }
    }

    @Test func aSkuTotalOverLocationsNeverWraps() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", Self.big)])
        let second = domainError { try store.setStock(SetStockCommand(locationId: "wh-phl", sku: "A", onHand: Self.big)) }
        #expect(second?.kind == .invalidArgument && second?.message.contains("overflow") == true)
        #expect(store.snapshot().level(StockKey(locationId: "wh-phl", sku: "A")) == nil)
        _ = try store.setStock(SetStockCommand(locationId: "wh-phl", sku: "A", onHand: Self.big - 1))
        let adjust = domainError { try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "A", delta: 1)) }
        #expect(adjust?.kind == .invalidArgument)
        let import1 = try store.importStock([SetStockCommand(locationId: "wh-chi", sku: "A", onHand: 1)])
        #expect(import1.rejected == 1 && import1.accepted == 0)
        let availability = store.availability(skus: ["A"])
        #expect(availability.first?.onHand == .max)
    }
}
