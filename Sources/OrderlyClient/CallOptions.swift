// Per-call settings: deadline, request metadata, message size limit, compression.
import OrderlyRPC
import OrderlyTLS

/// Options for one call.
public struct CallOptions: Sendable {
    /// How long the call may take; sent as `grpc-timeout` and enforced locally
    /// (DEADLINE_EXCEEDED). nil: no deadline.
    public var timeout: Duration?
    /// Request metadata ("-bin" keys carry bytes, base64 on the wire).
    public var metadata: Metadata
    /// The largest response message accepted (RESOURCE_EXHAUSTED beyond); gRPC's 4 MiB default.
    public var maxReceiveMessageSize: Int
    /// How request messages are compressed (`grpc-encoding`); responses in gzip or deflate are
    /// always accepted.
    public var compression: MessageEncoding

    /// Creates options; every argument has gRPC's default.
    public init(timeout: Duration? = nil, metadata: Metadata = Metadata(),
                maxReceiveMessageSize: Int = MessageDeframer.defaultMaxMessageSize,
                compression: MessageEncoding = .identity) {
        self.timeout = timeout
        self.metadata = metadata
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.compression = compression
    }
}

/// Connection-level settings of a channel.
public struct ChannelConfiguration: Sendable {
    /// HTTP/2 initial stream window the client grants (response bytes in flight per stream).
    public var initialStreamWindowSize: Int32 = 4 * 1024 * 1024
    /// HTTP/2 connection window the client grants.
    public var connectionWindowSize: Int32 = 16 * 1024 * 1024
    /// The `user-agent` header.
    public var userAgent = "orderly-swift/\(OrderlyVersion.current)"
    /// TLS for the connection (CA file, server name, ALPN h2); nil speaks h2c in the clear.
    public var tls: TLSClientConfiguration?
    /// PINGs that detect a dead connection; nil (the default) sends none.
    public var keepalive: KeepaliveConfiguration?

    /// The defaults.
    public init() {}
}

/// A response message with the metadata that came with it.
public struct ClientResponse<Message: Sendable>: Sendable {
    /// The response message.
    public var message: Message
    /// The response headers' metadata.
    public var initialMetadata: Metadata
    /// The trailers' metadata (grpc-status and grpc-message excluded).
    public var trailers: Metadata
}
