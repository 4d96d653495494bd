// ConditionLock: a pthread mutex with one condition variable, for queues whose consumers sleep
// until work arrives (the journal's writer thread). Guarded state lives with the caller, who
// takes the lock around every access to it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex and a condition variable that waits on it.
///
/// The pthread objects are heap-allocated so they never move; this class owns and frees them.
/// Safe to share between threads (that is its job), hence `@unchecked Sendable`.
public final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A fresh, unlocked lock.
    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deinitialize(count: 1)
        condition.deallocate()
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Takes the lock; pair with `unlock()` on the same thread.
    public func lock() { pthread_mutex_lock(mutex) }

    /// Releases the lock taken by `lock()`.
    public func unlock() { pthread_mutex_unlock(mutex) }

    /// Sleeps until a broadcast; the caller must hold the lock and re-check its condition after
    /// (wake-ups can be spurious).
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes every waiter; call with the lock held so no wake-up is lost.
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// Runs `body` with the lock held.
    @inline(__always)
    public func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
