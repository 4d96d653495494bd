// The loop-thread side of a channel: the current connection (opened lazily, replaced after it
// drops or the server sends GOAWAY) and the start of every call's stream.
import OrderlyRPC
import OrderlyTLS
import OrderlyTransport
import Synchronization

/// A channel's connection state, confined to its event loop (hence `@unchecked Sendable`: the
/// channel only touches it through `loop.execute` or on the loop thread).
final class ChannelCore: @unchecked Sendable {
    let loop: EventLoop
    let host: String
    let port: Int
    let configuration: ChannelConfiguration
    private let authority: String
    /// The TLS context built once from `configuration.tls` (or why it could not be), nil for h2c.
    private let tls: Result<TLSContext, TLSError>?
    /// The connection new calls use; nil until the first call and after it retires.
    @exclusivity(unchecked) private var current: HTTP2ClientSession?
    /// Connections that still carry calls (the current one and retired ones draining).
    @exclusivity(unchecked) private var live: [ObjectIdentifier: HTTP2ClientSession] = [:]
    @exclusivity(unchecked) private var isClosed = false
    /// Set by `GRPCChannel.close()` before its loop may stop: calls started afterwards fail at
    /// once on the caller's thread instead of waiting for a loop that no longer runs.
    let closedForCalls = Atomic<Bool>(false)

    /// The error of a call made on a closed channel.
    static let closedError = RPCError(.unavailable, "the channel is closed")
    /// Request header blocks by what they are built from, so repeated calls (a load tool, a
    /// client with fixed options) do not rebuild or re-encode them.
    private struct HeaderKey: Hashable {
        let path: String
        let timeout: Duration?
        let metadata: Metadata
        let compression: MessageEncoding
    }
    @exclusivity(unchecked) private var headerCache: [HeaderKey: RequestHeaders] = [:]
    /// The last block used: a repeated call (the common case) skips hashing the key.
    @exclusivity(unchecked) private var lastHeaders: (key: HeaderKey, headers: RequestHeaders)?

    init(loop: EventLoop, host: String, port: Int, configuration: ChannelConfiguration) {
        self.loop = loop
        self.host = host
        self.port = port
        self.configuration = configuration
        authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        tls = configuration.tls.map { tls in Result { () throws(TLSError) in try TLSContext(client: tls) } }
    }

    /// Opens a stream for a call whose request bytes are already queued on `stream`. On failure
    /// the stream is finished at once (its observer hears the error before this returns).
    func start(_ stream: ClientStream, path: String, options: CallOptions) {
        assert(loop.inEventLoop)
        guard !isClosed else {
            stream.finish(Self.closedError, trailers: Metadata())
            return
        }
        let session: HTTP2ClientSession
        do {
            session = try activeSession()
        } catch {
            stream.finish(error, trailers: Metadata())
            return
        }
        if let error = session.submit(stream, headers: headers(path, options)) {
            stream.finish(error, trailers: Metadata())
            return
        }
        if let timeout = options.timeout {
            stream.startDeadline(timeout)
        }
    }

    /// Closes every connection; later calls fail with UNAVAILABLE.
    func close() {
        isClosed = true
        current = nil
        for session in live.values {
            session.close()
        }
    }

    private func headers(_ path: String, _ options: CallOptions) -> RequestHeaders {
        let key = HeaderKey(
            path: path, timeout: options.timeout, metadata: options.metadata, compression: options.compression)
        if let lastHeaders, lastHeaders.key == key { return lastHeaders.headers }
        if let cached = headerCache[key] {
            lastHeaders = (key, cached)
            return cached
        }
        var headers = RequestHeaders(
            path: path, authority: authority, userAgent: configuration.userAgent, scheme: tls == nil ? "http" : "https")
        headers.add(timeout: options.timeout, metadata: options.metadata)
        if options.compression != .identity { headers.add("grpc-encoding", options.compression.rawValue) }
        headers.add("grpc-accept-encoding", MessageEncoding.registry.acceptEncoding)
        if headerCache.count >= 1024 { headerCache.removeAll() }
        headerCache[key] = headers
        lastHeaders = (key, headers)
        return headers
    }

    private func activeSession() throws(RPCError) -> HTTP2ClientSession {
        if let current, current.acceptsNewStreams { return current }
        let context: TLSContext?
        switch tls {
        case .success(let made): context = made
        case .failure(let error): throw RPCError(.unavailable, "TLS: \(error)")
        case nil: context = nil
        }
        let session = HTTP2ClientSession(loop: loop, configuration: configuration)
        guard session.acceptsNewStreams else {
            throw RPCError(.internalError, "cannot create an HTTP/2 session")
        }
        do {
            try session.connect(host: host, port: port, tls: context)
        } catch {
            throw RPCError(.unavailable, "cannot connect to \(authority): \(error)")
        }
        session.onRetired = { [weak self] retired in
            guard let self else { return }
            if self.current === retired { self.current = nil }
        }
        current = session
        live[ObjectIdentifier(session)] = session
        session.onClosed = { [weak self] closed in
            self?.live.removeValue(forKey: ObjectIdentifier(closed))
        }
        return session
    }
}
