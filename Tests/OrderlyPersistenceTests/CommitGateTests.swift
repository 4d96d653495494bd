// The commit gate: `afterDurable` answers only once everything the store changed before the call
// is durable, in order; a journal failure reaches every waiter and refuses later mutations.
import Glibc
import OrderlyLocks
import Synchronization
import Testing
@testable import OrderlyDomain
@testable import OrderlyDurability
@testable import OrderlyPersistence

/// Polls `condition` for up to five seconds.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<30_000 {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}

@Suite struct CommitGateTests {
    @Test func nothingPendingAnswersAtOnceOnTheCallingThread() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let persistent = try PersistentStore.open(directory: dir.path, options: testOptions())
        defer { persistent.close() }
        let answered = Locked<[String]>([])
        persistent.gate.afterDurable { error in answered.withLock { $0.append(error.map { "\($0)" } ?? "ok") } }
        #expect(answered.withLock { $0 } == ["ok"])
    }

    @Test(arguments: [FsyncPolicy.always, .batch, .never])
    func waitersAreReleasedInOrderOnlyOnceTheirRecordsAreDurable(policy: FsyncPolicy) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let persistent = try PersistentStore.open(directory: dir.path, options: testOptions(fsync: policy))
        defer { persistent.close() }
        try seed(persistent.store)
        let gate = persistent.gate
        let log = persistent.log
        let released = Locked<[(target: UInt64, durable: UInt64, error: String?)]>([])
        let count = 60
        for i in 0..<count {
            _ = try persistent.store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 1, requestId: "a-\(i)"))
            let target = gate.lastAppendedSequence
            gate.afterDurable { error in
                let durable = log.journal.statistics.durableSequence
                released.withLock { $0.append((target, durable, error.map { "\($0)" })) }
            }
        }
        #expect(eventually { released.withLock { $0.count } == count })
        let results = released.withLock { $0 }
        #expect(results.allSatisfy { $0.error == nil })
        #expect(results.allSatisfy { $0.durable >= $0.target })
        #expect(results.map(\.target) == results.map(\.target).sorted())
        #expect(results.last?.target == gate.lastAppendedSequence)
    }

    @Test func concurrentWritersEachSeeTheirOwnMutationDurable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let persistent = try PersistentStore.open(directory: dir.path, options: testOptions())
        defer { persistent.close() }
        try seed(persistent.store)
        let store = persistent.store
        let gate = persistent.gate
        let log = persistent.log
        let failures = Locked<[String]>([])
        let answered = Atomic<Int>(0)
        let threads = 8, perThread = 25
        let workers = (0..<threads).map { t in
            TestThread {
                for i in 0..<perThread {
                    do {
                        let order = try store.createOrder(orderCommand([("A", 1)], requestId: "t\(t)-\(i)", customer: "c-\(t)"))
                        // At least this order's record (and everything before it) must be durable.
                        let target = gate.lastAppendedSequence
                        gate.afterDurable { error in
                            if let error { failures.withLock { $0.append("\(order.orderId): \(error)") } }
                            let durable = log.journal.statistics.durableSequence
                            if durable < target {
                                failures.withLock { $0.append("\(order.orderId) released at \(durable) < \(target)") }
                            }
                            answered.add(1, ordering: .relaxed)
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        for worker in workers { worker.join() }
        #expect(eventually { answered.load(ordering: .relaxed) == threads * perThread })
        #expect(failures.withLock { $0 } == [])
        #expect(log.journal.statistics.durableSequence == gate.lastAppendedSequence)
    }

    @Test func aJournalFailureReachesEveryWaiterAndRefusesLaterMutations() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let armed = Atomic<Bool>(false)
        let (log, recovered) = try Durability.open(
            directory: dir.path, options: JournalOptions(policy: .batch), truncateOnCorruption: false,
            faultInjection: { operation in armed.load(ordering: .acquiring) && operation == "fdatasync" ? EIO : nil })
        defer { log.close() }
        let gate = JournalCommitGate(log: log, durableSequence: recovered.lastSequence)
        let store = OrderStore()
        store.setChangeHook { changes in _ = try gate.record(changes) }
        try seed(store)
        let seeded = Locked<Bool>(false)
        gate.afterDurable { error in seeded.withLock { $0 = error == nil } }
        #expect(eventually { seeded.withLock { $0 } })

        let observed = Locked<[String]>([])
        gate.onFailure { failure in observed.withLock { $0.append("\(failure)") } }
        armed.store(true, ordering: .releasing)
        let errors = Locked<[String?]>([])
        for i in 0..<3 {
            _ = try? store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 1, requestId: "f-\(i)"))
            gate.afterDurable { error in errors.withLock { $0.append(error.map { "\($0)" }) } }
        }
        #expect(eventually { errors.withLock { $0.count } == 3 })
        #expect(errors.withLock { $0 }.allSatisfy { $0?.contains("fdatasync") == true })
        #expect(gate.failure != nil)
        #expect(observed.withLock { $0.count } == 1)
        #expect(observed.withLock { $0.first }?.contains("fdatasync") == true)
        // Registered after the failure: told at once.
        let late = Locked<Bool>(false)
        gate.onFailure { _ in late.withLock { $0 = true } }
        #expect(late.withLock { $0 })

        let onHand = store.availability(skus: ["A"]).first?.locations.first { $0.locationId == "wh-nyc" }?.onHand
        let refused = #expect(throws: DomainError.self) {
            try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 1, requestId: "after"))
        }
        #expect(refused?.kind == .unavailable)
        // The refused mutation changed nothing.
        #expect(store.availability(skus: ["A"]).first?.locations.first { $0.locationId == "wh-nyc" }?.onHand == onHand)
        let afterwards = Locked<String?>(nil)
        gate.afterDurable { error in afterwards.withLock { $0 = error.map { "\($0)" } } }
        #expect(afterwards.withLock { $0 }?.contains("journal failed") == true)
    }
}

/// A joinable pthread for concurrency tests.
final class TestThread: @unchecked Sendable {
    private var handle = pthread_t()
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, box)
    }

    func join() { pthread_join(handle, nil) }
}
