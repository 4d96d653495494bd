// WatchOrders / WatchInventory: filters, from_sequence replay, ordering, wake-ups and the cut-off
// of a subscriber that falls behind.
import Testing
@testable import OrderlyDomain

@Suite struct WatchTests {
    @Test func orderWatchersSeeStatusChangesInOrder() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        let wakes = Locked(0)
        let all = try store.watchOrders { wakes.withLock { $0 += 1 } }
        let mine = try store.watchOrders(customerId: "c-7")
        let o1 = try store.createOrder(Fixture.order([("A", 1)], customer: "c-7"))
        let o2 = try store.createOrder(Fixture.order([("A", 1)], customer: "c-8"))
        let one = try store.watchOrders(orderId: o2.orderId)
        _ = try store.cancelOrder(orderId: o2.orderId)
        _ = try store.createShipment(CreateShipmentCommand(orderId: o1.orderId, locationId: "wh-nyc"))
        let batch = all.poll()
        #expect(batch.events.map(\.sequence) == [1, 2, 3, 4])
        #expect(batch.events.map(\.status) == [.allocated, .allocated, .cancelled, .shipped])
        #expect(!batch.overflowed && !batch.closed)
        #expect(wakes.withLock { $0 } == 1)
        #expect(mine.poll().events.map(\.orderId) == [o1.orderId, o1.orderId])
        #expect(one.poll().events.map(\.status) == [.cancelled])
        #expect(all.poll().events.isEmpty)
    }

    @Test func fromSequenceReplaysRetainedEventsThenLiveOnes() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        for _ in 0..<5 { _ = try store.createOrder(Fixture.order([("A", 1)])) }
        let resumed = try store.watchOrders(fromSequence: 3)
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        #expect(resumed.poll().events.map(\.sequence) == [4, 5, 6])
        #expect(store.oldestRetainedSequence == 1)
    }

    @Test func ringKeepsOnlyTheNewestEvents() throws {
        var config = OrderStore.Configuration()
        config.retainedEvents = 3
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)], configuration: config)
        for _ in 0..<6 { _ = try store.createOrder(Fixture.order([("A", 1)])) }
        #expect(try store.watchOrders(fromSequence: 3).poll().events.map(\.sequence) == [4, 5, 6])
        // Events 2 and 3 are gone: resuming after 1 would skip them, so it is refused.
        let error = #expect(throws: DomainError.self) { try store.watchOrders(fromSequence: 1) }
        #expect(error?.kind == .outOfRange)
        #expect(error?.message.contains("oldest retained sequence is 4") == true)
    }

    @Test func aSubscriberThatFallsBehindIsCutOffWithoutSlowingWriters() throws {
        var config = OrderStore.Configuration()
        config.watchQueueBound = 3
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)], configuration: config)
        let slow = try store.watchOrders()
        let fast = try store.watchOrders()
        for _ in 0..<3 { _ = try store.createOrder(Fixture.order([("A", 1)])) }
        #expect(fast.poll().events.count == 3)
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        let batch = slow.poll()
        #expect(batch.overflowed)
        #expect(batch.closed)
        #expect(batch.events.isEmpty)
        #expect(fast.poll().events.count == 1)
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        #expect(fast.poll().events.count == 1)
    }

    @Test func cancelledSubscriptionsStopReceiving() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        let sub = try store.watchOrders()
        sub.cancel()
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        let batch = sub.poll()
        #expect(batch.events.isEmpty && batch.closed && !batch.overflowed)
    }

    @Test func inventoryWatchersSeeChangesToTheirSkus() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 5)])
        let onlyA = store.watchInventory(skus: ["A"])
        let every = store.watchInventory()
        _ = try store.createOrder(Fixture.order([("A", 2), ("B", 1)]))
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "A", delta: 3))
        let a = onlyA.poll().events
        #expect(a.map(\.locationId) == ["wh-nyc", "wh-phl"])
        #expect(a.first?.reserved == 2)
        #expect(every.poll().events.count == 3)
    }
}
