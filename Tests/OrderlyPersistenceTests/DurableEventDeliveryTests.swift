// Order events through the real wiring of PersistentStore (journal → commit gate → store):
// a watcher gets an event once its record is durable, and never gets the event of a write whose
// fsync failed, which was never acknowledged either.
import Glibc
import OrderlyDomain
import OrderlyLocks
@testable import OrderlyPersistence
import Synchronization
import Testing

@Suite struct DurableEventDeliveryTests {
    @Test func aWriteWhoseFsyncFailedNeverReachesAWatcher() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let failFsync = Atomic<Bool>(false)
        let persistent = try PersistentStore.open(
            directory: dir.path, options: testOptions(fsync: .always), clock: ManualClock(),
            logger: .init(label: "test"),
            faultInjection: { operation in failFsync.load(ordering: .acquiring) && operation == "fdatasync" ? EIO : nil })
        defer { persistent.close() }
        let store = persistent.store
        try seed(store)
        let watcher = try store.watchOrders()

        let durable = try store.createOrder(orderCommand([("A", 1)], requestId: "r-1", customer: "c-1"))
        let acknowledged = Locked<Bool?>(nil)
        persistent.gate.afterDurable { error in acknowledged.withLock { $0 = error == nil } }
        #expect(eventually { acknowledged.withLock { $0 } != nil })
        #expect(acknowledged.withLock { $0 } == true)
        #expect(eventually { !watcher.poll(max: 0).closed && store.retainedEventCount == 1 })
        #expect(watcher.poll().events.map(\.orderId) == [durable.orderId])

        failFsync.store(true, ordering: .releasing)
        let lost = try store.createOrder(orderCommand([("A", 1)], requestId: "r-2", customer: "c-1"))
        let failed = Locked<Bool?>(nil)
        persistent.gate.afterDurable { error in failed.withLock { $0 = error != nil } }
        #expect(eventually { failed.withLock { $0 } != nil })
        #expect(failed.withLock { $0 } == true, "the write was not acknowledged")
        // The gate has reported the failure, so every completion of that record has run: had
        // its event been released, it would be in the ring and the queue by now.
        #expect(store.retainedEventCount == 1)
        #expect(watcher.poll().events.isEmpty, "event \(lost.orderId) was never durable")
        #expect(try store.watchOrders(fromSequence: durable.history[0].sequence).poll().events.isEmpty)
    }
}
