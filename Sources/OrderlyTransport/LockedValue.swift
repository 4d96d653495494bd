// LockedValue: a value behind a pthread mutex. Used instead of Synchronization.Mutex because
// that one is futex-based on Linux and invisible to ThreadSanitizer, which then reports races
// that are not there and could hide ones that are.
import Glibc

/// A value only reachable with its lock held.
///
/// Thread ownership: `value` is read and written only inside `withLock`, with `mutex` held; the
/// mutex lives in heap memory owned by this object. Hence `@unchecked Sendable`.
final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        _ = pthread_mutex_init(mutex, nil)
    }

    deinit {
        _ = pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        _ = pthread_mutex_lock(mutex)
        defer { _ = pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
