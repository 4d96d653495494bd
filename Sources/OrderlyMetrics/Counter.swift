// The recording side of Orderly's metrics: counters and histograms that cost one or two relaxed
// atomic adds on the hot path (no lock, no allocation). Each sits in its own heap object, so
// two loop threads updating different metrics do not share a cache line.
import Synchronization

/// A monotonically increasing count.
public final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    /// A counter at zero.
    public init() {}

    /// Adds `amount` (default 1).
    @inline(__always)
    public func increment(by amount: Int = 1) {
        count.add(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int { count.load(ordering: .relaxed) }
}
