// Gives freed heap memory back to the kernel (glibc's malloc_trim) after a connection that had
// megabytes of queued output closes, so the server's RSS falls back instead of staying at the
// peak. Rate-limited: trimming walks every arena.
import CTransportShims
import Glibc
import Synchronization

/// Heap trimming after large connections close.
enum HeapTrim {
    private static let lastTrim = Atomic<Int64>(0)

    /// Trims the heap unless that was done in the last 100 ms.
    static func release() {
        let millis = MonotonicClock.nanoseconds() / 1_000_000
        let last = lastTrim.load(ordering: .relaxed)
        guard millis - last >= 100, lastTrim.compareExchange(expected: last, desired: millis, ordering: .relaxed).exchanged
        else { return }
        malloc_trim(0)
    }
}

/// CLOCK_MONOTONIC as plain nanoseconds (cheap to store per stream).
enum MonotonicClock {
    @inline(__always)
    static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
    }
}
