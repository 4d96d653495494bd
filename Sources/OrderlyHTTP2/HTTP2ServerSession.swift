// One HTTP/2 server connection: owns its nghttp2 session (created in init, deleted exactly once
// in `connectionClosed` or deinit), feeds it the bytes the transport reads and hands the
// transport the bytes nghttp2 produces. Lives on its connection's loop thread.
import CNGHTTP2
import OrderlyRPC

/// The HTTP/2 + gRPC protocol handler of one connection.
public final class HTTP2ServerSession {
    /// The nghttp2 session; nil once deleted. This object is its only owner.
    private(set) var session: OpaquePointer?
    let io: any HTTP2ConnectionIO
    let router: RPCRouter
    let configuration: HTTP2ServerConfiguration
    let peer: String
    /// The live streams, owned here (nghttp2's stream user data points at them unretained).
    /// An array with swap-removal (each stream knows its slot): cheaper than hashing per stream.
    var streams: [GRPCServerStream] = []
    private var flushRequested = false
    private var failed = false
    private var cachedInfoPage: [UInt8]?
    /// This connection's queued response bytes (all streams).
    /// (Inside the server-wide one, `configuration.totalOutputBudget`.)
    let outputBudget: OutputBudget
    /// The most this connection ever had queued: large ones trim the heap when they close.
    var peakQueuedOutput = 0
    /// Rapid-reset accounting (see ResetAccounting).
    private var resets: ResetAccounting
    /// Incremented once per `receive` (one read from the socket).
    private(set) var receiveBatch = 0
    /// Incremented whenever the server queues HEADERS or DATA for a stream: the connection
    /// guard forgives ping strikes when it moves.
    public private(set) var outputActivity = 0
    /// The usual response headers, advertising the configured encodings.
    let grpcResponseHeaders: StaticHeaders

    /// Creates the session for `io`; call `start()` once the connection is active.
    public init(io: any HTTP2ConnectionIO, router: RPCRouter, configuration: HTTP2ServerConfiguration) {
        self.io = io
        self.router = router
        self.configuration = configuration
        self.peer = io.peerDescription
        outputBudget = OutputBudget(
            limit: configuration.maxPendingResponseBytesPerConnection, within: configuration.totalOutputBudget)
        resets = ResetAccounting(burst: configuration.streamResetBurst, ratePerSecond: configuration.streamResetRatePerSecond)
        grpcResponseHeaders = StaticHeaders.grpcResponse(acceptEncoding: configuration.compression.acceptEncoding)
        session = HTTP2Callbacks.makeServerSession(owner: self, configuration: configuration)
        if session == nil { failed = true }
    }

    deinit {
        // Streams may outlive us in queued closures: closed streams never touch their session.
        for stream in streams {
            stream.streamClosed(errorCode: NGHTTP2_CANCEL.rawValue)
        }
        if let session { nghttp2_session_del(session) }
    }

