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
    private let used = Atomic<Int>(0)

    /// A budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = limit
    }

    /// Bytes currently queued.
    public var current: Int { used.load(ordering: .relaxed) }

    /// True when the queue is at or above the limit.
    @inline(__always)
    public var isExhausted: Bool { used.load(ordering: .relaxed) >= limit }

    func add(_ count: Int) {
        used.add(count, ordering: .relaxed)
    }

    func subtract(_ count: Int) {
        used.subtract(count, ordering: .relaxed)
    }
}
