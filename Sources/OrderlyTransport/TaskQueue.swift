// TaskQueue: work handed to a loop from any thread. The only lock a loop takes each turn. The
// eventfd is written only when the loop is (about to be) asleep in epoll_wait and no wake-up is
// already on its way, so a busy loop receiving many tasks costs no extra system calls.
import OrderlyLocks

/// A locked queue of closures plus the bookkeeping that decides when to wake the loop.
final class TaskQueue: Sendable {
    private struct State {
        var tasks: [@Sendable () -> Void] = []
        /// The loop found the queue empty and is going to (or did) block in epoll_wait.
        var loopSleeping = false
        /// The eventfd was written and the loop has not yet drained it.
        var wakePending = false
    }

    private let state = Locked(State())

    /// Adds a task; returns true when the caller must signal the eventfd.
    func enqueue(_ task: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            state.tasks.append(task)
            guard state.loopSleeping && !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
    }

    /// Called by the loop before epoll_wait: false (do not block) when tasks are waiting.
    func prepareToSleep() -> Bool {
        state.withLock { state in
            guard state.tasks.isEmpty else { return false }
            state.loopSleeping = true
            return true
        }
    }

    /// Called by the loop after epoll_wait: moves all waiting tasks into `batch`.
    func takeAll(into batch: inout [@Sendable () -> Void]) {
        state.withLock { state in
            state.loopSleeping = false
            if !state.tasks.isEmpty { swap(&state.tasks, &batch) }
        }
    }

    /// Called by the loop after it drained the eventfd.
    func wakeConsumed() {
        state.withLock { $0.wakePending = false }
    }
}
