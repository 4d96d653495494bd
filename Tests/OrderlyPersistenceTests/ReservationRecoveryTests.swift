// Cart reservations through PersistentStore: they survive a restart (journal only or snapshot),
// one whose time passed while the store was closed is expired at start-up and that expiry is
// itself journaled, a converted one stays converted, and the expiry timer releases stock on its
// own (waited for on the inventory feed, not with a sleep).
import Testing
@testable import OrderlyDomain
@testable import OrderlyPersistence

@Suite struct ReservationRecoveryTests {
    private func cart(_ sku: String, _ quantity: Int32, ttl: Int32, requestId: String = "") -> ReserveStockCommand {
        ReserveStockCommand(
            requestId: requestId, lines: [OrderLineInput(sku: sku, quantity: quantity, unitPriceMinor: 1250)],
            shippingAddress: Address(city: "New York", country: "US", latitude: 40.7306, longitude: -73.9866),
            ttlSeconds: ttl)
    }

    private func reserved(_ store: OrderStore, _ sku: String) -> Int64 {
        store.availability(skus: [sku]).first?.reserved ?? -1
    }

    @Test(arguments: [false, true])
    func reservationsSurviveARestartAndExpireWhileDown(snapshotOnClose: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let first = try PersistentStore.open(directory: dir.path, options: testOptions(snapshotOnClose: snapshotOnClose), clock: clock)
        try seed(first.store)
        let short = try first.store.reserveStock(cart("A", 2, ttl: 100))
        let long = try first.store.reserveStock(cart("A", 3, ttl: 1000, requestId: "cart-1"))
        let converting = try first.store.reserveStock(cart("B", 1, ttl: 1000))
        var command = orderCommand([("B", 1)], requestId: "o-1", customer: "c-1")
        command.reservationId = converting.reservationId
        let order = try first.store.createOrder(command)
        #expect(reserved(first.store, "A") == 5)
        let before = first.store.snapshot()
        first.close()

        // Unchanged clock: everything comes back as it was.
        let second = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        expectSameState(second.store.snapshot(), before)
        #expect(try second.store.reservation(converting.reservationId).orderId == order.orderId)
        second.close()

        // 500 s later: `short` ran out while the store was closed.
        clock.advance(seconds: 500)
        let third = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        #expect(try third.store.reservation(short.reservationId).status == .expired)
        #expect(try third.store.reservation(long.reservationId).status == .active)
        #expect(reserved(third.store, "A") == 3)
        #expect(try third.store.reserveStock(cart("A", 3, ttl: 1000, requestId: "cart-1")) == long)
        #expect(third.store.verifyInventory().consistent)
        let afterExpiry = third.store.snapshot()
        let appended = third.gate.lastAppendedSequence
        third.close()

        // The start-up expiry was journaled: a replay finds it without expiring anything again.
        let fourth = try PersistentStore.open(directory: dir.path, options: testOptions(), clock: clock)
        defer { fourth.close() }
        expectSameState(fourth.store.snapshot(), afterExpiry)
        #expect(fourth.gate.lastAppendedSequence == appended)
        clock.advance(seconds: 1000)
        #expect(fourth.expireOverdueReservations() == 1)
        #expect(reserved(fourth.store, "A") == 0)
        #expect(reserved(fourth.store, "B") == 1)  // the converted order's
        #expect(fourth.store.verifyInventory().consistent)
    }

    @Test(.timeLimit(.minutes(1)))
    func theExpiryTimerReleasesStockOnItsOwn() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        var options = testOptions()
        options.reservationExpiryCheckInterval = .milliseconds(10)
        let persistent = try PersistentStore.open(directory: dir.path, options: options, clock: clock)
        defer { persistent.close() }
        try seed(persistent.store)
        let r = try persistent.store.reserveStock(cart("A", 4, ttl: 60))
        let held = try #require(r.allocations.first)
        let key = StockKey(locationId: held.locationId, sku: held.sku)
        let reservedVersion = try #require(persistent.store.snapshot().level(key)).version
        let (wakeups, wake) = AsyncStream<Void>.makeStream()
        let feed = persistent.store.watchInventory(skus: ["A"], onReady: { wake.yield() })
        defer { feed.cancel() }
        clock.advance(seconds: 60)  // nobody calls expireReservations: the timer must
        var released = false
        for await _ in wakeups {
            // Earlier writes may still reach the feed once durable: wait for the level's next version.
            if feed.poll().events.contains(where: { $0.key == key && $0.version > reservedVersion && $0.reserved == 0 }) {
                released = true
                break
            }
        }
        #expect(released)
        #expect(try persistent.store.reservation(r.reservationId).status == .expired)
        #expect(persistent.store.verifyInventory().consistent)
    }
}
