// The channel's keepalive (gRPC doc/keepalive.md, client side): every `interval` the connection
// sends a PING while it has calls open (or always, with `permitWithoutCalls`); when no ACK comes
// back within `timeout` the connection is declared dead and its calls fail with UNAVAILABLE,
// instead of hanging on a peer that vanished without a FIN. Off by default, as in gRPC: servers
// punish pings more frequent than they allow (5 minutes by default).

/// Keepalive settings of a channel.
public struct KeepaliveConfiguration: Sendable {
    /// Time between pings (gRPC's GRPC_ARG_KEEPALIVE_TIME_MS).
    public var interval: Duration
    /// How long to wait for the ACK (GRPC_ARG_KEEPALIVE_TIMEOUT_MS; gRPC's default 20 s).
    public var timeout: Duration
    /// Ping even with no call open (GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS).
    public var permitWithoutCalls: Bool

    /// Keepalive every `interval`.
    public init(interval: Duration, timeout: Duration = .seconds(20), permitWithoutCalls: Bool = false) {
        self.interval = interval
        self.timeout = timeout
        self.permitWithoutCalls = permitWithoutCalls
    }
}
