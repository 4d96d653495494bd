// SIGUSR1 asks for a snapshot: blocked in every thread from the start (like SIGINT/SIGTERM) and
// received by one thread with sigwait, which hands the request to the store's snapshot thread.
import Glibc
import Logging
import OrderlyPersistence

/// On-demand snapshots by signal.
enum SnapshotSignal {
    /// Blocks SIGUSR1 in the calling thread and every thread it creates afterwards; call it in
    /// `main` before any thread exists.
    static func block() {
        var set = signalSet()
        _ = pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Starts the thread that turns each SIGUSR1 into a snapshot request for `store`.
    static func listen(for store: PersistentStore, logger: Logger) {
        let box = Unmanaged.passRetained(Listener(store: store, logger: logger)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Listener>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, box)
        if started == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Listener>.fromOpaque(box).release()
            logger.error("could not start the SIGUSR1 thread; snapshots still run on their timer and at shutdown")
        }
    }

    private final class Listener {
        let store: PersistentStore
        let logger: Logger

        init(store: PersistentStore, logger: Logger) {
            self.store = store
            self.logger = logger
        }

        func run() {
            var set = SnapshotSignal.signalSet()
            var received: Int32 = 0
            while true {
                guard sigwait(&set, &received) == 0 else { continue }
                logger.info("SIGUSR1: snapshot requested")
                store.requestSnapshot()
            }
        }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGUSR1)
        return set
    }
}
