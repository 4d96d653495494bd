// 32 threads hammering one scarce sku: exactly the available units are sold, nothing is
// oversold, and the inventory invariants hold afterwards.
import Testing
@testable import OrderlyDomain

@Suite struct ConcurrencyTests {
    @Test func thirtyTwoThreadsSellExactlyTheAvailableUnits() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "HOT", 40), ("wh-phl", "HOT", 35), ("wh-chi", "HOT", 25)])
        let unexpected = Locked<[String]>([])
        runOnThreads(32) { t in
            var mine: [String] = []
            for k in 0..<12 {
                do {
                    let order = try store.createOrder(Fixture.order([("HOT", Int32(1 + (t + k) % 3))], customer: "c-\(t)"))
                    mine.append(order.orderId)
                    if mine.count % 5 == 0 { _ = try store.cancelOrder(orderId: order.orderId) }
                } catch let error as DomainError where error.kind == .failedPrecondition {
                    continue
                } catch {
                    unexpected.withLock { $0.append("\(error)") }
                }
            }
            while true {
                do {
                    _ = try store.createOrder(Fixture.order([("HOT", 1)], customer: "c-\(t)"))
                } catch let error as DomainError where error.kind == .failedPrecondition {
                    break
                } catch {
                    unexpected.withLock { $0.append("\(error)") }
                    break
                }
            }
        }
        #expect(unexpected.withLock { $0 }.isEmpty)
        let state = store.snapshot()
        let sold = state.orders.filter { $0.status != .cancelled }.reduce(Int64(0)) { $0 + $1.unitsOrdered }
        #expect(sold == 100)
        let availability = try #require(store.availability(skus: ["HOT"]).first)
        #expect(availability.reserved == 100)
        #expect(availability.available == 0)
        #expect(store.verifyInventory().consistent)
        let sequences = state.orders.flatMap { $0.history.map(\.sequence) }.sorted()
        #expect(sequences == Array(1...Int64(sequences.count)))
    }
}
