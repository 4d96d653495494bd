// The stock ledger: one movement per change of a bucket with the right reason, reference, actor
// and note for every kind of mutation; paging and filters of ListStockMovements; bounded
// retention that folds old movements into a carried balance; data from before the ledger; and
// the ledger invariant under random operation sequences (orders, shipments, returns, transfers)
// checked against a simple model.
import Testing
@testable import OrderlyDomain

@Suite struct LedgerTests {
    private func movements(_ store: OrderStore, sku: String = "") throws -> [StockMovement] {
        try store.listStockMovements(MovementQuery(sku: sku, pageSize: 1000)).movements
    }

    @Test func setAdjustAndImportRecordTheirReasons() throws {
        let store = try Fixture.store()
        _ = try MutationActor.$current.withValue("warehouse") {
            try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 10))
        }
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: -3, reason: "cycle count", requestId: "adj-1"))
        _ = try store.importStock([SetStockCommand(locationId: "wh-phl", sku: "A", onHand: 4)])
        _ = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 7, safetyStock: 2))
        let m = try movements(store)
        #expect(m.map(\.sequence) == [1, 2, 3])  // the safety-stock-only change moves no bucket
        #expect(m.map(\.cause.reason) == [.setStock, .adjustment, .import])
        #expect(m.map(\.delta.onHand) == [10, -3, 4])
        #expect(m[0].cause.actor == "warehouse")
        #expect(m[1].cause.actor == "anonymous")
        #expect(m[1].cause.reference == "adj-1")
        #expect(m[1].cause.note == "cycle count")
        #expect(m[2].key == StockKey(locationId: "wh-phl", sku: "A"))
    }

    @Test func ordersShipmentsAndReturnsRecordTheirReasons() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 5)], clock: clock)
        clock.advance(seconds: 60)
        let kept = try MutationActor.$current.withValue("channel:web") {
            try store.createOrder(Fixture.order([("A", 2), ("B", 1)]))
        }
        let dropped = try store.createOrder(Fixture.order([("A", 1)]))
        _ = try store.cancelOrder(orderId: dropped.orderId)
        let shipment = try store.createShipment(CreateShipmentCommand(orderId: kept.orderId, locationId: "wh-nyc"))
        let r = try store.requestReturn(RequestReturnCommand(orderId: kept.orderId, lines: [
            ReturnLine(sku: "A", quantity: 1, reason: .noLongerNeeded), ReturnLine(sku: "B", quantity: 1, reason: .damaged),
        ]))
        _ = try store.approveReturn(returnId: r.returnId)
        _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-phl", restock: true)

        let a = try movements(store, sku: "A").dropFirst()  // after SetStock
        #expect(a.map(\.cause.reason) == [.allocated, .allocated, .released, .shipped, .restocked])
        #expect(a.map(\.cause.reference) == [kept.orderId, dropped.orderId, dropped.orderId, shipment.shipmentId, r.returnId])
        #expect(a.map(\.delta) == [
            StockBuckets(reserved: 2), StockBuckets(reserved: 1), StockBuckets(reserved: -1),
            StockBuckets(onHand: -2, reserved: -2), StockBuckets(onHand: 1),
        ])
        #expect(a.first?.cause.actor == "channel:web")
        #expect(a.first?.at == clock.now())
        let b = try movements(store, sku: "B").last
        #expect(b?.cause.reason == .restocked)
        #expect(b?.delta == StockBuckets(damaged: 1))  // returned DAMAGED: not sellable
        #expect(b?.key.locationId == "wh-phl")
        #expect(store.snapshot().level(StockKey(locationId: "wh-phl", sku: "B"))?.available == 0)
        #expect(store.verifyInventory().consistent)
    }

    @Test func failedAndRepeatedMutationsRecordNothing() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1)])
        _ = domainError { try store.createOrder(Fixture.order([("A", 2)])) }
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 1, requestId: "k"))
        _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 1, requestId: "k"))
        #expect(try movements(store).count == 2)
    }

    @Test func pagesFollowTheirTokensAndFiltersCombine() throws {
        let clock = ManualClock()
        let store = try Fixture.store(clock: clock)
        for i in 0..<5 {
            clock.advance(seconds: 10)
            _ = try store.setStock(SetStockCommand(locationId: i % 2 == 0 ? "wh-nyc" : "wh-phl", sku: "A", onHand: Int64(i + 1)))
        }
        var seen: [Int64] = []
        var token = ""
        repeat {
            let page = try store.listStockMovements(MovementQuery(pageSize: 2, pageToken: token))
            #expect(page.movements.count <= 2)
            seen += page.movements.map(\.sequence)
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen == [1, 2, 3, 4, 5])
        let nyc = try store.listStockMovements(MovementQuery(locationId: "wh-nyc")).movements
        #expect(nyc.map(\.sequence) == [1, 3, 5])
        let start = Timestamp(seconds: 1_700_000_000)
        let window = try store.listStockMovements(MovementQuery(from: start.adding(seconds: 20), to: start.adding(seconds: 40)))
        #expect(window.movements.map(\.sequence) == [2, 3])
        #expect(try store.listStockMovements(MovementQuery(sku: "none")).movements.isEmpty)
        #expect(domainError { try store.listStockMovements(MovementQuery(pageToken: "p3")) }?.kind == .invalidArgument)
        #expect(domainError { try store.listStockMovements(MovementQuery(pageSize: -1)) }?.kind == .invalidArgument)
        #expect(domainError { try store.listStockMovements(MovementQuery(from: start.adding(seconds: 5), to: start)) }?.kind
            == .invalidArgument)
    }

    @Test func oldMovementsFoldIntoTheCarriedBalanceAndTheLedgerStillAddsUp() throws {
        var state = StoreState()
        state.ledger.retention = 10
        let ctx = RuleContext(now: Timestamp(seconds: 1))
        state.apply(.locationPut(Location(locationId: "wh")))
        for i in 0..<10_000 {
            let m = try state.setStock(SetStockCommand(locationId: "wh", sku: "S\(i % 7)", onHand: Int64(i % 13)), ctx)
            for c in m.changes { state.apply(c) }
        }
        #expect(state.ledger.count < 10 + StockLedger.chunkSize)
        #expect(state.ledger.count >= 10)
        #expect(state.ledger.firstSequence > 1)
        #expect(state.verifyInventory().consistent)
        let page = try state.listStockMovements(MovementQuery(pageSize: 1))
        #expect(page.movements.first?.sequence == state.ledger.firstSequence)
        var restored = try StoreState.decode(state.encode())
        restored.ledger.retention = 10
        #expect(restored.ledger == state.ledger)
        #expect(restored.verifyInventory().consistent)
    }

    @Test func changesFromBeforeTheLedgerAreCarried() throws {
        var state = StoreState()
        state.apply(.locationPut(Location(locationId: "wh")))
        state.apply(.stockPut(StockLevel(locationId: "wh", sku: "A", onHand: 9, reserved: 2), requestId: "", ledgered: false))
        state.apply(.stockPut(StockLevel(locationId: "wh", sku: "A", onHand: 4, reserved: 2), requestId: "", ledgered: false))
        #expect(state.ledger.carried[StockKey(locationId: "wh", sku: "A")] == StockBuckets(onHand: 4, reserved: 2))
        #expect(state.ledgerProblems().isEmpty)
        #expect(state.ledger.count == 0)
    }
}

