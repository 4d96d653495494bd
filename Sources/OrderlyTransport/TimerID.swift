// TimerID: the handle `EventLoop.scheduleTimer` returns, opaque to callers.

/// Identifies a scheduled timer so it can be cancelled.
public struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}
