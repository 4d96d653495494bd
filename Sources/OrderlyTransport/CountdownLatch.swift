// CountdownLatch: a one-way countdown that threads outside the loops can block on, with a timeout
// (server shutdown waits for loops to go idle, then for threads to stop). pthread mutex and
// condition variable on the monotonic clock.
import Glibc

/// Blocks waiters until `count` arrivals have happened.
///
/// Thread ownership: `remaining` is only touched with `mutex` held; the pthread objects live in
/// heap memory owned by this object (allocated in init, destroyed in deinit).
final class CountdownLatch: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var remaining: Int

    init(count: Int) {
        remaining = count
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        _ = pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        _ = pthread_condattr_init(&attributes)
        _ = pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        _ = pthread_cond_init(condition, &attributes)
        _ = pthread_condattr_destroy(&attributes)
    }

    deinit {
        _ = pthread_cond_destroy(condition)
        _ = pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Counts one arrival; the last one wakes every waiter.
    func arrive() {
        _ = pthread_mutex_lock(mutex)
        if remaining > 0 {
            remaining -= 1
            if remaining == 0 { _ = pthread_cond_broadcast(condition) }
        }
        _ = pthread_mutex_unlock(mutex)
    }

    /// Waits until every arrival happened, or `timeout` passed (nil waits forever). Returns
    /// whether all arrived.
    @discardableResult
    func wait(timeout: Duration? = nil) -> Bool {
        var deadline = timespec()
        if let timeout {
            let total = Syscall.monotonicNanoseconds() + timeout.saturatingNanoseconds
            deadline.tv_sec = Int(total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
        }
        _ = pthread_mutex_lock(mutex)
        defer { _ = pthread_mutex_unlock(mutex) }
        while remaining > 0 {
            if timeout == nil {
                _ = pthread_cond_wait(condition, mutex)
            } else if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT {
                return remaining == 0
            }
        }
        return true
    }
}
