// Binary codec and replay: every change round-trips, a snapshot decodes to the same state, and
// replaying the recorded changes of a busy store rebuilds it exactly.
import Testing
@testable import OrderlyDomain

/// Builds a store with some of everything, recording every change through the hook.
func busyStore(clock: ManualClock = ManualClock()) throws -> (OrderStore, [[StoreChange]]) {
    let recorded = Locked<[[StoreChange]]>([])
    let store = OrderStore(clock: clock)
    store.setChangeHook { changes in recorded.withLock { $0.append(changes) } }
    for l in Fixture.locations { _ = try store.upsertLocation(l) }
    for (loc, sku, n) in [("wh-nyc", "A", 20), ("wh-phl", "A", 20), ("wh-nyc", "B", 9), ("st-bos", "C", 5)] as [(String, String, Int64)] {
        _ = try store.setStock(SetStockCommand(locationId: loc, sku: sku, onHand: n, safetyStock: 1))
    }
    _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-chi", sku: "B", delta: 4, requestId: "adj-1"))
    var orders: [Order] = []
    for i in 0..<12 {
        clock.advance(seconds: 1800)
        let channel: SalesChannel = i % 3 == 0 ? .pos : .web
        orders.append(try store.createOrder(Fixture.order([("A", Int32(1 + i % 3)), ("B", 1)], price: Int64(100 + i),
                                                          requestId: "req-\(i)", ref: "ref-\(i)", channel: channel,
                                                          customer: "c-\(i % 4)")))
    }
    _ = try store.createOrder(Fixture.order([("C", 2)], method: .storePickup, pickup: "st-bos"))
    _ = try store.cancelOrder(orderId: orders[1].orderId, reason: "changed mind")
    for o in orders[2..<8] {
        clock.advance(seconds: 3600)
        for location in Set(o.allocations.map(\.locationId)).sorted() {
            let s = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: location, carrier: "DHL"))
            clock.advance(seconds: 7200)
            _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s.shipmentId, status: .delivered, description: "front door"))
        }
    }
    let r = try store.requestReturn(RequestReturnCommand(orderId: orders[2].orderId, lines: [ReturnLine(sku: "B", quantity: 1, reason: .damaged)], requestId: "ret-1"))
    _ = try store.approveReturn(returnId: r.returnId)
    _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true)
    _ = try store.refundReturn(returnId: r.returnId)
    let r2 = try store.requestReturn(RequestReturnCommand(orderId: orders[3].orderId, lines: [ReturnLine(sku: "A", quantity: 1)]))
    _ = try store.rejectReturn(returnId: r2.returnId)
    return (store, recorded.withLock { $0 })
}

/// Asserts that two states hold the same entities, indexes and reports.
func expectSameState(_ a: StoreState, _ b: StoreState, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.locations == b.locations, sourceLocation: sourceLocation)
    #expect(a.stock == b.stock, sourceLocation: sourceLocation)
    #expect(a.orders == b.orders, sourceLocation: sourceLocation)
    #expect(a.shipments == b.shipments, sourceLocation: sourceLocation)
    #expect(a.returns == b.returns, sourceLocation: sourceLocation)
    #expect(a.lastSequence == b.lastSequence, sourceLocation: sourceLocation)
    #expect(a.ledger == b.ledger, sourceLocation: sourceLocation)
    #expect(a.orderRequests == b.orderRequests, sourceLocation: sourceLocation)
    #expect(a.returnRequests == b.returnRequests, sourceLocation: sourceLocation)
    #expect(a.adjustRequests == b.adjustRequests, sourceLocation: sourceLocation)
    #expect(a.channelRefs == b.channelRefs, sourceLocation: sourceLocation)
    #expect(a.reservations == b.reservations, sourceLocation: sourceLocation)
    #expect(a.reservationRequests == b.reservationRequests, sourceLocation: sourceLocation)
    #expect(a.nextReservationExpiry == b.nextReservationExpiry, sourceLocation: sourceLocation)
    #expect(a.byCustomer == b.byCustomer, sourceLocation: sourceLocation)
    #expect(a.byStatus == b.byStatus, sourceLocation: sourceLocation)
    #expect(a.byHold == b.byHold, sourceLocation: sourceLocation)
    #expect(a.backorders.bySku == b.backorders.bySku, sourceLocation: sourceLocation)
    #expect(a.nextBackorderExpiry == b.nextBackorderExpiry, sourceLocation: sourceLocation)
    #expect(a.salesSummary(from: nil, to: nil) == b.salesSummary(from: nil, to: nil), sourceLocation: sourceLocation)
    #expect(a.fulfillmentStats(from: nil, to: nil) == b.fulfillmentStats(from: nil, to: nil), sourceLocation: sourceLocation)
}

