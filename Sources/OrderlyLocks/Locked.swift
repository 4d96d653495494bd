// Locked: a value guarded by a pthread mutex, the one lock every Orderly module uses.
// Synchronization.Mutex is not used because on Linux it is built on raw futex calls that
// ThreadSanitizer cannot see: every access it guards is then reported as a race, and
// `make tsan-test` could no longer tell real races from noise.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that is only reached through `withLock`.
///
/// Thread ownership: `value` is read and written only inside `withLock`, with `mutex` held, hence
/// `@unchecked Sendable`. The mutex is heap-allocated so it never moves; this object owns it.
public final class Locked<Value>: @unchecked Sendable {
    // Inlinable, so that callers in other modules get `withLock` specialised (the generic one
    // costs metadata and value-witness calls: ~270 instructions a call on the per-call path).
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Exclusive by the mutex: the run-time exclusivity check would only repeat that.
    @usableFromInline @exclusivity(unchecked) var value: Value

    /// Guards `value`.
    public init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value; not reentrant.
    @inlinable @inline(__always)
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