    /// Queues the server's SETTINGS and raises the connection window.
    public func start() {
        guard let session else {
            io.close()
            return
        }
        var settings = [
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                value: configuration.maxConcurrentStreams),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue),
                value: UInt32(configuration.initialStreamWindowSize)),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                value: configuration.maxHeaderListSize),
        ]
        var rv = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        if rv == 0 {
            rv = nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, configuration.connectionWindowSize)
        }
        if rv != 0 { failed = true }
        scheduleFlush()
    }

    /// Feeds bytes read from the socket to nghttp2. A protocol error queues GOAWAY and closes
    /// the connection after it is written.
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        guard let session, !failed, let base = bytes.baseAddress else { return }
        receiveBatch &+= 1
        let consumed = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if consumed < 0 {
            failed = true
            // nghttp2 has already queued GOAWAY for most errors; for the rest (bad preface) we do.
            _ = nghttp2_session_terminate_session(session, NGHTTP2_PROTOCOL_ERROR.rawValue)
        }
        scheduleFlush()
    }

    /// Writes what nghttp2 has to send, pausing while the connection is above its high-water
    /// mark (the transport calls `flush()` again when it drains); closes the connection when the
    /// session is done.
    public func flush() {
        flushRequested = false
        guard let session else { return }
        while io.isWritable || failed {
            var data: UnsafePointer<UInt8>?
            let length = nghttp2_session_mem_send(session, &data)
            guard length > 0, let data else {
                if length < 0 { failed = true }
                break
            }
            io.write(UnsafeRawBufferPointer(start: data, count: length))
        }
        if failed || (nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0) {
            // A failed session has queued its GOAWAY above; close() sends it before closing.
            io.close()
        }
    }

    /// Graceful shutdown: GOAWAY now; the connection closes when the open streams are done.
    public func drain() {
        guard let session else { return }
        _ = nghttp2_submit_goaway(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nghttp2_session_get_last_proc_stream_id(session),
            NGHTTP2_NO_ERROR.rawValue, nil, 0)
        scheduleFlush()
    }

    /// The connection is gone: every open call is cancelled and the nghttp2 session deleted.
    public func connectionClosed() {
        let open = streams
        streams = []
        for stream in open {
            stream.streamClosed(errorCode: NGHTTP2_CANCEL.rawValue)
        }
        if let session {
            nghttp2_session_del(session)
            self.session = nil
        }
        // glibc keeps freed memory in its arenas (and orderlyd's large tcache): a connection
        // that queued megabytes would otherwise leave the RSS at its peak after it closed.
        if peakQueuedOutput >= Self.trimThreshold {
            peakQueuedOutput = 0
            HeapTrim.release()
        }
    }

    /// Queued output at which a closing connection trims the heap.
    static let trimThreshold = 8 << 20

    /// A stream queued output: remembers the connection's peak (for the trim at close).
    @inline(__always)
    func notePeakOutput() {
        let now = outputBudget.current
        if now > peakQueuedOutput { peakQueuedOutput = now }
    }

    /// Number of open streams (for tests and draining).
    public var openStreamCount: Int { streams.count }

    // MARK: Helpers for streams (loop thread)

    func scheduleFlush() {
        guard !flushRequested else { return }
        flushRequested = true
        io.requestFlush()
    }

    func submitResponse(streamID: Int32, headers: HeaderList, withBody: Bool) {
        headers.withNV { nva, count in
            submitResponse(streamID: streamID, nva: nva, count: count, withBody: withBody)
        }
    }

    func submitResponse(streamID: Int32, headers: StaticHeaders, withBody: Bool) {
        submitResponse(streamID: streamID, nva: headers.nva, count: headers.count, withBody: withBody)
    }

    private func submitResponse(streamID: Int32, nva: UnsafePointer<nghttp2_nv>, count: Int, withBody: Bool) {
        guard let session else { return }
        outputActivity &+= 1
        let rv: Int32
        if withBody {
            var provider = nghttp2_data_provider(
                source: nghttp2_data_source(ptr: nil), read_callback: HTTP2Callbacks.readBody)
            rv = nghttp2_submit_response(session, streamID, nva, count, &provider)
        } else {
            rv = nghttp2_submit_response(session, streamID, nva, count, nil)
        }
        if rv != 0 { resetStream(streamID) }
    }

    func submitTrailers(streamID: Int32, headers: HeaderList) {
        guard let session else { return }
        let rv = headers.withNV { nva, count in nghttp2_submit_trailer(session, streamID, nva, count) }
        if rv != 0 { resetStream(streamID) }
    }

    func submitTrailers(streamID: Int32, headers: StaticHeaders) {
        guard let session else { return }
        if nghttp2_submit_trailer(session, streamID, headers.nva, headers.count) != 0 { resetStream(streamID) }
    }

    /// Grants the client credit for `count` received bytes on the connection and, unless
    /// `streamToo` is false, on the stream.
    func consume(streamID: Int32, count: Int, streamToo: Bool = true) {
        guard let session, count > 0 else { return }
        if streamToo {
            _ = nghttp2_session_consume(session, streamID, count)
        } else {
            _ = nghttp2_session_consume_connection(session, count)
        }
    }

    /// Grants stream-level credit held back earlier.
    func consumeStream(streamID: Int32, count: Int) {
        guard let session, count > 0 else { return }
        _ = nghttp2_session_consume_stream(session, streamID, count)
        scheduleFlush()
    }

    /// The server is sending DATA (from the data provider).
    func noteOutput() {
        outputActivity &+= 1
    }

    /// The client sent RST_STREAM for `streamID`: counted against the rapid-reset budget only
    /// when the stream was unanswered and opened in this same read; GOAWAY when it runs out.
    func clientReset(_ streamID: Int32) {
        let rapid = withStream(streamID) { !$0.headersSubmitted && $0.openedInBatch == receiveBatch } ?? false
        guard rapid, !failed, let session else { return }
        if !resets.counted(at: .now) {
            failed = true
            _ = nghttp2_session_terminate_session(session, NGHTTP2_ENHANCE_YOUR_CALM.rawValue)
        }
    }

    func resumeData(streamID: Int32) {
        guard let session else { return }
        _ = nghttp2_session_resume_data(session, streamID)
    }

    private func resetStream(_ streamID: Int32) {
        guard let session else { return }
        _ = nghttp2_submit_rst_stream(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_INTERNAL_ERROR.rawValue)
    }

    /// Runs `body` with stream `id`, if it is ours, without retaining it (`streams` does).
    @inline(__always)
    func withStream<Result>(_ id: Int32, _ body: (GRPCServerStream) -> Result) -> Result? {
        guard let session, let pointer = nghttp2_session_get_stream_user_data(session, id) else { return nil }
        return Unmanaged<GRPCServerStream>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    func openStream(_ id: Int32) {
        guard let session else { return }
        let stream = GRPCServerStream(
            id: id, loop: io.http2EventLoop, session: self, maxMessageSize: configuration.maxReceiveMessageSize)
        stream.slot = streams.count
        stream.openedInBatch = receiveBatch
        streams.append(stream)
        _ = nghttp2_session_set_stream_user_data(session, id, Unmanaged.passUnretained(stream).toOpaque())
    }

    func closeStream(_ id: Int32, errorCode: UInt32) {
        guard let stream = withStream(id, { $0 }), stream.slot < streams.count, streams[stream.slot] === stream
        else { return }
        let last = streams.removeLast()
        if last !== stream {
            streams[stream.slot] = last
            last.slot = stream.slot
        }
        stream.streamClosed(errorCode: errorCode)
    }

    /// The `GET /` page: the server's name and what it serves.
    func infoPage() -> [UInt8] {
        if let cachedInfoPage { return cachedInfoPage }
        var text = "\(configuration.serverName): a gRPC server (HTTP/2, h2c)\n\nservices:\n"
        for service in router.serviceNames {
            text += "  \(service)\n"
        }
        let page = Array(text.utf8)
        cachedInfoPage = page
        return page
    }
}