@Suite struct CodecTests {
    @Test func everyRecordedChangeRoundTrips() throws {
        let (_, recorded) = try busyStore()
        let all = recorded.flatMap { $0 }
        #expect(all.count > 40)
        for change in all {
            #expect(try StoreChange.decode(change.encode()) == change)
        }
        for batch in recorded {
            #expect(try StoreChange.decodeBatch(StoreChange.encode(batch)) == batch)
        }
    }

    @Test func replayingTheRecordedChangesRebuildsTheSameState() throws {
        let (store, recorded) = try busyStore()
        let replayed = OrderStore()
        for batch in recorded { replayed.replay(try StoreChange.decodeBatch(StoreChange.encode(batch))) }
        expectSameState(store.snapshot(), replayed.snapshot())
        #expect(replayed.verifyInventory().consistent)
    }

    @Test func snapshotRoundTripsAndKeepsIdempotency() throws {
        let (store, _) = try busyStore()
        let decoded = try StoreState.decode(store.snapshot().encode())
        expectSameState(store.snapshot(), decoded)
        let restored = OrderStore(state: decoded, clock: ManualClock())
        let first = Fixture.order([("A", 1), ("B", 1)], price: 100, requestId: "req-0", ref: "ref-0", channel: .pos, customer: "c-0")
        let retry = try restored.createOrder(first)
        #expect(retry.orderId == "o-000001")
        let other = domainError { try restored.createOrder(Fixture.order([("A", 1)], requestId: "req-0")) }
        #expect(other?.kind == .alreadyExists, "the fingerprint came through the snapshot")
        let next = try restored.createOrder(Fixture.order([("A", 1)]))
        #expect(next.orderId == "o-000014")
        #expect(next.history.first?.sequence == store.snapshot().lastSequence + 1)
    }

    /// The snapshot's request index and order ids are checked while they are rebuilt beside
    /// the orders: a request naming an order past the last, or two orders with one id, is an
    /// error naming it, never a state that serves the wrong order.
    @Test(arguments: [1, 2])
    func aSnapshotNamingAMissingOrderOrRepeatingAnIdIsRefused(threads: Int) throws {
        let (store, _) = try busyStore()
        var beyond = store.snapshot()
        beyond.orderRequests["req-ghost"] = Int32(beyond.orders.count)
        let missing = #expect(throws: CodecError.self) { try StoreState.decode(beyond.encode(), threads: threads) }
        #expect(missing?.description.contains("request req-ghost names order #\(beyond.orders.count)") == true)
        var twice = store.snapshot()
        var copy = twice.orders[3]
        copy.channelOrderRef = ""
        twice.orders.append(copy)
        let repeated = #expect(throws: CodecError.self) { try StoreState.decode(twice.encode(), threads: threads) }
        #expect(repeated?.description.contains("duplicate order \(copy.orderId)") == true)
    }

    @Test func truncatedOrCorruptInputIsRefusedWithoutCrashing() throws {
        let (store, recorded) = try busyStore()
        let snapshot = store.snapshot().encode()
        for cut in stride(from: 0, to: snapshot.count, by: max(1, snapshot.count / 97)) {
            #expect(throws: CodecError.self) { try StoreState.decode(Array(snapshot[..<cut])) }
        }
        let record = StoreChange.encode(recorded[20])
        for cut in 0..<record.count {
            #expect(throws: CodecError.self) { try StoreChange.decodeBatch(Array(record[..<cut])) }
        }
        var flipped = record
        flipped[0] = 99
        #expect(throws: CodecError.self) { try StoreChange.decodeBatch(flipped) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var noisy = record
            noisy[Int.random(in: 1..<noisy.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? StoreChange.decodeBatch(noisy)
        }
    }

    @Test(arguments: [Int64.min, -1, 0, 1, 127, 128, 300, Int64.max])
    func integersRoundTrip(_ v: Int64) throws {
        var w = BinaryWriter()
        w.zigzag(v)
        w.i64(v)
        w.varint(UInt64(bitPattern: v))
        var r = BinaryReader(w.bytes)
        #expect(try r.zigzag() == v)
        #expect(try r.i64() == v)
        #expect(try r.varint() == UInt64(bitPattern: v))
        #expect(r.isAtEnd)
    }
}
