// Per-method gRPC server metrics in go-grpc-prometheus's shape: calls started, calls handled by
// status code, and the handling-time histogram. One per registered route, updated by the
// transport with relaxed atomics.

/// The counters of one RPC method.
public final class CallStats: Sendable {
    /// Calls started.
    public let started = Counter()
    /// Calls handled, indexed by gRPC status code (0 … 16).
    public let handled: [Counter] = (0...16).map { _ in Counter() }
    /// Time from the request headers to the status.
    public let handlingSeconds = Histogram()

    /// Zeroed counters.
    public init() {}

    /// A call ended with status `code` after `duration`.
    @inline(__always)
    public func finished(code: Int, after duration: Duration) {
        handled[min(max(code, 0), 16)].increment()
        handlingSeconds.observe(duration)
    }

    /// A call ended with status `code` after `nanoseconds` (what the transport measures).
    @inline(__always)
    public func finished(code: Int, nanoseconds: Int64) {
        handled[min(max(code, 0), 16)].increment()
        handlingSeconds.observe(nanoseconds: nanoseconds)
    }
}
