// The durability hook: it sees each mutation's changes before they apply, sees nothing for
// reads and idempotent retries, and a failing hook refuses the mutation without changing state.
import Testing
@testable import OrderlyDomain

struct JournalDown: Error {}

@Suite struct StoreHookTests {
    @Test func hookSeesEachMutationOnceAndNothingForRetries() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let seen = Locked<[[StoreChange]]>([])
        store.setChangeHook { changes in seen.withLock { $0.append(changes) } }
        let order = try store.createOrder(Fixture.order([("A", 2)], requestId: "r-1"))
        _ = try store.createOrder(Fixture.order([("A", 2)], requestId: "r-1"))
        _ = try store.order(order.orderId)
        _ = try store.planRouting(Fixture.order([("A", 1)]))
        let batches = seen.withLock { $0 }
        #expect(batches.count == 1)
        #expect(batches.first?.count == 3)  // the level, its ledger movement, the order
        if case .orderPut(let recorded, let requestId)? = batches.first?.last {
            #expect(recorded == order)
            #expect(requestId == "r-1")
        } else {
            Issue.record("last change of CreateOrder should be the order")
        }
    }

    @Test func aFailingHookRefusesTheMutationAndChangesNothing() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let events = try store.watchOrders()
        let before = store.snapshot()
        store.setChangeHook { _ in throw JournalDown() }
        let error = domainError { try store.createOrder(Fixture.order([("A", 2)])) }
        #expect(error?.kind == .unavailable)
        expectSameState(before, store.snapshot())
        #expect(events.poll().events.isEmpty)
        store.setChangeHook(nil)
        #expect(try store.createOrder(Fixture.order([("A", 2)])).orderId == "o-000001")
    }

    @Test func planRoutingAgreesWithCreateOrder() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1), ("wh-phl", "A", 2), ("wh-chi", "B", 3), ("wh-nyc", "B", 1)])
        let command = Fixture.order([("A", 3), ("B", 2)])
        let plan = try store.planRouting(command)
        let order = try store.createOrder(command)
        #expect(plan.allocations == order.allocations)
        #expect(store.verifyInventory().consistent)
    }
}
