// Transfers: the lifecycle with partial receipts and the buckets and movements each step makes,
// cancellation, idempotency, the refusals (over-receipt, wrong state, short stock), and that
// VerifyInventory accounts for open transfers and a snapshot keeps them.
import Testing
@testable import OrderlyDomain

@Suite struct TransferTests {
    private func figures(_ store: OrderStore, _ location: String, _ sku: String) -> StockBuckets? {
        store.snapshot().level(StockKey(locationId: location, sku: sku)).map(StockBuckets.init)
    }

    private func create(_ store: OrderStore, _ lines: [(String, Int32)], requestId: String = "") throws -> Transfer {
        try store.createTransfer(CreateTransferCommand(
            requestId: requestId, fromLocationId: "wh-nyc", toLocationId: "wh-phl",
            lines: lines.map { TransferLine(sku: $0.0, quantity: $0.1) }))
    }

    @Test func lifecycleWithPartialReceiptsMovesEveryBucket() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 10), ("wh-nyc", "B", 4)])
        let t = try create(store, [("A", 6), ("B", 4)])
        #expect(t.transferId == "t-000001")
        #expect(t.status == .requested)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 10, reserved: 6))
        #expect(store.verifyInventory().consistent)

        let shipped = try store.shipTransfer(t.transferId)
        #expect(shipped.status == .inTransit)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 4))
        #expect(figures(store, "wh-phl", "A") == StockBuckets(incoming: 6))
        #expect(store.snapshot().level(StockKey(locationId: "wh-phl", sku: "A"))?.available == 0)
        #expect(store.verifyInventory().consistent)

        let partly = try store.receiveTransfer(t.transferId, lines: [TransferLine(sku: "A", quantity: 2)])
        #expect(partly.status == .partiallyReceived)
        #expect(partly.lines.map(\.quantityReceived) == [2, 0])
        #expect(figures(store, "wh-phl", "A") == StockBuckets(onHand: 2, incoming: 4))
        #expect(store.verifyInventory().consistent)

        let error = domainError { try store.receiveTransfer(t.transferId, lines: [TransferLine(sku: "A", quantity: 5)]) }
        #expect(error?.kind == .failedPrecondition)
        #expect(error?.message.contains("only 4") == true)

        let done = try store.receiveTransfer(t.transferId, lines: [])  // everything still in transit
        #expect(done.status == .received)
        #expect(figures(store, "wh-phl", "A") == StockBuckets(onHand: 6))
        #expect(figures(store, "wh-phl", "B") == StockBuckets(onHand: 4))
        #expect(domainError { try store.receiveTransfer(t.transferId, lines: []) }?.kind == .failedPrecondition)
        #expect(store.verifyInventory().consistent)

        let moves = try store.listStockMovements(MovementQuery(sku: "A")).movements.dropFirst()
        #expect(moves.map(\.cause.reason) == [.transferOut, .transferOut, .transferIn, .transferIn, .transferIn])
        #expect(moves.allSatisfy { $0.cause.reference == t.transferId })
        #expect(moves.map(\.delta) == [
            StockBuckets(reserved: 6), StockBuckets(onHand: -6, reserved: -6), StockBuckets(incoming: 6),
            StockBuckets(onHand: 2, incoming: -2), StockBuckets(onHand: 4, incoming: -4),
        ])
    }

    @Test func cancellingBeforeShippingReleasesTheReservation() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let t = try create(store, [("A", 5)])
        #expect(domainError { try store.createOrder(Fixture.order([("A", 1)])) } != nil)  // all held by the transfer
        #expect(try store.cancelTransfer(t.transferId).status == .cancelled)
        #expect(try store.cancelTransfer(t.transferId).status == .cancelled)  // repeat: unchanged
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 5))
        #expect(domainError { try store.shipTransfer(t.transferId) }?.kind == .failedPrecondition)
        let shipped = try create(store, [("A", 1)])
        _ = try store.shipTransfer(shipped.transferId)
        #expect(domainError { try store.cancelTransfer(shipped.transferId) }?.kind == .failedPrecondition)
        #expect(store.verifyInventory().consistent)
    }

    @Test func aRepeatedKeyAnswersTheFirstTransferAndAnotherPayloadIsRefused() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let first = try create(store, [("A", 2)], requestId: "tr-1")
        #expect(try create(store, [("A", 2)], requestId: "tr-1") == first)
        #expect(figures(store, "wh-nyc", "A")?.reserved == 2)
        #expect(domainError { try create(store, [("A", 3)], requestId: "tr-1") }?.kind == .alreadyExists)
    }

    @Test(arguments: [
        ("wh-nyc", "wh-nyc", [TransferLine(sku: "A", quantity: 1)], DomainError.Kind.invalidArgument),
        ("wh-nyc", "wh-phl", [], .invalidArgument),
        ("wh-nyc", "wh-phl", [TransferLine(sku: "A", quantity: 0)], .invalidArgument),
        ("wh-nyc", "wh-phl", [TransferLine(sku: "A", quantity: 1), TransferLine(sku: "A", quantity: 1)], .invalidArgument),
        ("wh-nyc", "nowhere", [TransferLine(sku: "A", quantity: 1)], .notFound),
        ("wh-nyc", "wh-phl", [TransferLine(sku: "A", quantity: 6)], .failedPrecondition),
        ("wh-phl", "wh-nyc", [TransferLine(sku: "A", quantity: 1)], .failedPrecondition),
    ])
    func badTransfersAreRefusedAndChangeNothing(from: String, to: String, lines: [TransferLine], kind: DomainError.Kind) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let before = store.snapshot()
        let error = domainError { try store.createTransfer(CreateTransferCommand(fromLocationId: from, toLocationId: to, lines: lines)) }
        #expect(error?.kind == kind)
        expectSameState(before, store.snapshot())
    }

    @Test func unknownTransfersAreNotFoundAndReceivingAForeignSkuIsRefused() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        #expect(domainError { try store.transfer("t-999999") }?.kind == .notFound)
        #expect(domainError { try store.shipTransfer("t-999999") }?.kind == .notFound)
        let t = try create(store, [("A", 1)])
        #expect(domainError { try store.receiveTransfer(t.transferId, lines: []) }?.kind == .failedPrecondition)
        _ = try store.shipTransfer(t.transferId)
        #expect(domainError { try store.receiveTransfer(t.transferId, lines: [TransferLine(sku: "Z", quantity: 1)]) }?.kind
            == .failedPrecondition)
        #expect(try store.transfer(t.transferId).status == .inTransit)
    }

    @Test func openTransfersSurviveASnapshotAndTheirChangesRoundTrip() throws {
        let recorded = Locked<[StoreChange]>([])
        let store = try Fixture.store(stock: [("wh-nyc", "A", 9)])
        store.setChangeHook { changes in recorded.withLock { $0 += changes } }
        let a = try create(store, [("A", 3)], requestId: "tr-a")
        let b = try create(store, [("A", 2)])
        _ = try store.shipTransfer(b.transferId)
        _ = try store.receiveTransfer(b.transferId, lines: [TransferLine(sku: "A", quantity: 1)])
        let state = store.snapshot()
        let restored = try StoreState.decode(state.encode())
        expectSameState(state, restored)
        #expect(restored.transfer(a.transferId) == state.transfer(a.transferId))
        #expect(restored.transfer(b.transferId)?.status == .partiallyReceived)
        #expect(restored.transferRequests == state.transferRequests)
        #expect(restored.verifyInventory().consistent)
        for change in recorded.withLock({ $0 }) { #expect(try StoreChange.decode(change.encode()) == change) }
    }
}
