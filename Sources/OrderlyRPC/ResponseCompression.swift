// Which codec, if any, a call's responses go out with. The transport negotiates it when the call
// starts (the request's grpc-encoding, when the client's grpc-accept-encoding lists it); a handler
// may turn compression on or off per message (the interop server's `response_compressed`).
// Read on every response message from whatever thread writes, so the switch is an atomic.
import Synchronization

/// A call's response compression: the negotiated codec plus a per-message switch.
public final class ResponseCompression: Sendable {
    /// The request's codec when the client accepts it back: used unless switched off.
    public let negotiated: (any MessageCompressor)?
    /// The first of the server's codecs the client accepts: used when a handler asks for
    /// compression on a call whose request was not compressed.
    public let acceptable: (any MessageCompressor)?
    private let mode = Atomic<UInt8>(0)  // 0 default, 1 forced on, 2 off

    /// A call's compression choices.
    public init(negotiated: (any MessageCompressor)?, acceptable: (any MessageCompressor)?) {
        self.negotiated = negotiated
        self.acceptable = acceptable
    }

    /// No compression (identity only).
    public static let identity = ResponseCompression(negotiated: nil, acceptable: nil)

    /// Compress the following response messages (true) or send them uncompressed (false).
    /// Turning it on when the request was not compressed uses a codec the client accepts, if any.
    public func setEnabled(_ enabled: Bool) {
        mode.store(enabled ? 1 : 2, ordering: .relaxed)
    }

    /// The codec for the next response message, nil for none.
    @inline(__always)
    public var current: (any MessageCompressor)? {
        switch mode.load(ordering: .relaxed) {
        case 0: negotiated
        case 1: negotiated ?? acceptable
        default: nil
        }
    }

    /// The `grpc-encoding` to announce in the response headers: the negotiated codec, or the
    /// acceptable one once a message used it (the headers go out with the first message, which
    /// the transport compresses before queuing it).
    public var announced: (any MessageCompressor)? {
        negotiated ?? (usedAcceptable.load(ordering: .acquiring) ? acceptable : nil)
    }

    /// Transport side: a message is being sent with `current`.
    public func markUsed() {
        if negotiated == nil { usedAcceptable.store(true, ordering: .releasing) }
    }

    private let usedAcceptable = Atomic<Bool>(false)
}
