// Settings of the HTTP/2 server sessions, with defaults suited to gRPC traffic.
import OrderlyRPC

/// How every HTTP/2 connection of the server is set up.
public struct HTTP2ServerConfiguration: Sendable {
    /// Named on the `GET /` page.
    public var serverName = "orderlyd"
    /// SETTINGS_MAX_CONCURRENT_STREAMS.
    public var maxConcurrentStreams: UInt32 = 1000
    /// SETTINGS_INITIAL_WINDOW_SIZE: 1 MiB, so large messages do not crawl at 64 KiB a round trip.
    public var initialStreamWindowSize: Int32 = 1 << 20
    /// The connection-level receive window.
    public var connectionWindowSize: Int32 = 16 << 20
    /// SETTINGS_MAX_HEADER_LIST_SIZE (gRPC's default is 8 KiB; we allow 16).
    public var maxHeaderListSize: UInt32 = 16 << 10
    /// The largest request message accepted (gRPC's default, 4 MiB).
    public var maxReceiveMessageSize = 4 << 20
    /// How many response bytes one stream may have queued before writers are refused.
    public var maxPendingResponseBytesPerStream = 4 << 20
    /// Response bytes all streams of one connection may have queued before writers are refused.
    public var maxPendingResponseBytesPerConnection = 16 << 20
    /// Response bytes all connections together may have queued (one budget, shared by every
    /// session made with this configuration).
    public var totalOutputBudget = OutputBudget(limit: 1 << 30)
    /// Unread request bytes a streaming handler may have before the client gets no more
    /// flow-control credit on that stream.
    public var maxBufferedRequestBytesPerStream = 1 << 20
    /// Rapid-reset protection: RST_STREAM frames allowed in a burst, and refilled per second.
    public var streamResetBurst: UInt64 = 1000
    /// See `streamResetBurst`.
    public var streamResetRatePerSecond: UInt64 = 33
    /// HPACK/CONTINUATION flood protection: CONTINUATION frames allowed after one HEADERS frame.
    public var maxContinuations = 8

    /// The message encodings accepted and sent besides identity (orderlyd registers gzip and
    /// deflate); advertised in `grpc-accept-encoding`.
    public var compression = CompressionRegistry()

    /// Whether calls update their route's `CallStats` (grpc_server_* metrics); off unless the
    /// server exports metrics.
    public var recordsCallMetrics = false

    /// The defaults.
    public init() {}
}
