// Durable events: with a recording hook (a journal), watchers and the retained ring see a
// mutation's events only once `markDurable(through:)` passes its ticket, in commit order; the
// ring is rebuilt from the orders' histories, so a restart keeps what watchers can resume.
import Testing
@testable import OrderlyDomain

@Suite struct DurableEventTests {
    /// A store whose hook hands out tickets 1, 2, 3… like a journal's sequences.
    func journaledStore() throws -> (OrderStore, Locked<UInt64>) {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        let tickets = Locked<UInt64>(0)
        store.setRecordingHook({ _ in tickets.withLock { $0 += 1; return $0 } }, durableTicket: 0)
        return (store, tickets)
    }

    @Test func watchersSeeEventsOnlyOnceTheirRecordIsDurable() throws {
        let (store, tickets) = try journaledStore()
        let wakes = Locked(0)
        let watcher = try store.watchOrders { wakes.withLock { $0 += 1 } }
        let first = try store.createOrder(Fixture.order([("A", 1)]))
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        _ = try store.cancelOrder(orderId: first.orderId)
        #expect(watcher.poll().events.isEmpty, "nothing is durable yet")
        #expect(store.retainedEventCount == 0)
        #expect(try store.watchOrders(fromSequence: 0).poll().events.isEmpty)
        let afterSecondOrder = tickets.withLock { $0 } - 1
        store.markDurable(through: afterSecondOrder)
        #expect(watcher.poll().events.map(\.sequence) == [1, 2])
        #expect(wakes.withLock { $0 } == 1)
        store.markDurable(through: tickets.withLock { $0 })
        #expect(watcher.poll().events.map(\.status) == [.cancelled])
        #expect(try store.watchOrders(fromSequence: 1).poll().events.map(\.sequence) == [2, 3])
    }

    /// A client learns an event's sequence when its RPC answers, which the journal may do just
    /// before its completion releases that event to watchers: a watcher resuming from that very
    /// sequence must then get neither it (a duplicate) nor anything before it, only what follows.
    @Test func aWatcherResumingFromAnEventNotYetReleasedGetsOnlyTheEventsAfterIt() throws {
        let (store, tickets) = try journaledStore()
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        store.markDurable(through: tickets.withLock { $0 })
        let order = try store.createOrder(Fixture.order([("A", 1)]))
        let created = try #require(order.history.first).sequence
        let mine = try store.watchOrders(orderId: order.orderId, fromSequence: created)
        let all = try store.watchOrders(fromSequence: created)
        let earlier = try store.watchOrders(fromSequence: created - 1)
        store.markDurable(through: tickets.withLock { $0 })
        #expect(mine.poll().events.isEmpty, "the event at from_sequence is not after it")
        #expect(all.poll().events.isEmpty)
        #expect(earlier.poll().events.map(\.sequence) == [created], "released live, right after the empty backlog")
        _ = try store.cancelOrder(orderId: order.orderId)
        store.markDurable(through: tickets.withLock { $0 })
        let next = mine.poll().events
        #expect(next.map(\.sequence) == [created + 1])
        #expect(next.map(\.status) == [.cancelled])
        #expect(all.poll().events.map(\.sequence) == [created + 1])
        #expect(earlier.poll().events.map(\.sequence) == [created + 1])
    }

    @Test func aStaleDurableNoticeChangesNothing() throws {
        let (store, tickets) = try journaledStore()
        let watcher = try store.watchOrders()
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        store.markDurable(through: tickets.withLock { $0 })
        store.markDurable(through: 1)
        #expect(watcher.poll().events.count == 1)
        #expect(store.retainedEventCount == 1)
    }

    @Test(arguments: [1, 4, 7, 100])
    func theRingRebuiltFromAStateHoldsItsNewestEventsInOrder(capacity: Int) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        var orders: [Order] = []
        for _ in 0..<4 { orders.append(try store.createOrder(Fixture.order([("A", 1)]))) }
        _ = try store.cancelOrder(orderId: orders[0].orderId)
        _ = try store.cancelOrder(orderId: orders[2].orderId)
        var config = OrderStore.Configuration()
        config.retainedEvents = capacity
        let restarted = OrderStore(state: store.snapshot(), configuration: config)
        let expected = Array((1...6).suffix(capacity)).map(Int64.init)
        #expect(restarted.retainedEventCount == expected.count)
        #expect(restarted.oldestRetainedSequence == expected.first)
        // from_sequence 0 means "live only", so the replay can start after event 1 at the earliest.
        let from = max(expected[0] - 1, 1)
        let replay = try restarted.watchOrders(fromSequence: from).poll().events
        #expect(replay.map(\.sequence) == expected.filter { $0 > from })
        let original = try store.watchOrders(fromSequence: from).poll().events
        #expect(replay == original, "the same events, with their order ids, statuses and messages")
    }
}

