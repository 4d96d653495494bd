// The durability hook-in point: when may a successful mutation be acknowledged? The in-memory
// server answers at once; the persistence layer answers once the journal holds the change.

/// Decides when a successful mutation may be acknowledged.
public protocol CommitGate: Sendable {
    /// Calls `body` once everything the store has changed so far is durable (or with an error
    /// if it never will be, e.g. the journal failed). May call back on another thread.
    func afterDurable(_ body: @escaping @Sendable ((any Error)?) -> Void)
}

/// The in-memory gate: every change counts as durable the moment it is applied.
public struct ImmediateCommit: CommitGate {
    /// Creates the gate.
    public init() {}

    /// Calls `body` at once, on the calling thread, without an error.
    public func afterDurable(_ body: @escaping @Sendable ((any Error)?) -> Void) {
        body(nil)
    }
}
