// SIGINT/SIGTERM for servers: blocked in every thread (so no thread is interrupted at a random
// point) and received synchronously by the one thread that waits for them with sigwait.
import Glibc

/// Synchronous handling of the signals that ask a server to stop.
public enum TerminationSignals {
    /// Blocks SIGINT and SIGTERM in the calling thread and every thread it creates afterwards.
    /// Call it first thing in `main`, before any thread (event loop or Task) exists.
    public static func block() {
        var set = signalSet()
        _ = pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until SIGINT or SIGTERM arrives and returns its number (requires `block()`).
    public static func wait() -> Int32 {
        var set = signalSet()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    /// The name of a signal number, for logs.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
