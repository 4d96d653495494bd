// Tests for OrderlyLocks: mutual exclusion under contention, error propagation, and the
// condition variable's hand-over between a producer and a sleeping consumer.
import Glibc
import OrderlyLocks
import Testing

@Suite struct LockTests {
    @Test(arguments: [1, 4, 8])
    func lockedCountsEveryIncrementUnderContention(threads: Int) async {
        let counter = Locked(0)
        let perThread = 10_000
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    for _ in 0..<perThread {
                        // A read and a write in two steps: lost updates show if the lock leaks.
                        counter.withLock { value in
                            let seen = value
                            value = seen + 1
                        }
                    }
                }
            }
        }
        #expect(counter.withLock { $0 } == threads * perThread)
    }

    struct Refused: Error, Equatable { let code: Int }

    @Test func lockedRethrowsTypedErrorsAndReleasesTheLock() {
        let locked = Locked([Int]())
        #expect(throws: Refused(code: 7)) {
            try locked.withLock { (values: inout [Int]) throws(Refused) in
                values.append(1)
                throw Refused(code: 7)
            }
        }
        // Still usable: the throw released the mutex, and the mutation before it stayed.
        #expect(locked.withLock { $0 } == [1])
    }

    @Test func conditionLockWakesAWaiterOnBroadcast() async {
        let lock = ConditionLock()
        let queue = QueueBox()
        let consumer = Task.detached {
            lock.lock()
            defer { lock.unlock() }
            while queue.items.count < 3 { lock.wait() }
            return queue.items
        }
        for item in 1...3 {
            usleep(1_000)
            lock.withLock {
                queue.items.append(item)
                lock.broadcast()
            }
        }
        #expect(await consumer.value == [1, 2, 3])
    }

    @Test func conditionLockWithLockRethrows() {
        let lock = ConditionLock()
        #expect(throws: Refused(code: 1)) {
            try lock.withLock { () throws(Refused) in throw Refused(code: 1) }
        }
        #expect(lock.withLock { 42 } == 42, "the throw released the lock")
    }
}

/// State guarded by the test's ConditionLock (accessed only with it held).
private final class QueueBox: @unchecked Sendable {
    var items: [Int] = []
}
