// What a handler knows about its call (method, metadata, deadline, peer) and what it may change
// (response headers and trailers), plus cancellation. Shared between the loop thread and
// whatever thread the handler runs on, so its mutable parts sit behind a lock.
import OrderlyLocks
import Synchronization

/// Per-call context handed to every handler.
public final class ServerContext: Sendable {
    /// The full method path, e.g. "/grpc.health.v1.Health/Check".
    public let path: String
    /// The request's custom metadata (no pseudo-headers, no gRPC-reserved headers). Parsed from
    /// the raw header bytes on first use: most handlers never look, and the hot path then
    /// builds no strings.
    public var requestMetadata: Metadata {
        state.withLock { state in
            if let parsed = state.requestMetadata { return parsed }
            let parsed = rawRequestHeaders.parse()
            state.requestMetadata = parsed
            return parsed
        }
    }

    private let rawRequestHeaders: RawHeaderBlock
    /// When the call must be answered by, from `grpc-timeout`; nil for no deadline.
    public let deadline: ContinuousClock.Instant?
    /// The peer's address, for logs.
    public let peer: String
    /// The most response bytes a stream may have queued before `ResponseWriter.write` refuses.
    public let maxPendingResponseBytes: Int
    /// How many unread request bytes a streaming handler may have before the transport stops
    /// granting the client flow-control credit.
    public let maxBufferedRequestBytes: Int
    /// How responses are compressed; a handler may switch it per message.
    public var responseCompression: ResponseCompression { negotiatedCompression ?? .identity }
    /// Nil for the common call that named no encodings (no object to count references to).
    private let negotiatedCompression: ResponseCompression?
    /// The request's `grpc-encoding` name; nil for identity.
    public let requestEncoding: String?
    private let lastRequestCompressed = Atomic<Bool>(false)

    private struct State {
        var cancelled = false
        var cancelHandlers: [@Sendable () -> Void] = []
        var responseHeaders = Metadata()
        var trailers = Metadata()
        var headersSent = false
        var requestMetadata: Metadata?
        var principal: String?
    }

    private let state = Locked(State())

    /// Creates a context with already-parsed metadata (tests, in-process transports).
    public convenience init(
        path: String, requestMetadata: Metadata, deadline: ContinuousClock.Instant?, peer: String,
        maxPendingResponseBytes: Int = 4 * 1024 * 1024, maxBufferedRequestBytes: Int = 1024 * 1024
    ) {
        self.init(
            path: path, requestHeaders: RawHeaderBlock(), deadline: deadline, peer: peer,
            maxPendingResponseBytes: maxPendingResponseBytes, maxBufferedRequestBytes: maxBufferedRequestBytes)
        state.withLock { $0.requestMetadata = requestMetadata }
    }

    /// Creates a context whose metadata is parsed lazily from `requestHeaders` (the transport
    /// does this when a call starts).
    public init(
        path: String, requestHeaders: RawHeaderBlock, deadline: ContinuousClock.Instant?, peer: String,
        maxPendingResponseBytes: Int = 4 * 1024 * 1024, maxBufferedRequestBytes: Int = 1024 * 1024,
        requestEncoding: String? = nil, responseCompression: ResponseCompression? = nil
    ) {
        self.path = path
        self.requestEncoding = requestEncoding
        negotiatedCompression = responseCompression
        self.rawRequestHeaders = requestHeaders
        self.deadline = deadline
        self.peer = peer
        self.maxPendingResponseBytes = maxPendingResponseBytes
        self.maxBufferedRequestBytes = maxBufferedRequestBytes
    }

    /// Whether the request message most recently handed to the call arrived compressed (for a
    /// single-request call: its request). Streaming calls see it per message through
    /// `RequestStream.withCompressionFlags`.
    public var requestMessageWasCompressed: Bool { lastRequestCompressed.load(ordering: .relaxed) }

    /// Transport side: records whether the message about to be delivered came compressed.
    public func noteRequestMessage(compressed: Bool) {
        lastRequestCompressed.store(compressed, ordering: .relaxed)
    }

    /// Who the caller authenticated as (an interceptor sets it, e.g. the role behind a bearer
    /// token); nil when nobody did.
    public var principal: String? {
        get { state.withLock { $0.principal } }
        set { state.withLock { $0.principal = newValue } }
    }

    /// True once the client reset the stream, the deadline passed or the connection went away.
    public var isCancelled: Bool {
        state.withLock { $0.cancelled }
    }

    /// Runs `handler` once when the call is cancelled (at once, on this thread, if it already is).
    /// Handlers run on the thread that cancels, usually the loop thread: keep them short.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.cancelHandlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Adds response headers; ignored once the headers have gone out (with the first message).
    public func addResponseHeaders(_ metadata: Metadata) {
        state.withLock { state in
            if !state.headersSent { state.responseHeaders.add(contentsOf: metadata) }
        }
    }

    /// Adds response trailers, sent with the status.
    public func addTrailers(_ metadata: Metadata) {
        state.withLock { $0.trailers.add(contentsOf: metadata) }
    }

    /// Marks the call cancelled and runs the cancel handlers; returns false if it already was.
    @discardableResult
    public func cancel() -> Bool {
        let handlers = state.withLock { state -> [@Sendable () -> Void]? in
            if state.cancelled { return nil }
            state.cancelled = true
            defer { state.cancelHandlers = [] }
            return state.cancelHandlers
        }
        guard let handlers else { return false }
        for handler in handlers { handler() }
        return true
    }

    /// Transport side: takes the response headers for sending; later additions are ignored.
    public func takeResponseHeaders() -> Metadata {
        state.withLock { state in
            state.headersSent = true
            return state.responseHeaders
        }
    }

    /// Transport side: the trailers to send with the status.
    public func takeTrailers() -> Metadata {
        state.withLock { $0.trailers }
    }
}
