// orderlyd's abuse limits as flags, each with the safe default SECURITY.md documents, turned
// into the transport, HTTP/2 and connection-guard settings once at start-up.
import ArgumentParser
import OrderlyHTTP2
import OrderlyTransport

/// Connection, stream, header, message, timeout and keepalive limits.
struct LimitFlags: ParsableArguments {
    @Option(help: "Open connections at most; more are accepted and closed at once.")
    var maxConnections = 10_000

    @Option(help: "SETTINGS_MAX_CONCURRENT_STREAMS: calls in flight per connection.")
    var maxConcurrentStreams: UInt32 = 100

    @Option(help: "Largest request header list in bytes (RFC 7541 size: name + value + 32 per field); larger resets the stream.")
    var maxHeaderListBytes: UInt32 = 16 << 10

    @Option(help: "Largest request message in bytes; larger ends the call with RESOURCE_EXHAUSTED.")
    var maxMessageBytes = 4 << 20

    @Option(help: "Seconds a connection without calls stays open before GOAWAY (0: forever).")
    var idleTimeout = 300.0

    @Option(help: "Seconds a new connection gets to send the HTTP/2 preface and SETTINGS (0: no limit).")
    var handshakeTimeout = 10.0

    @Option(help: "Seconds between client PINGs without call traffic below which a ping is a strike.")
    var keepaliveMinPingInterval = 300.0

    @Option(help: "Ping strikes tolerated before GOAWAY(ENHANCE_YOUR_CALM, too_many_pings).")
    var keepaliveMaxPingStrikes = 2

    @Option(help: "Rapid reset (CVE-2023-44487): streams a client may reset before the server could answer them, in a burst (resets of answered calls, deadlines and cancellations, are free).")
    var streamResetBurst: UInt64 = 1000

    @Option(help: "Rapid reset: such resets refilled per second after the burst.")
    var streamResetRate: UInt64 = 33

    @Option(help: "Unsent response bytes one connection's streams may queue together before writers get RESOURCE_EXHAUSTED.")
    var maxConnectionBufferBytes = 16 << 20

    @Option(help: "Unsent response bytes all connections together may queue before writers get RESOURCE_EXHAUSTED.")
    var maxTotalBufferBytes = 1 << 30

    @Option(help: "CONTINUATION frames allowed after one HEADERS frame (HPACK/CONTINUATION floods).")
    var maxContinuations = 8

    func validate() throws {
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxConcurrentStreams >= 1 else { throw ValidationError("--max-concurrent-streams must be at least 1") }
        guard maxHeaderListBytes >= 1024 else { throw ValidationError("--max-header-list-bytes must be at least 1024") }
        guard (1024...(1 << 30)).contains(maxMessageBytes) else {
            throw ValidationError("--max-message-bytes must be 1024...1073741824")
        }
        for (name, value) in [
            ("--idle-timeout", idleTimeout), ("--handshake-timeout", handshakeTimeout),
            ("--keepalive-min-ping-interval", keepaliveMinPingInterval),
        ] where !(value >= 0 && value.isFinite && value < 1e9) {
            throw ValidationError("\(name) must be a non-negative number of seconds")
        }
        guard keepaliveMaxPingStrikes >= 0 else { throw ValidationError("--keepalive-max-ping-strikes must be >= 0") }
        guard streamResetBurst >= 1, streamResetRate >= 1 else {
            throw ValidationError("--stream-reset-burst and --stream-reset-rate must be at least 1")
        }
        guard maxConnectionBufferBytes >= 64 << 10, maxTotalBufferBytes >= maxConnectionBufferBytes else {
            throw ValidationError("--max-connection-buffer-bytes must be at least 65536 and at most --max-total-buffer-bytes")
        }
        guard maxContinuations >= 0 else { throw ValidationError("--max-continuations must be >= 0") }
    }

    /// Applies the HTTP/2 limits to `configuration`.
    func apply(to configuration: inout HTTP2ServerConfiguration) {
        configuration.maxConcurrentStreams = maxConcurrentStreams
        configuration.maxHeaderListSize = maxHeaderListBytes
        configuration.maxReceiveMessageSize = maxMessageBytes
        configuration.streamResetBurst = streamResetBurst
        configuration.streamResetRatePerSecond = streamResetRate
        configuration.maxContinuations = maxContinuations
        configuration.maxPendingResponseBytesPerConnection = maxConnectionBufferBytes
        configuration.totalOutputBudget = OutputBudget(limit: maxTotalBufferBytes)
    }

    /// The connection guard's limits.
    var connectionLimits: ConnectionLimits {
        var limits = ConnectionLimits()
        limits.handshakeTimeout = Self.duration(handshakeTimeout)
        limits.idleTimeout = Self.duration(idleTimeout)
        limits.pingPolicy = PingPolicy(
            minInterval: Self.duration(keepaliveMinPingInterval), maxStrikes: keepaliveMaxPingStrikes)
        return limits
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64(seconds * 1000))
    }
}
