// Cart reservations: reserve, extend, release, expiry driven by a manual clock, conversion into
// an order; the refusals; idempotency with fingerprints; channel ownership; the ledger and
// VerifyInventory after every path; snapshot and change round trips; and the races (32 threads
// reserving the last units, expiry against conversion).
import Testing
@testable import OrderlyDomain

@Suite struct ReservationTests {
    private func figures(_ store: OrderStore, _ location: String, _ sku: String) -> StockBuckets? {
        store.snapshot().level(StockKey(locationId: location, sku: sku)).map(StockBuckets.init)
    }

    private func cart(_ lines: [(String, Int32)], ttl: Int32 = 0, requestId: String = "", price: Int64 = 1000) -> ReserveStockCommand {
        ReserveStockCommand(
            requestId: requestId, lines: lines.map { OrderLineInput(sku: $0.0, quantity: $0.1, unitPriceMinor: price) },
            shippingAddress: Place.customer, ttlSeconds: ttl)
    }

    /// Every movement of `reference`, as (reason, reserved delta).
    private func moves(_ store: OrderStore, _ reference: String) throws -> [(MovementReason, Int64)] {
        try store.listStockMovements(MovementQuery()).movements.filter { $0.cause.reference == reference }
            .map { ($0.cause.reason, $0.delta.reserved) }
    }

