// PollingThread: one bare pthread (no Foundation), by default at a lower CPU priority, that runs a
// closure every `interval` until stopped; it drives the snapshot triggers and the reservation
// expiry timer. `stop()` waits for the current
// round to finish.
#if canImport(Glibc)
import Glibc
#endif
import OrderlyLocks
import Synchronization

/// A background thread calling `tick` periodically until ``stop()``.
final class PollingThread: Sendable {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopping = Flag()
    private let handle: Locked<pthread_t?>

    /// Starts the thread; nil if the system refuses to create one. `niceness` is the thread's nice
    /// value: 10 for work done outside the store lock (snapshots), 0 for work that takes the store
    /// lock (expiry), which must not be starved while writers wait on that lock.
    init?(interval: Duration, niceness: Int32 = 10, tick: @escaping @Sendable () -> Void) {
        handle = Locked(nil)
        let microseconds = max(1000, interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
        let body: () -> Void = { [stopping] in
            // Snapshots are CPU-heavy and never urgent: on Linux a thread has its own nice value,
            // so this one (who = 0: the calling thread) yields the cores to the event loops.
            if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            while !stopping.raised.load(ordering: .acquiring) {
                // Sleep in short slices so that stop() never waits a whole long interval.
                var slept: Int64 = 0
                while slept < microseconds && !stopping.raised.load(ordering: .acquiring) {
                    let slice = min(microseconds - slept, 20_000)
                    usleep(useconds_t(clamping: slice))
                    slept += slice
                }
                if stopping.raised.load(ordering: .acquiring) { break }
                tick()
            }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        handle.withLock { $0 = thread }
    }

    /// Asks the thread to finish and waits for it. Safe to call twice.
    func stop() {
        stopping.raised.store(true, ordering: .releasing)
        let thread = handle.withLock { handle in
            defer { handle = nil }
            return handle
        }
        if let thread { pthread_join(thread, nil) }
    }
}