@Suite struct FingerprintTests {
    @Test func aRetryWithTheSamePayloadAnswersTheFirstOrder() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        let first = try store.createOrder(Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-1"))
        #expect(try store.createOrder(Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-1")) == first)
        #expect(try store.createOrder(Fixture.order([("A", 2)], requestId: "k-2", ref: "ref-1")) == first,
                "the same payload under the same channel reference is the same order")
        #expect(store.snapshot().orderCount == 1)
    }

    static let changes: [(String, CreateOrderCommand)] = [
        ("quantity", Fixture.order([("A", 3)], requestId: "k-1", ref: "ref-1")),
        ("price", Fixture.order([("A", 2)], price: 1, requestId: "k-1", ref: "ref-1")),
        ("customer", Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-1", customer: "c-2")),
        ("method", Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-1", method: .express)),
        ("ref under the same request_id", Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-2")),
        ("payload under the same ref", Fixture.order([("A", 1)], requestId: "k-9", ref: "ref-1")),
    ]

    @Test(arguments: changes)
    func aRetryWithAnotherPayloadIsAlreadyExists(field: String, command: CreateOrderCommand) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50)])
        _ = try store.createOrder(Fixture.order([("A", 2)], requestId: "k-1", ref: "ref-1"))
        let before = store.snapshot()
        let error = domainError { try store.createOrder(command) }
        #expect(error?.kind == .alreadyExists, "changed \(field)")
        #expect(error?.message.contains("k-1") == true || error?.message.contains("ref-1") == true)
        expectSameState(before, store.snapshot())
    }

    @Test func adjustStockAndRequestReturnCheckTheirPayloadToo() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 50), ("wh-nyc", "B", 5)])
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 2, requestId: "adj-1"))
        #expect(try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 2, requestId: "adj-1")).onHand == 52)
        for other in [AdjustStockCommand(locationId: "wh-nyc", sku: "B", delta: 2, requestId: "adj-1"),
                      AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 3, requestId: "adj-1")] {
            #expect(domainError { try store.adjustStock(other) }?.kind == .alreadyExists)
        }
        #expect(store.snapshot().level(StockKey(locationId: "wh-nyc", sku: "B"))?.onHand == 5)
        let order = try store.createOrder(Fixture.order([("A", 2)]))
        _ = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc"))
        let request = RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 1)], requestId: "ret-1")
        let first = try store.requestReturn(request)
        #expect(try store.requestReturn(request) == first)
        var changed = request
        changed.lines[0].quantity = 2
        #expect(domainError { try store.requestReturn(changed) }?.kind == .alreadyExists)
    }

    @Test func fingerprintsSurviveTheJournalAndTheSnapshot() throws {
        let (store, recorded) = try busyStore()
        let replayed = OrderStore()
        for batch in recorded { replayed.replay(try StoreChange.decodeBatch(StoreChange.encode(batch))) }
        let restored = OrderStore(state: try StoreState.decode(replayed.snapshot().encode()))
        for candidate in [replayed, restored] {
            let orders = candidate.snapshot().orders
            #expect(orders.allSatisfy { $0.requestFingerprint != 0 })
            #expect(Array(orders) == Array(store.snapshot().orders))
            let error = domainError {
                try candidate.adjustStock(AdjustStockCommand(locationId: "wh-chi", sku: "B", delta: 5, requestId: "adj-1"))
            }
            #expect(error?.kind == .alreadyExists, "adj-1 was +4, not +5")
        }
    }

    /// Rebuilt on several threads (each filling its own range of slots) the ring holds exactly
    /// what one thread builds, for windows that split unevenly.
    @Test(arguments: [(3, 5), (4, 11), (7, 40)])
    func aRingRebuiltOnSeveralThreadsEqualsOneRebuiltOnOne(threads: Int, capacity: Int) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 500)])
        var orders: [Order] = []
        for k in 0..<30 {
            orders.append(try store.createOrder(Fixture.order([("A", 1)], customer: "c-\(k % 4)")))
            if k % 3 == 0 { _ = try store.cancelOrder(orderId: orders[k / 2].orderId) }
        }
        let state = store.snapshot()
        let all = OrderWatchFilter(orderId: "", customerId: "")
        let one = EventRing(rebuiltFrom: state, capacity: capacity, threads: 1)
        let many = EventRing(rebuiltFrom: state, capacity: capacity, threads: threads, minimumPerThread: 1)
        let expected = one.events(after: 0, filter: all)
        #expect(expected.count == min(capacity, Int(state.lastSequence)))
        #expect(expected.map(\.sequence) == Array((state.lastSequence - Int64(expected.count) + 1)...state.lastSequence))
        #expect(many.events(after: 0, filter: all) == expected)
        let customer = OrderWatchFilter(orderId: "", customerId: "c-1")
        #expect(many.events(after: 0, filter: customer) == one.events(after: 0, filter: customer))
    }
}