/// A small deterministic generator (SplitMix64) so a failing sequence can be replayed by seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct LedgerPropertyTests {
    /// The model: figures per level, changed only from what each successful call reports.
    struct Model {
        var figures: [StockKey: StockBuckets] = [:]
        mutating func change(_ key: StockKey, _ f: (inout StockBuckets) -> Void) { f(&figures[key, default: StockBuckets()]) }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func ledgerSumsEqualTheFiguresAfterRandomOperations(seed: UInt64) throws {
        var rng = SeededRandom(state: seed)
        var state = StoreState()
        state.ledger.retention = 50  // small, so folding happens too
        var model = Model()
        var recorded: [StoreChange] = []
        var clock = Timestamp(seconds: 1_700_000_000)
        func run<R>(_ body: (StoreState, RuleContext) throws(DomainError) -> Mutation<R>) -> R? {
            clock = clock.adding(seconds: 1)
            guard let m = try? body(state, RuleContext(now: clock)) else { return nil }
            for c in m.changes { state.apply(c) }
            recorded += m.changes
            return m.result
        }
        for l in Fixture.locations { _ = run { s, ctx throws(DomainError) in try s.upsertLocation(l, ctx) } }
        let locations = Fixture.locations.map(\.locationId)
        let skus = ["A", "B", "C"]
        var openOrders: [String] = []
        var shippedOrders: [String] = []
        var requestedTransfers: [String] = []
        var shippedTransfers: [String] = []
        var activeReservations: [String] = []
        func released(_ r: Reservation) {
            for a in r.allocations { model.change(StockKey(locationId: a.locationId, sku: a.sku)) { $0.reserved -= Int64(a.quantity) } }
        }
        for _ in 0..<400 {
            let loc = locations.randomElement(using: &rng)!
            let sku = skus.randomElement(using: &rng)!
            let key = StockKey(locationId: loc, sku: sku)
            switch Int.random(in: 0..<13, using: &rng) {
            case 0:
                let n = Int64.random(in: 0...20, using: &rng)
                if run({ s, ctx throws(DomainError) in try s.setStock(SetStockCommand(locationId: loc, sku: sku, onHand: n), ctx) }) != nil {
                    model.change(key) { $0.onHand = n }
                }
            case 1:
                let d = Int64.random(in: -5...10, using: &rng)
                if run({ s, ctx throws(DomainError) in try s.adjustStock(AdjustStockCommand(locationId: loc, sku: sku, delta: d), ctx) }) != nil {
                    model.change(key) { $0.onHand += d }
                }
            case 2, 3:
                let q = Int32.random(in: 1...4, using: &rng)
                if let order = run({ s, ctx throws(DomainError) in try s.createOrder(Fixture.order([(sku, q)]), ctx) }) {
                    for a in order.allocations {
                        model.change(StockKey(locationId: a.locationId, sku: a.sku)) { $0.reserved += Int64(a.quantity) }
                    }
                    openOrders.append(order.orderId)
                }
            case 4:
                guard let id = openOrders.popLast(), let order = state.order(id) else { continue }
                if run({ s, ctx throws(DomainError) in try s.cancelOrder(orderId: id, reason: "", expectedVersion: 0, ctx) }) != nil {
                    for a in order.allocations {
                        model.change(StockKey(locationId: a.locationId, sku: a.sku)) { $0.reserved -= Int64(a.open) }
                    }
                }
            case 5:
                guard let id = openOrders.popLast(), let order = state.order(id) else { continue }
                for location in Set(order.allocations.map(\.locationId)).sorted() {
                    let c = CreateShipmentCommand(orderId: id, locationId: location)
                    if run({ s, ctx throws(DomainError) in try s.createShipment(c, ctx) }) != nil {
                        for a in order.allocations where a.locationId == location {
                            model.change(StockKey(locationId: location, sku: a.sku)) {
                                $0.onHand -= Int64(a.open)
                                $0.reserved -= Int64(a.open)
                            }
                        }
                    }
                }
                shippedOrders.append(id)
            case 7:
                let to = locations.filter { $0 != loc }.randomElement(using: &rng)!
                let q = Int32.random(in: 1...3, using: &rng)
                let c = CreateTransferCommand(fromLocationId: loc, toLocationId: to, lines: [TransferLine(sku: sku, quantity: q)])
                if let t = run({ s, ctx throws(DomainError) in try s.createTransfer(c, ctx) }) {
                    model.change(key) { $0.reserved += Int64(q) }
                    requestedTransfers.append(t.transferId)
                }
            case 8:
                guard let id = requestedTransfers.popLast(), let t = state.transfer(id), let line = t.lines.first else { continue }
                if Bool.random(using: &rng) {
                    guard run({ s, ctx throws(DomainError) in try s.cancelTransfer(id, ctx) }) != nil else { continue }
                    model.change(StockKey(locationId: t.fromLocationId, sku: line.sku)) { $0.reserved -= Int64(line.quantity) }
                } else {
                    guard run({ s, ctx throws(DomainError) in try s.shipTransfer(id, ctx) }) != nil else { continue }
                    model.change(StockKey(locationId: t.fromLocationId, sku: line.sku)) {
                        $0.onHand -= Int64(line.quantity)
                        $0.reserved -= Int64(line.quantity)
                    }
                    model.change(StockKey(locationId: t.toLocationId, sku: line.sku)) { $0.incoming += Int64(line.quantity) }
                    shippedTransfers.append(id)
                }
            case 9:
                guard let id = shippedTransfers.last, let t = state.transfer(id), let line = t.lines.first else { continue }
                let q = min(line.quantity - line.quantityReceived, Int32.random(in: 1...2, using: &rng))
                let receipt = [TransferLine(sku: line.sku, quantity: q)]
                guard run({ s, ctx throws(DomainError) in try s.receiveTransfer(id, lines: receipt, ctx) }) != nil else { continue }
                model.change(StockKey(locationId: t.toLocationId, sku: line.sku)) {
                    $0.onHand += Int64(q)
                    $0.incoming -= Int64(q)
                }
                if state.transfer(id)?.status == .received { shippedTransfers.removeLast() }
            case 10:
                let q = Int32.random(in: 1...4, using: &rng)
                let c = ReserveStockCommand(lines: [OrderLineInput(sku: sku, quantity: q, unitPriceMinor: 100)],
                                            shippingAddress: Place.customer, ttlSeconds: Int32.random(in: 1...6, using: &rng))
                if let r = run({ s, ctx throws(DomainError) in try s.reserveStock(c, ctx) }) {
                    for a in r.allocations { model.change(StockKey(locationId: a.locationId, sku: a.sku)) { $0.reserved += Int64(a.quantity) } }
                    activeReservations.append(r.reservationId)
                }
            case 11, 12:
                // Expiry first (the clock moves a second per operation), then release or convert one.
                for r in run({ s, ctx in s.expireReservations(ctx) }) ?? [] { released(r) }
                guard let id = activeReservations.popLast(), let r = state.reservation(id), r.status == .active else { continue }
                if Bool.random(using: &rng) {
                    if let ended = run({ s, ctx throws(DomainError) in try s.releaseReservation(id, ctx) }) { released(ended) }
                } else {
                    var c = Fixture.order(r.lines.map { ($0.sku, $0.quantity) })
                    c.reservationId = id
                    if let order = run({ s, ctx throws(DomainError) in try s.createOrder(c, ctx) }) { openOrders.append(order.orderId) }
                }
            default:
                guard let id = shippedOrders.popLast(), let order = state.order(id), let line = order.lines.first else { continue }
                let damaged = Bool.random(using: &rng)
                let lines = [ReturnLine(sku: line.sku, quantity: line.quantity, reason: damaged ? .damaged : .other)]
                guard let r = run({ s, ctx throws(DomainError) in try s.requestReturn(RequestReturnCommand(orderId: id, lines: lines), ctx) }),
                    run({ s, ctx throws(DomainError) in try s.approveReturn(returnId: r.returnId, ctx) }) != nil,
                    run({ s, ctx throws(DomainError) in try s.receiveReturn(returnId: r.returnId, locationId: loc, restock: true, ctx) }) != nil
                else { continue }
                model.change(StockKey(locationId: loc, sku: line.sku)) {
                    if damaged { $0.damaged += Int64(line.quantity) } else { $0.onHand += Int64(line.quantity) }
                }
            }
        }
        // The store agrees with the model, and the ledger with both.
        for level in state.stock.values {
            #expect(StockBuckets(level) == model.figures[level.key] ?? StockBuckets(), "\(level.key)")
        }
        for (key, figures) in model.figures where !figures.isZero { #expect(state.level(key) != nil, "\(key)") }
        #expect(state.verifyInventory().consistent, "\(state.verifyInventory().problems)")
        #expect(state.ledgerProblems().isEmpty)
        // Sequences are gapless, and no movement is empty.
        let retained = Array(state.ledger.movements(from: 0))
        #expect(retained.map(\.sequence) == Array(state.ledger.firstSequence..<state.ledger.nextSequence))
        #expect(retained.allSatisfy { !$0.delta.isZero })
        // Replaying the journal and decoding a snapshot rebuild the same ledger.
        var replayed = StoreState()
        replayed.ledger.retention = 50
        for c in try StoreChange.decodeBatch(StoreChange.encode(recorded)) { replayed.apply(c) }
        #expect(replayed.ledger == state.ledger)
        var restored = try StoreState.decode(state.encode())
        restored.ledger.retention = 50
        #expect(restored.ledger == state.ledger)
    }
}
