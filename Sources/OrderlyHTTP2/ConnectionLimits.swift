// Per-connection abuse limits enforced by `GuardedConnectionHandler`, with their defaults.
// (Stream, header, message and reset limits live in HTTP2ServerConfiguration; the connection
// count in the transport's ServerConfiguration.)

/// Time-based limits of one connection.
public struct ConnectionLimits: Sendable {
    /// A connection that has not sent the client preface and its SETTINGS frame by then is
    /// closed (slowloris). Default 10 s; zero disables.
    public var handshakeTimeout: Duration = .seconds(10)
    /// A connection with no open stream and no new call for this long gets GOAWAY(NO_ERROR) and
    /// is closed (checked once per period, so it closes after between one and two periods).
    /// Default 5 minutes; zero disables.
    public var idleTimeout: Duration = .seconds(300)
    /// Keepalive ping enforcement (ENHANCE_YOUR_CALM on floods).
    public var pingPolicy = PingPolicy()

    /// The defaults.
    public init() {}
}
