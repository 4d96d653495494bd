// Bounds on response bytes queued but not yet handed to the network, beyond the per-stream one:
// per connection (`--max-connection-buffer-bytes`) and server-wide (`--max-total-buffer-bytes`).
// Without them one connection with 100 never-reading watch streams pinned ~530 MiB. Counted on
// the loop thread as bytes are queued and sent; read from any thread by writers (through
// `ServerCallSink.isOverSharedBudget`), hence atomics.
import Synchronization

/// A count of queued response bytes against a limit, shared by many streams.
public final class OutputBudget: Sendable {
    /// The most bytes allowed; above it, writers are refused.
    public let limit: Int
    /// A wider budget every change is also applied to (the server's, for a connection's), so
    /// a stream holds one reference for both.
    let parent: OutputBudget?
    private let used = Atomic<Int>(0)

    /// A budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = limit
        parent = nil
    }

    /// A budget of `limit` bytes inside `parent`.
    init(limit: Int, within parent: OutputBudget) {
        precondition(parent.parent == nil, "output budgets nest one level deep")
        self.limit = limit
        self.parent = parent
    }

    /// Bytes currently queued.
    public var current: Int { used.load(ordering: .relaxed) }

    /// True when this budget or its parent is at or above its limit.
    @inline(__always)
    public var isExhausted: Bool {
        used.load(ordering: .relaxed) >= limit || (parent?.isExhausted ?? false)
    }

    // One level of parent (connection inside server) and no recursion, so these inline into
    // the per-message paths.
    @inline(__always)
    func add(_ count: Int) {
        used.add(count, ordering: .relaxed)
        parent?.used.add(count, ordering: .relaxed)
    }

    @inline(__always)
    func subtract(_ count: Int) {
        used.subtract(count, ordering: .relaxed)
        parent?.used.subtract(count, ordering: .relaxed)
    }
}