    @Test func reserveExtendAndReleaseMoveTheReservedBucket() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "A", 5)], clock: clock)
        let start = clock.now()
        let r = try store.reserveStock(cart([("A", 3)]))
        #expect(r.reservationId == "r-000001")
        #expect(r.status == .active)
        #expect(r.expiresAt == start.adding(seconds: 900))  // the default TTL
        #expect(r.allocations == [Allocation(locationId: "wh-nyc", sku: "A", quantity: 3)])  // nearest that fills it
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 5, reserved: 3))
        #expect(store.availability(skus: ["A"]).first?.available == 7)
        #expect(try moves(store, r.reservationId).map(\.0) == [.reserved])
        #expect(store.verifyInventory().consistent)

        clock.advance(seconds: 600)
        let extended = try store.extendReservation(r.reservationId, ttlSeconds: 120)
        #expect(extended.expiresAt == clock.now().adding(seconds: 120))
        #expect(store.snapshot().nextReservationExpiry == extended.expiresAt)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 5, reserved: 3))

        let released = try store.releaseReservation(r.reservationId)
        #expect(released.status == .released)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 5))
        #expect(try store.releaseReservation(r.reservationId) == released)  // repeat: unchanged
        #expect(try moves(store, r.reservationId).map(\.0) == [.reserved, .reservationEnded])
        #expect(try moves(store, r.reservationId).map(\.1) == [3, -3])
        #expect(store.snapshot().nextReservationExpiry == nil)
        #expect(domainError { try store.extendReservation(r.reservationId, ttlSeconds: 60) }?.kind == .failedPrecondition)
        #expect(store.verifyInventory().consistent)
    }

    @Test func expiryReleasesTheStockOnlyOnceTheClockPassesIt() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 4)], clock: clock)
        let short = try store.reserveStock(cart([("A", 1)], ttl: 60))
        let long = try store.reserveStock(cart([("A", 2)], ttl: 300))
        #expect(store.nextReservationExpiry == short.expiresAt)
        clock.advance(seconds: 59)
        #expect(try store.expireReservations() == 0)
        #expect(figures(store, "wh-nyc", "A")?.reserved == 3)
        clock.advance(seconds: 1)
        #expect(try store.expireReservations() == 1)
        #expect(try store.reservation(short.reservationId).status == .expired)
        #expect(figures(store, "wh-nyc", "A")?.reserved == 2)
        #expect(store.nextReservationExpiry == long.expiresAt)
        let ended = try store.listStockMovements(MovementQuery()).movements.last
        #expect(ended?.cause.reason == .reservationEnded)
        #expect(ended?.cause.reference == short.reservationId)
        #expect(ended?.cause.actor == "system")
        #expect(domainError { try store.releaseReservation(short.reservationId) }?.kind == .failedPrecondition)
        clock.advance(seconds: 10_000)
        #expect(try store.expireReservations() == 1)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 4))
        #expect(store.nextReservationExpiry == nil)
        #expect(store.verifyInventory().consistent)
    }

    @Test func manyExpiriesAtOnceShareLevelsAndAreBatched() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5000)], clock: clock)
        for i in 0..<2500 { _ = try store.reserveStock(cart([("A", 2)], ttl: Int32(1 + i % 50))) }
        #expect(figures(store, "wh-nyc", "A")?.reserved == 5000)
        let records = Locked(0)
        store.setChangeHook { _ in records.withLock { $0 += 1 } }
        clock.advance(seconds: 25)
        let early = try store.expireReservations()
        #expect(early == 2500 / 50 * 25)
        #expect(records.withLock { $0 } == 2)  // batches of at most 1000, none wasted on ended entries
        #expect(figures(store, "wh-nyc", "A")?.reserved == Int64(2 * (2500 - early)))
        clock.advance(seconds: 100)
        #expect(try store.expireReservations() == 2500 - early)
        #expect(figures(store, "wh-nyc", "A") == StockBuckets(onHand: 5000))
        #expect(store.verifyInventory().consistent)
    }

    @Test func anOrderConvertsAReservationTakingExactlyItsAllocations() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 2), ("wh-phl", "A", 5), ("wh-nyc", "B", 1)], clock: clock)
        let r = try store.reserveStock(cart([("A", 4), ("B", 1)]))
        let held = Set(r.allocations)
        _ = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 50))  // routing would now differ
        var command = Fixture.order([("B", 1), ("A", 4)], price: 1500, requestId: "o-req")
        command.reservationId = r.reservationId
        let before = store.availability(skus: ["A", "B"]).map(\.reserved)
        let order = try store.createOrder(command)
        #expect(Set(order.allocations) == held)
        #expect(order.history.first?.message.contains(r.reservationId) == true)
        #expect(store.availability(skus: ["A", "B"]).map(\.reserved) == before)  // handed over, not counted twice
        let converted = try store.reservation(r.reservationId)
        #expect(converted.status == .converted)
        #expect(converted.orderId == order.orderId)
        let n = r.allocations.count
        #expect(n == 3)  // a split: wh-nyc gives A×2 and B×1, wh-phl A×2
        #expect(try moves(store, r.reservationId).map(\.0)
            == Array(repeating: .reserved, count: n) + Array(repeating: .reservationEnded, count: n))
        #expect(try moves(store, order.orderId).map(\.0) == Array(repeating: .allocated, count: n))
        #expect(try moves(store, order.orderId).map(\.1).reduce(0, +) == 5)
        #expect(store.verifyInventory().consistent)
        #expect(try store.createOrder(command) == order)  // an identical retry answers the order
        var again = Fixture.order([("B", 1), ("A", 4)])
        again.reservationId = r.reservationId
        #expect(domainError { try store.createOrder(again) }?.kind == .failedPrecondition)
        clock.advance(seconds: 10_000)
        #expect(try store.expireReservations() == 0)  // converted: expiry leaves it alone
        _ = try store.cancelOrder(orderId: order.orderId)
        #expect(store.availability(skus: ["A", "B"]).map(\.reserved) == [0, 0])
        #expect(store.verifyInventory().consistent)
    }

    @Test func conversionIsRefusedForMismatchedLinesExpiredOrReleasedReservations() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 9)], clock: clock)
        let r = try store.reserveStock(cart([("A", 3)], ttl: 60))
        for lines in [[("A", 2)], [("A", 3), ("B", 1)]] as [[(String, Int32)]] {
            var c = Fixture.order(lines)
            c.reservationId = r.reservationId
            let before = store.snapshot()
            let error = domainError { try store.createOrder(c) }
            #expect(error?.kind == .failedPrecondition)
            #expect(error?.message.contains("lines do not match") == true)
            expectSameState(before, store.snapshot())
        }
        var c = Fixture.order([("A", 3)])
        c.reservationId = "r-999999"
        #expect(domainError { try store.createOrder(c) }?.kind == .notFound)
        c.reservationId = r.reservationId
        clock.advance(seconds: 60)  // expired by the clock, not yet swept: still refused
        #expect(domainError { try store.createOrder(c) }?.message.contains("expired") == true)
        try store.expireReservations()
        #expect(domainError { try store.createOrder(c) }?.message.contains("EXPIRED") == true)
        let other = try store.reserveStock(cart([("A", 1)]))
        _ = try store.releaseReservation(other.reservationId)
        var d = Fixture.order([("A", 1)])
        d.reservationId = other.reservationId
        #expect(domainError { try store.createOrder(d) }?.message.contains("RELEASED") == true)
        #expect(store.snapshot().orderCount == 0)
        #expect(store.verifyInventory().consistent)
    }

    struct BadCart: Sendable, CustomTestStringConvertible {
        var ttl: Int32 = 60
        var lines: [(String, Int32)] = [("A", 1)]
        var channel = ""
        var kind: DomainError.Kind
        var names: String
        var testDescription: String { "\(kind) naming \(names)" }
    }

    @Test(arguments: [
        BadCart(ttl: -1, kind: .invalidArgument, names: "ttl_seconds"),
        BadCart(ttl: 86_401, kind: .invalidArgument, names: "ttl_seconds"),
        BadCart(lines: [], kind: .invalidArgument, names: "lines"),
        BadCart(lines: [("A", 0)], kind: .invalidArgument, names: "lines[0].quantity"),
        BadCart(lines: [("A", 1), ("A", 1)], kind: .invalidArgument, names: "lines[1].sku"),
        BadCart(channel: "ch-web", kind: .notFound, names: "channel ch-web"),
        BadCart(lines: [("A", 11)], kind: .failedPrecondition, names: "sku A"),
        BadCart(lines: [("Z", 1)], kind: .failedPrecondition, names: "sku Z"),
    ])
    func badReservationsAreRefusedAndChangeNothing(_ bad: BadCart) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "A", 5)])
        let before = store.snapshot()
        var c = cart(bad.lines, ttl: bad.ttl)
        c.channelId = bad.channel
        let error = domainError { try store.reserveStock(c) }
        #expect(error?.kind == bad.kind)
        #expect(error?.message.contains(bad.names) == true, "\(error?.message ?? "")")
        expectSameState(before, store.snapshot())
    }

    @Test func ttlBoundsAndMissingAddressOrIds() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)], clock: clock)
        #expect(try store.reserveStock(cart([("A", 1)], ttl: 86_400)).expiresAt == clock.now().adding(seconds: 86_400))
        #expect(try store.reserveStock(cart([("A", 1)], ttl: 1)).expiresAt == clock.now().adding(seconds: 1))
        let longKey = cart([("A", 1)], requestId: String(repeating: "k", count: 129))
        #expect(domainError { try store.reserveStock(longKey) }?.message.contains("request_id") == true)
        var noAddress = cart([("A", 1)])
        noAddress.shippingAddress = nil
        #expect(domainError { try store.reserveStock(noAddress) }?.message.contains("shipping_address") == true)
        #expect(domainError { try store.extendReservation("r-000001", ttlSeconds: 86_401) }?.message.contains("ttl_seconds") == true)
        #expect(domainError { try store.extendReservation("r-000001", ttlSeconds: -1) }?.message.contains("ttl_seconds") == true)
        #expect(try store.extendReservation("r-000001", ttlSeconds: 0).expiresAt == clock.now().adding(seconds: 900))  // 0 = the default
        #expect(domainError { try store.extendReservation("", ttlSeconds: 1) }?.message.contains("reservation_id") == true)
        #expect(domainError { try store.releaseReservation("r-000404") }?.kind == .notFound)
        #expect(domainError { try store.reservation("r-000404") }?.kind == .notFound)
        let pickup = ReserveStockCommand(lines: [OrderLineInput(sku: "A", quantity: 1, unitPriceMinor: 1)],
                                         shippingAddress: nil, shippingMethod: .unspecified, pickupLocationId: "wh-nyc")
        #expect(domainError { try store.reserveStock(pickup) }?.kind == .failedPrecondition)  // not a pickup store
    }

    @Test func aRepeatedKeyAnswersTheFirstReservationAndAnotherPayloadIsRefused() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let first = try store.reserveStock(cart([("A", 2)], requestId: "cart-1"))
        #expect(try store.reserveStock(cart([("A", 2)], requestId: "cart-1")) == first)
        #expect(figures(store, "wh-nyc", "A")?.reserved == 2)
        let error = domainError { try store.reserveStock(cart([("A", 3)], requestId: "cart-1")) }
        #expect(error?.kind == .alreadyExists)
        #expect(error?.message.contains("request_id cart-1") == true)
        #expect(domainError { try store.reserveStock(cart([("A", 2)], ttl: 60, requestId: "cart-1")) }?.kind == .alreadyExists)
        let released = try store.releaseReservation(first.reservationId)
        #expect(try store.reserveStock(cart([("A", 2)], requestId: "cart-1")) == released)  // no new hold
        #expect(figures(store, "wh-nyc", "A")?.reserved == 0)
    }

    @Test func aChannelSeesOnlyItsOwnReservations() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let r = try MutationActor.$current.withValue("channel:web") { try store.reserveStock(cart([("A", 1)])) }
        #expect(r.owner == "channel:web")
        MutationActor.$current.withValue("channel:pos") {
            #expect(domainError { try store.reservation(r.reservationId) }?.kind == .notFound)
            #expect(domainError { try store.releaseReservation(r.reservationId) }?.kind == .notFound)
            var c = Fixture.order([("A", 1)], channel: .pos)
            c.reservationId = r.reservationId
            #expect(domainError { try store.createOrder(c) }?.kind == .notFound)
        }
        #expect(try MutationActor.$current.withValue("channel:web") { try store.reservation(r.reservationId) } == r)
        #expect(try MutationActor.$current.withValue("viewer") { try store.reservation(r.reservationId) } == r)
        #expect(figures(store, "wh-nyc", "A")?.reserved == 1)
    }

    @Test func reservationsSurviveASnapshotAndTheirChangesRoundTrip() throws {
        let recorded = Locked<[StoreChange]>([])
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 20), ("wh-phl", "B", 5)], clock: clock)
        store.setChangeHook { changes in recorded.withLock { $0 += changes } }
        let active = try store.reserveStock(cart([("A", 2), ("B", 1)], ttl: 500, requestId: "cart-a"))
        let released = try store.reserveStock(cart([("A", 1)]))
        _ = try store.releaseReservation(released.reservationId)
        let expiring = try store.reserveStock(cart([("A", 3)], ttl: 10))
        let converted = try store.reserveStock(cart([("A", 1)]))
        var c = Fixture.order([("A", 1)])
        c.reservationId = converted.reservationId
        _ = try store.createOrder(c)
        _ = try store.extendReservation(active.reservationId, ttlSeconds: 800)
        clock.advance(seconds: 11)
        try store.expireReservations()
        #expect(try store.reservation(expiring.reservationId).status == .expired)
        let state = store.snapshot()
        let restored = try StoreState.decode(state.encode())
        expectSameState(state, restored)
        #expect(restored.reservation(active.reservationId)?.status == .active)
        #expect(restored.reservationRequests["cart-a"] == 0)
        #expect(restored.nextReservationExpiry == clock.now().adding(seconds: 789))
        #expect(restored.verifyInventory().consistent)
        for change in recorded.withLock({ $0 }) { #expect(try StoreChange.decode(change.encode()) == change) }
        // Replaying the recorded changes rebuilds the same state (expiry included).
        let replayed = try Fixture.store(stock: [("wh-nyc", "A", 20), ("wh-phl", "B", 5)], clock: ManualClock())
        replayed.replay(recorded.withLock { $0 })
        expectSameState(state, replayed.snapshot())
    }

    @Test func thirtyTwoThreadsReservingTheLastUnitsGetExactlyTheStock() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "LAST", 7), ("wh-phl", "LAST", 5)])
        let outcomes = Locked<[String]>([])
        runOnThreads(32) { _ in
            do {
                let r = try store.reserveStock(ReserveStockCommand(
                    lines: [OrderLineInput(sku: "LAST", quantity: 1, unitPriceMinor: 100)], shippingAddress: Place.customer))
                outcomes.withLock { $0.append(r.reservationId) }
            } catch let error as DomainError {
                outcomes.withLock { $0.append("\(error.kind)") }
            } catch {
                outcomes.withLock { $0.append("unexpected \(error)") }
            }
        }
        let all = outcomes.withLock { $0 }
        #expect(all.count == 32)
        #expect(all.filter { $0.hasPrefix("r-") }.count == 12)
        #expect(all.filter { $0 == "failedPrecondition" }.count == 20)
        #expect(store.availability(skus: ["LAST"]).first?.reserved == 12)
        #expect(store.availability(skus: ["LAST"]).first?.available == 0)
        #expect(store.verifyInventory().consistent)
    }

    @Test func expiryRacingConversionHasExactlyOneWinner() throws {
        let clock = ManualClock()
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1000)], clock: clock)
        var converted = 0
        var expired = 0
        for round in 0..<100 {
            let r = try store.reserveStock(cart([("A", 2)], ttl: 5))
            let orderResult = Locked<Result<Order, DomainError>?>(nil)
            runOnThreads(2) { t in
                if t == 0 {
                    clock.advance(seconds: 5)
                    _ = try? store.expireReservations()
                } else {
                    var c = Fixture.order([("A", 2)], requestId: "race-\(round)")
                    c.reservationId = r.reservationId
                    let result = Result { () throws(DomainError) -> Order in try store.createOrder(c) }
                    orderResult.withLock { $0 = result }
                }
            }
            let status = try store.reservation(r.reservationId).status
            switch orderResult.withLock({ $0 }) {
            case .success(let order)?:
                #expect(status == .converted)
                #expect(order.allocations.map(\.quantity) == [2])
                converted += 1
            case .failure(let error)?:
                #expect(error.kind == .failedPrecondition)
                #expect(status == .expired)
                expired += 1
            case nil:
                Issue.record("the conversion thread did not finish")
            }
        }
        #expect(converted + expired == 100)
        let orders = store.snapshot().orders.filter { $0.status != .cancelled }
        #expect(orders.count == converted)
        #expect(store.availability(skus: ["A"]).first?.reserved == Int64(2 * converted))
        #expect(store.verifyInventory().consistent)
    }
}
