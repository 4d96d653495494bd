// The server's keepalive enforcement (gRPC doc/keepalive.md, "ping strikes"): a PING that comes
// sooner than the permitted interval after the previous one is a strike; more than the allowed
// strikes and the connection gets GOAWAY(ENHANCE_YOUR_CALM, "too_many_pings"). Strikes are forgiven
// when the client shows call activity (HEADERS, DATA or WINDOW_UPDATE) and when the server sends
// HEADERS or DATA (GuardedConnectionHandler), as gRPC's servers reset their count whenever data
// is exchanged. A value with an injected clock.

/// Ping-strike accounting for one connection.
public struct PingPolicy: Sendable {
    /// The shortest interval between pings that is not a strike (gRPC's
    /// GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS default: 5 minutes).
    public var minInterval: Duration
    /// Strikes tolerated; the next one ends the connection (gRPC's default: 2).
    public var maxStrikes: Int
    private var strikes = 0
    private var lastPing: ContinuousClock.Instant?

    /// A policy with gRPC's server defaults unless given.
    public init(minInterval: Duration = .seconds(300), maxStrikes: Int = 2) {
        self.minInterval = minInterval
        self.maxStrikes = maxStrikes
    }

    /// A PING (not an ACK) arrived at `now`; returns false when the connection must be ended.
    public mutating func pingReceived(at now: ContinuousClock.Instant) -> Bool {
        if let lastPing, now - lastPing < minInterval { strikes += 1 }
        lastPing = now
        return strikes <= maxStrikes
    }

    /// Call traffic either way: strikes are forgiven.
    public mutating func activity() {
        strikes = 0
        lastPing = nil
    }
}
