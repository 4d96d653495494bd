// Locked: a value guarded by a pthread mutex. Used instead of Synchronization.Mutex because on
// Linux that one is built on raw futex calls ThreadSanitizer cannot see, so every access it
// guards is reported as a race and `make tsan-test` could not tell real races from noise.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that is only reached through `withLock`.
public final class Locked<Value>: @unchecked Sendable {
    // Heap-allocated so the mutex never moves; owned and freed by this object alone.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

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

    /// Runs `body` with exclusive access to the value.
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
