// A Prometheus-style histogram with fixed upper bounds in seconds. Recording finds the bucket
// by a linear scan over a dozen bounds and does two relaxed atomic adds (bucket, sum in
// nanoseconds); the count is the buckets' total and, like the cumulative counts, is only
// computed when scraped.

/// Durations observed into fixed buckets.
public final class Histogram: Sendable {
    /// The buckets' upper bounds in seconds, ascending (the +Inf bucket is implicit).
    public let bounds: [Double]
    private let boundNanos: [Int64]
    private let buckets: [Counter]
    private let sumNanos = Counter()

    /// go-grpc-prometheus's default buckets: 5 ms … 10 s.
    public static let defaultBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Finer buckets for disk syncs: 100 µs … 1 s.
    public static let fsyncBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

    /// A histogram over `bounds` (seconds, ascending).
    public init(bounds: [Double] = Histogram.defaultBounds) {
        self.bounds = bounds
        boundNanos = bounds.map { Int64(($0 * 1e9).rounded()) }
        buckets = (0...bounds.count).map { _ in Counter() }
    }

    /// Records one observation.
    @inline(__always)
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(nanoseconds: seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
    }

    /// Records one observation of `nanos` nanoseconds (the per-call path: no Duration, whose
    /// 128-bit attoseconds cost a multiplication in and a division out).
    @inline(__always)
    public func observe(nanoseconds nanos: Int64) {
        var index = 0
        while index < boundNanos.count, nanos > boundNanos[index] { index += 1 }
        buckets[index].increment()
        sumNanos.increment(by: Int(nanos))
    }

    /// A consistent-enough reading for a scrape: cumulative bucket counts (the last is +Inf),
    /// the sum in seconds and the count.
    public func snapshot() -> (cumulative: [Int], sum: Double, count: Int) {
        var running = 0
        var cumulative: [Int] = []
        cumulative.reserveCapacity(buckets.count)
        for bucket in buckets {
            running += bucket.value
            cumulative.append(running)
        }
        // The +Inf bucket must equal the count: report the count as what the buckets add up to.
        return (cumulative, Double(sumNanos.value) / 1e9, running)
    }
}
