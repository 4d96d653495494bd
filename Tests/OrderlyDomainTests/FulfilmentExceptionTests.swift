// Fulfilment exceptions: holds, CancelOrderLines, MoveAllocation, RejectAllocation (each
// reason) and backorders (filled oldest first by every kind of stock arrival, cancelled at their
// deadline), each transition and each refusal, with VerifyInventory consistent after every step
// and a replay and a snapshot rebuilding the same state, queues included.
import Testing
@testable import OrderlyDomain

@Suite struct FulfilmentExceptionTests {
    private func level(_ store: OrderStore, _ location: String, _ sku: String) -> StockLevel? {
        store.snapshot().level(StockKey(locationId: location, sku: sku))
    }

    private func backorder(_ lines: [(String, Int32)], customer: String = "c-1", cancelAfter: Timestamp? = nil) -> CreateOrderCommand {
        var c = Fixture.order(lines, customer: customer)
        c.allowBackorder = true
        c.backorderCancelAfter = cancelAfter
        return c
    }

    private func consistent(_ store: OrderStore, sourceLocation: SourceLocation = #_sourceLocation) {
        let report = store.verifyInventory()
        #expect(report.consistent, "\(report.problems)", sourceLocation: sourceLocation)
    }

    // MARK: Holds

    @Test func heldOrderDoesNotShipKeepsReservationsAndIsListedByReason() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 2)]))
        let held = try store.placeHold(HoldCommand(orderId: o.orderId, reason: .fraudReview, note: "big basket", expectedVersion: 1))
        #expect(held.version == 2)
        #expect(held.holds.map(\.reason) == [.fraudReview])
        #expect(held.history.last?.message == "hold HOLD_REASON_FRAUD_REVIEW placed: big basket")
        #expect(held.history.count == 2, "an event even though the status stays")
        let refused = domainError { try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc")) }
        #expect(refused?.kind == .failedPrecondition)
        #expect(refused?.message.contains("HOLD_REASON_FRAUD_REVIEW (big basket)") == true)
        #expect(level(store, "wh-nyc", "A")?.reserved == 2, "reservations stay while held")
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        #expect(try store.listOrders(OrderQuery(holdReason: .fraudReview)).orders.map(\.orderId) == [o.orderId])
        #expect(try store.listOrders(OrderQuery(holdReason: .payment)).orders.isEmpty)
        #expect(try store.placeHold(HoldCommand(orderId: o.orderId, reason: .fraudReview)).version == 2, "a repeat changes nothing")
        let released = try store.releaseHold(HoldCommand(orderId: o.orderId, reason: .fraudReview, expectedVersion: 2))
        #expect(released.holds.isEmpty)
        #expect(try store.listOrders(OrderQuery(holdReason: .fraudReview)).orders.isEmpty)
        _ = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc"))
        consistent(store)
    }

    @Test func holdRefusals() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 2)]))
        #expect(domainError { try store.placeHold(HoldCommand(orderId: o.orderId, reason: .unspecified)) }?.kind == .invalidArgument)
        #expect(domainError { try store.placeHold(HoldCommand(orderId: o.orderId, reason: .unfillable)) }?.kind == .invalidArgument)
        #expect(domainError { try store.placeHold(HoldCommand(orderId: "o-999999", reason: .payment)) }?.kind == .notFound)
        #expect(domainError { try store.placeHold(HoldCommand(orderId: o.orderId, reason: .payment, expectedVersion: 7)) }?.kind == .aborted)
        _ = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc"))
        #expect(domainError { try store.placeHold(HoldCommand(orderId: o.orderId, reason: .payment)) }?.kind == .failedPrecondition)
        let c = try store.createOrder(Fixture.order([("A", 1)]))
        _ = try store.cancelOrder(orderId: c.orderId)
        #expect(domainError { try store.placeHold(HoldCommand(orderId: c.orderId, reason: .payment)) }?.kind == .failedPrecondition)
        #expect(store.snapshot().order(o.orderId)?.version == 2, "refusals changed nothing")
    }

    // MARK: CancelOrderLines

    @Test func cancelLinesReleasesUnitsAndReportsCountOnlyTheRest() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 5)])
        let o = try store.createOrder(Fixture.order([("A", 3), ("B", 2)], price: 1000))
        let part = try store.cancelOrderLines(CancelOrderLinesCommand(
            orderId: o.orderId, lines: [ShipmentLine(sku: "A", quantity: 2)], reason: "customer", expectedVersion: 1))
        #expect(part.status == .allocated)
        #expect(part.lines[0].quantityCancelled == 2)
        #expect(part.totalMinor == 3000)
        #expect(part.allocations.first { $0.sku == "A" }?.quantity == 1)
        #expect(level(store, "wh-nyc", "A")?.reserved == 1)
        #expect(part.history.last?.message == "cancelled A×2: customer")
        let summary = store.snapshot().salesSummary(from: nil, to: nil)
        #expect(summary.units == 3)
        #expect(summary.revenueMinor == 3000)
        let top = try store.topProducts(.all, currency: "USD", limit: 10)
        #expect(top.first { $0.sku == "A" }?.units == 1)
        #expect(try store.customerInsights(.all, currency: "USD", top: 1).revenueMinor == 3000)
        consistent(store)

        let all = try store.cancelOrderLines(CancelOrderLinesCommand(
            orderId: o.orderId, lines: [ShipmentLine(sku: "A", quantity: 1), ShipmentLine(sku: "B", quantity: 2)]))
        #expect(all.status == .cancelled)
        #expect(all.totalMinor == 0)
        #expect(level(store, "wh-nyc", "A")?.reserved == 0)
        #expect(level(store, "wh-nyc", "B")?.reserved == 0)
        #expect(store.snapshot().salesSummary(from: nil, to: nil).units == 0)
        consistent(store)
    }

    @Test func cancelLinesRefusals() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 3)]))
        _ = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc", lines: [ShipmentLine(sku: "A", quantity: 2)]))
        let cancel = { (lines: [ShipmentLine], version: Int64) in
            try store.cancelOrderLines(CancelOrderLinesCommand(orderId: o.orderId, lines: lines, expectedVersion: version))
        }
        #expect(domainError { try cancel([], 0) }?.kind == .invalidArgument)
        #expect(domainError { try cancel([ShipmentLine(sku: "A", quantity: 0)], 0) }?.kind == .invalidArgument)
        #expect(domainError { try cancel([ShipmentLine(sku: "Z", quantity: 1)], 0) }?.kind == .failedPrecondition)
        let tooMany = domainError { try cancel([ShipmentLine(sku: "A", quantity: 2)], 0) }
        #expect(tooMany?.kind == .failedPrecondition)
        #expect(tooMany?.message.contains("only 1 unit(s)") == true)
        #expect(domainError { try cancel([ShipmentLine(sku: "A", quantity: 1)], 1) }?.kind == .aborted)
        let done = try cancel([ShipmentLine(sku: "A", quantity: 1)], 0)
        #expect(done.status == .shipped, "the rest shipped: the order is complete")
        #expect(done.totalMinor == 2000)
        consistent(store)
    }

    // MARK: MoveAllocation

    @Test func moveAllocationNeedsAvailableAtTheTarget() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "A", 1)])
        let o = try store.createOrder(Fixture.order([("A", 3)]))
        let move = { (to: String, q: Int32) in
            try store.moveAllocation(MoveAllocationCommand(orderId: o.orderId, sku: "A", fromLocationId: "wh-nyc", toLocationId: to, quantity: q))
        }
        let short = domainError { try move("wh-phl", 2) }
        #expect(short?.kind == .failedPrecondition)
        #expect(short?.message.contains("only 1 unit(s)") == true)
        #expect(domainError { try move("wh-nyc", 1) }?.kind == .invalidArgument)
        #expect(domainError { try move("nowhere", 1) }?.kind == .notFound)
        #expect(domainError { try move("wh-phl", 4) }?.kind == .failedPrecondition)
        let moved = try move("wh-phl", 1)
        #expect(moved.allocations.map { "\($0.locationId):\($0.quantity)" } == ["wh-nyc:2", "wh-phl:1"])
        #expect(moved.history.last?.message == "moved A×1 from wh-nyc to wh-phl")
        #expect(level(store, "wh-nyc", "A")?.reserved == 2)
        #expect(level(store, "wh-phl", "A")?.reserved == 1)
        let moves = try store.listStockMovements(MovementQuery(sku: "A")).movements.suffix(2)
        #expect(moves.map(\.cause.reason) == [.released, .allocated])
        #expect(moves.allSatisfy { $0.cause.reference == o.orderId })
        consistent(store)
    }

    // MARK: RejectAllocation

    @Test func rejectNotInStockLowersOnHandAndRoutesElsewhereNeverBack() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 3)]))
        #expect(o.allocations.map(\.locationId) == ["wh-nyc"])
        let r = try store.rejectAllocation(RejectAllocationCommand(
            orderId: o.orderId, locationId: "wh-nyc", sku: "A", quantity: 2, reason: .notInStock, expectedVersion: 1))
        #expect(r.allocations.map { "\($0.locationId):\($0.quantity)" } == ["wh-nyc:1", "wh-phl:2"])
        #expect(level(store, "wh-nyc", "A").map { ($0.onHand, $0.reserved) } ?? (0, 0) == (3, 1))
        #expect(level(store, "wh-phl", "A")?.reserved == 2)
        #expect(r.history.last?.message == "location wh-nyc rejected A×2 (REJECT_REASON_NOT_IN_STOCK), 2 routed again")
        let rejected = try store.listStockMovements(MovementQuery(locationId: "wh-nyc", sku: "A")).movements.last
        #expect(rejected?.cause.reason == .rejected)
        #expect(rejected?.delta == StockBuckets(onHand: -2, reserved: -2))
        consistent(store)
        // The last unit there too: PHL has 3 available, but never back to NYC.
        let r2 = try store.rejectAllocation(RejectAllocationCommand(orderId: o.orderId, locationId: "wh-nyc", sku: "A", reason: .other))
        #expect(r2.allocations.map { "\($0.locationId):\($0.quantity)" } == ["wh-phl:3"])
        #expect(level(store, "wh-nyc", "A").map { ($0.onHand, $0.reserved) } ?? (0, 0) == (3, 0), "OTHER keeps on_hand")
        consistent(store)
    }

    @Test func rejectDamagedMovesUnitsToDamaged() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 2)]))
        _ = try store.rejectAllocation(RejectAllocationCommand(orderId: o.orderId, locationId: "wh-nyc", sku: "A", reason: .damaged))
        let nyc = level(store, "wh-nyc", "A")
        #expect(nyc?.onHand == 3)
        #expect(nyc?.damaged == 2)
        #expect(nyc?.reserved == 0)
        consistent(store)
    }

    @Test func rejectWithNoStockLeftHoldsUnfillableOrBackorders() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 2), ("wh-nyc", "B", 2)])
        let plain = try store.createOrder(Fixture.order([("A", 2), ("B", 1)]))
        let held = try store.rejectAllocation(RejectAllocationCommand(orderId: plain.orderId, locationId: "wh-nyc", sku: "A", reason: .notInStock))
        #expect(held.holds.map(\.reason) == [.unfillable])
        #expect(held.status == .allocated)
        #expect(held.history.last?.message.contains("2 unfillable (hold HOLD_REASON_UNFILLABLE)") == true)
        #expect(try store.listOrders(OrderQuery(holdReason: .unfillable)).orders.count == 1)
        #expect(domainError { try store.createShipment(CreateShipmentCommand(orderId: plain.orderId, locationId: "wh-nyc")) }?.kind == .failedPrecondition)
        let still = domainError { try store.releaseHold(HoldCommand(orderId: plain.orderId, reason: .unfillable)) }
        #expect(still?.kind == .failedPrecondition)
        #expect(still?.message.contains("2 unit(s) of sku A") == true)
        // Stock elsewhere: releasing the hold routes the units there.
        _ = try store.setStock(SetStockCommand(locationId: "wh-phl", sku: "A", onHand: 2))
        let freed = try store.releaseHold(HoldCommand(orderId: plain.orderId, reason: .unfillable))
        #expect(freed.holds.isEmpty)
        #expect(freed.allocations.contains { $0.locationId == "wh-phl" && $0.sku == "A" && $0.quantity == 2 })
        consistent(store)

        // Cancelling the unfillable units ends the server's hold too.
        let o2 = try store.createOrder(Fixture.order([("B", 1)]))
        let h2 = try store.rejectAllocation(RejectAllocationCommand(orderId: o2.orderId, locationId: "wh-nyc", sku: "B", reason: .notInStock))
        #expect(h2.holds.map(\.reason) == [.unfillable])
        let c2 = try store.cancelOrderLines(CancelOrderLinesCommand(orderId: o2.orderId, lines: [ShipmentLine(sku: "B", quantity: 1)]))
        #expect(c2.status == .cancelled)
        #expect(c2.holds.isEmpty)

        _ = try store.setStock(SetStockCommand(locationId: "wh-chi", sku: "C", onHand: 1))
        let b = try store.createOrder(backorder([("C", 1)]))
        let waiting = try store.rejectAllocation(RejectAllocationCommand(orderId: b.orderId, locationId: "wh-chi", sku: "C", reason: .notInStock))
        #expect(waiting.status == .backordered)
        #expect(waiting.lines[0].quantityBackordered == 1)
        #expect(waiting.holds.isEmpty)
        // Stock back at the rejecting location does not fill it; elsewhere does.
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-chi", sku: "C", delta: 5))
        #expect(store.snapshot().order(b.orderId)?.status == .backordered)
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "C", delta: 1))
        #expect(store.snapshot().order(b.orderId)?.status == .allocated)
        consistent(store)
    }

    @Test func rejectRefusals() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let o = try store.createOrder(Fixture.order([("A", 2)]))
        let reject = { (loc: String, q: Int32, reason: RejectReason, v: Int64) in
            try store.rejectAllocation(RejectAllocationCommand(orderId: o.orderId, locationId: loc, sku: "A", quantity: q, reason: reason, expectedVersion: v))
        }
        #expect(domainError { try reject("wh-nyc", 1, .unspecified, 0) }?.kind == .invalidArgument)
        #expect(domainError { try reject("wh-nyc", -1, .other, 0) }?.kind == .invalidArgument)
        #expect(domainError { try reject("wh-nyc", 3, .other, 0) }?.kind == .failedPrecondition)
        #expect(domainError { try reject("wh-phl", 1, .other, 0) }?.kind == .failedPrecondition)
        #expect(domainError { try reject("wh-nyc", 1, .other, 9) }?.kind == .aborted)
        _ = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc"))
        let shipped = domainError { try reject("wh-nyc", 1, .notInStock, 0) }
        #expect(shipped?.kind == .failedPrecondition, "shipped units cannot be rejected")
        #expect(level(store, "wh-nyc", "A")?.onHand == 3)
        consistent(store)
    }

    // MARK: Backorders

    @Test func backordersAreFilledOldestFirstByEveryArrival() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1)])
        let first = try store.createOrder(backorder([("A", 3)]))
        #expect(first.status == .backordered)
        #expect(first.lines[0].quantityBackordered == 2)
        #expect(first.allocations.map(\.quantity) == [1])
        #expect(domainError { try store.createOrder(Fixture.order([("A", 1)])) }?.kind == .failedPrecondition,
                "without allow_backorder a short order is still refused")
        let second = try store.createOrder(backorder([("A", 2)], customer: "c-2"))
        let third = try store.createOrder(backorder([("A", 1)], customer: "c-3"))
        #expect(second.allocations.isEmpty)
        #expect(try store.listOrders(OrderQuery(status: .backordered)).orders.count == 3)

        // AdjustStock +2: all to the oldest.
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "A", delta: 2, reason: "delivery"))
        #expect(store.snapshot().order(first.orderId)?.status == .allocated)
        #expect(store.snapshot().order(first.orderId)?.history.last?.message == "backordered units allocated: A×2")
        #expect(store.snapshot().order(second.orderId)?.status == .backordered)
        // SetStock: one unit, second gets it (still waiting for one).
        _ = try store.setStock(SetStockCommand(locationId: "wh-chi", sku: "A", onHand: 1))
        #expect(store.snapshot().order(second.orderId)?.lines[0].quantityBackordered == 1)
        #expect(store.snapshot().order(third.orderId)?.lines[0].quantityBackordered == 1)
        // ImportStock: two units, both remaining orders.
        _ = try store.importStock([SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 3)])
        #expect(store.snapshot().order(second.orderId)?.status == .allocated)
        #expect(store.snapshot().order(third.orderId)?.status == .allocated)
        #expect(try store.listOrders(OrderQuery(status: .backordered)).orders.isEmpty)
        #expect(store.snapshot().backorders.bySku.isEmpty)
        let fills = try store.listStockMovements(MovementQuery(sku: "A")).movements.filter { $0.cause.reason == .allocated }
        #expect(fills.map(\.cause.reference) == [first.orderId, first.orderId, second.orderId, second.orderId, third.orderId])
        consistent(store)
    }

    @Test func transferReceiptAndRestockFillBackorders() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 4)])
        let taken = try store.createOrder(Fixture.order([("A", 2)]))
        _ = try store.setStock(SetStockCommand(locationId: "wh-chi", sku: "A", onHand: 1))
        let t = try store.createTransfer(CreateTransferCommand(fromLocationId: "wh-chi", toLocationId: "wh-phl", lines: [TransferLine(sku: "A", quantity: 1)]))
        let waiting = try store.createOrder(backorder([("A", 4)]))
        #expect(waiting.lines[0].quantityBackordered == 2)
        _ = try store.shipTransfer(t.transferId)
        #expect(store.snapshot().order(waiting.orderId)?.lines[0].quantityBackordered == 2, "in transit is not available")
        _ = try store.receiveTransfer(t.transferId, lines: [])
        #expect(store.snapshot().order(waiting.orderId)?.lines[0].quantityBackordered == 1)
        consistent(store)

        let late = try store.createOrder(backorder([("A", 1)], customer: "c-9"))
        #expect(late.status == .backordered)
        _ = try store.createShipment(CreateShipmentCommand(orderId: taken.orderId, locationId: "wh-nyc"))
        let r = try store.requestReturn(RequestReturnCommand(orderId: taken.orderId, lines: [ReturnLine(sku: "A", quantity: 1)]))
        _ = try store.approveReturn(returnId: r.returnId)
        _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true)
        #expect(store.snapshot().order(waiting.orderId)?.status == .allocated, "the older order first")
        #expect(store.snapshot().order(late.orderId)?.status == .backordered)
        consistent(store)
    }

    @Test func backordersPastTheirDeadlineAreCancelled() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1)], clock: clock)
        let soon = clock.now().adding(seconds: 3600)
        #expect(domainError { try store.createOrder(backorder([("A", 1)], cancelAfter: clock.now())) }?.kind == .invalidArgument)
        var noFlag = Fixture.order([("A", 1)])
        noFlag.backorderCancelAfter = soon
        #expect(domainError { try store.createOrder(noFlag) }?.kind == .invalidArgument)
        let partly = try store.createOrder(backorder([("A", 3)], cancelAfter: soon))
        let wholly = try store.createOrder(backorder([("A", 2)], customer: "c-2", cancelAfter: soon.adding(seconds: 60)))
        let forever = try store.createOrder(backorder([("A", 1)], customer: "c-3"))
        #expect(store.nextBackorderExpiry == soon)
        #expect(try store.expireBackorders() == 0)
        clock.advance(seconds: 3600)
        #expect(try store.expireBackorders() == 1)
        let p = try #require(store.snapshot().order(partly.orderId))
        #expect(p.status == .allocated)
        #expect(p.lines[0].quantityCancelled == 2)
        #expect(p.totalMinor == 1000)
        #expect(p.history.last?.message.contains("cancelled A×2") == true)
        clock.advance(seconds: 60)
        #expect(try store.expireBackorders() == 1)
        #expect(store.snapshot().order(wholly.orderId)?.status == .cancelled)
        #expect(store.nextBackorderExpiry == nil)
        #expect(store.snapshot().order(forever.orderId)?.status == .backordered)
        #expect(store.snapshot().salesSummary(from: nil, to: nil).units == 2)
        consistent(store)
    }

    @Test func cancellingABackorderedOrderLeavesTheQueue() throws {
        let store = try Fixture.store(stock: [])
        let a = try store.createOrder(backorder([("A", 1)]))
        let b = try store.createOrder(backorder([("A", 1)], customer: "c-2"))
        _ = try store.cancelOrder(orderId: a.orderId, reason: "gone")
        #expect(store.snapshot().backorders.waiting(on: "A") == [1])
        _ = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 1))
        #expect(store.snapshot().order(b.orderId)?.status == .allocated)
        #expect(store.snapshot().order(a.orderId)?.status == .cancelled)
        consistent(store)
    }

    // MARK: Durability

    @Test func replayAndSnapshotRebuildHoldsAndBackorderQueues() throws {
        let recorded = Locked<[[StoreChange]]>([])
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 2), ("wh-phl", "B", 3)], clock: clock)
        store.setChangeHook { changes in recorded.withLock { $0.append(changes) } }
        let o = try store.createOrder(Fixture.order([("A", 2), ("B", 1)]))
        _ = try store.placeHold(HoldCommand(orderId: o.orderId, reason: .address, note: "no door number"))
        _ = try store.rejectAllocation(RejectAllocationCommand(orderId: o.orderId, locationId: "wh-nyc", sku: "A", quantity: 1, reason: .damaged))
        _ = try store.cancelOrderLines(CancelOrderLinesCommand(orderId: o.orderId, lines: [ShipmentLine(sku: "B", quantity: 1)]))
        for i in 0..<5 {
            _ = try store.createOrder(backorder([("C", Int32(1 + i))], customer: "c-\(i)", cancelAfter: clock.now().adding(seconds: Int64(100 - i))))
        }
        _ = try store.setStock(SetStockCommand(locationId: "wh-chi", sku: "C", onHand: 4))
        let before = store.snapshot()
        #expect(before.backorders.waiting(on: "C").count == 3, "4 units: the first two orders and one unit of the third")

        let replayed = try Fixture.store(stock: [("wh-nyc", "A", 2), ("wh-phl", "B", 3)], clock: ManualClock())
        for batch in recorded.withLock({ $0 }) { replayed.replay(try StoreChange.decodeBatch(StoreChange.encode(batch))) }
        expectSameState(before, replayed.snapshot())
        let decoded = try StoreState.decode(before.encode())
        expectSameState(before, decoded)
        #expect(decoded.order(o.orderId)?.holds == before.order(o.orderId)?.holds)
        #expect(decoded.order(o.orderId)?.exceptions.rejected == [StockKey(locationId: "wh-nyc", sku: "A")])
    }
}
