// Our rapid-reset defence (CVE-2023-44487), in place of nghttp2's, which spends a token on every
// RST_STREAM a client sends: a well-behaved client whose calls hit their deadline or are cancelled
// at a few hundred per second lost its connection with GOAWAY. Here a reset costs a token only
// when the stream was reset before the server could answer it: no response headers yet, and the
// RST_STREAM arrived in the same read as the stream's HEADERS (the attack's pattern: open, reset,
// repeat, faster than the server can respond). A call the server answered or was processing when
// the client gave up costs nothing. The bucket refills at a steady rate up to its burst size.

/// A token bucket of "resets before the server could answer" for one connection.
public struct ResetAccounting: Sendable {
    /// Tokens when full (resets allowed in a burst).
    public let burst: UInt64
    /// Tokens regained per second.
    public let ratePerSecond: UInt64
    private var tokens: Double
    private var last: ContinuousClock.Instant?

    /// A full bucket.
    public init(burst: UInt64, ratePerSecond: UInt64) {
        self.burst = burst
        self.ratePerSecond = ratePerSecond
        tokens = Double(burst)
    }

    /// A counted reset at `now`; false when the bucket is empty (the connection must end).
    public mutating func counted(at now: ContinuousClock.Instant) -> Bool {
        if let last {
            let elapsed = now - last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            tokens = min(Double(burst), tokens + seconds * Double(ratePerSecond))
        }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
