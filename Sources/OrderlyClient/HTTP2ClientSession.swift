// One HTTP/2 client connection: owns its nghttp2 client session (created in init, deleted exactly
// once in `connectionClosed` or deinit), submits requests for calls, feeds nghttp2 the bytes the
// transport reads and hands the transport what nghttp2 produces. Lives on its loop thread.
import CNGHTTP2
import OrderlyRPC
import OrderlyTLS
import OrderlyTransport

/// The transport handler and nghttp2 client session of one channel connection.
final class HTTP2ClientSession: ConnectionHandler {
    /// The nghttp2 session; nil once deleted. This object is its only owner.
    @exclusivity(unchecked) private var session: OpaquePointer?
    @exclusivity(unchecked) private var connection: Connection?
    let loop: EventLoop
    /// Open streams as an intrusive list (cheaper per call than a dictionary); nghttp2's
    /// stream user data points at these without retaining them, the list retains them.
    @exclusivity(unchecked) private var openStreams: ClientStream?
    @exclusivity(unchecked) private var flushRequested = false
    @exclusivity(unchecked) private var failed = false
    /// The TCP connection came up (so a close is a lost connection, not a failed connect).
    @exclusivity(unchecked) private var wasActive = false
    /// "host:port", for error messages.
    var peer = ""
    /// False after GOAWAY, a protocol error or close: new calls need a new connection.
    @exclusivity(unchecked) private(set) var acceptsNewStreams = true
    /// Called once when the connection stops taking new streams (GOAWAY or close).
    var onRetired: ((HTTP2ClientSession) -> Void)?
    /// Called once when the connection has closed.
    var onClosed: ((HTTP2ClientSession) -> Void)?

    /// Keepalive settings, and its timers (loop thread).
    private let keepalive: KeepaliveConfiguration?
    @exclusivity(unchecked) private var keepaliveTimer: TimerID?
    @exclusivity(unchecked) private var ackTimer: TimerID?
    /// Why the connection was given up, when it was (keepalive timeout).
    @exclusivity(unchecked) private var deathReason: String?

    init(loop: EventLoop, configuration: ChannelConfiguration) {
        self.loop = loop
        keepalive = configuration.keepalive
        session = HTTP2ClientCallbacks.makeClientSession(owner: self)
        guard let session else {
            failed = true
            acceptsNewStreams = false
            return
        }
        var settings = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue),
                value: UInt32(configuration.initialStreamWindowSize)),
        ]
        var rv = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        if rv == 0 {
            rv = nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, configuration.connectionWindowSize)
        }
        if rv != 0 {
            failed = true
            acceptsNewStreams = false
        }
    }

    deinit {
        if let session { nghttp2_session_del(session) }
    }

    /// Opens the TCP connection (TLS when `tls` is given); the preface and SETTINGS are
    /// buffered until it is up (and, with TLS, the handshake has finished).
    func connect(host: String, port: Int, tls: TLSContext? = nil) throws {
        peer = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let tls {
            connection = try TLSConnectionHandler.connect(on: loop, host: host, port: port, context: tls, handler: self)
        } else {
            connection = try loop.connect(host: host, port: port, handler: self)
        }
        scheduleFlush()
    }

    /// Submits the request HEADERS (and a body provider) for `stream`. Returns an error when
    /// nghttp2 refuses (no stream ids left, GOAWAY received, session failed).
    func submit(_ stream: ClientStream, headers: RequestHeaders) -> RPCError? {
        guard let session, acceptsNewStreams else {
            return RPCError(.unavailable, "the connection is closing")
        }
        var provider = nghttp2_data_provider(
            source: nghttp2_data_source(ptr: Unmanaged.passUnretained(stream).toOpaque()),
            read_callback: HTTP2ClientCallbacks.readBody)
        let id = headers.withNV { nva, count in
            nghttp2_submit_request(session, nil, nva, count, &provider, Unmanaged.passUnretained(stream).toOpaque())
        }
        guard id > 0 else {
            if id == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE.rawValue || id == NGHTTP2_ERR_START_STREAM_NOT_ALLOWED.rawValue {
                retire()
            }
            return RPCError(.unavailable, "cannot open a stream: \(String(cString: nghttp2_strerror(id)))")
        }
        stream.attach(session: self, id: id)
        stream.link(before: openStreams)
        openStreams = stream
        scheduleFlush()
        return nil
    }

    // MARK: ConnectionHandler

    func connectionActive(_ connection: Connection) {
        wasActive = true
        scheduleKeepalive()
        scheduleFlush()
    }

    // MARK: Keepalive

    private func scheduleKeepalive() {
        guard let keepalive, connection != nil else { return }
        keepaliveTimer = loop.scheduleTimer(after: keepalive.interval) { [weak self] in
            self?.keepaliveTimer = nil
            self?.sendKeepalivePing()
        }
    }

    private func sendKeepalivePing() {
        guard let keepalive, let session, connection != nil else { return }
        guard keepalive.permitWithoutCalls || openStreams != nil else {
            scheduleKeepalive()
            return
        }
        guard nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil) == 0 else { return }
        scheduleFlush()
        ackTimer = loop.scheduleTimer(after: keepalive.timeout) { [weak self] in
            guard let self else { return }
            self.ackTimer = nil
            self.deathReason = "keepalive: no PING ACK from \(self.peer) within \(keepalive.timeout)"
            self.retire()
            self.connection?.abort()
        }
    }

    /// A PING ACK arrived: the peer is alive; the next ping after another interval.
    func receivedPingAck() {
        guard let timer = ackTimer else { return }
        loop.cancelTimer(timer)
        ackTimer = nil
        scheduleKeepalive()
    }

    private func stopKeepalive() {
        if let keepaliveTimer { loop.cancelTimer(keepaliveTimer) }
        if let ackTimer { loop.cancelTimer(ackTimer) }
        keepaliveTimer = nil
        ackTimer = nil
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        guard let session, !failed, let base = bytes.baseAddress else { return }
        let consumed = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if consumed < 0 {
            failed = true
            _ = nghttp2_session_terminate_session(session, NGHTTP2_PROTOCOL_ERROR.rawValue)
            retire()
        }
        scheduleFlush()
    }

    func connectionWillFlush(_ connection: Connection) {
        flushRequested = false
        guard let session else { return }
        while connection.isWritable || failed {
            var data: UnsafePointer<UInt8>?
            let length = nghttp2_session_mem_send(session, &data)
            guard length > 0, let data else {
                if length < 0 { failed = true }
                break
            }
            connection.write(UnsafeRawBufferPointer(start: data, count: length))
        }
        if failed || (nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0) {
            retire()
            connection.close()
        }
    }

    func connectionShouldDrain(_ connection: Connection) {
        retire()
    }

    /// The connection is gone: every open call fails with UNAVAILABLE and the session is deleted.
    func connectionClosed(_ connection: Connection) {
        retire()
        stopKeepalive()
        self.connection = nil
        var open: [ClientStream] = []
        while let stream = openStreams {
            openStreams = stream.unlink()
            open.append(stream)
        }
        // The session goes first (cleared before deleting, so no callback can reach a stream
        // through it); the streams it pointed at are still alive in `open`.
        if let session {
            self.session = nil
            nghttp2_session_del(session)
        }
        let tlsFailure = (connection.codec as? TLSConnectionHandler)?.failure.map { "TLS: \($0)" }
        let error = RPCError(.unavailable, deathReason ?? tlsFailure ?? (wasActive
            ? "the connection to \(peer) was lost"
            : "cannot connect to \(peer)"))
        for stream in open {
            stream.finish(error, trailers: Metadata())
        }
        let callback = onClosed
        onClosed = nil
        callback?(self)
    }

    /// Closes the connection after pending output (for `GRPCChannel.close`).
    func close() {
        retire()
        connection?.close()
    }

    // MARK: Helpers for streams and callbacks (loop thread)

    func scheduleFlush() {
        guard !flushRequested, let connection else { return }
        flushRequested = true
        connection.requestFlush()
    }

    /// Grants the server connection-level credit for received DATA (all of it, at once).
    func consumeConnection(_ count: Int) {
        guard let session, count > 0 else { return }
        _ = nghttp2_session_consume_connection(session, count)
    }

    /// Grants the server stream-level credit.
    func consumeStream(_ streamID: Int32, count: Int) {
        guard let session, count > 0, streamID > 0 else { return }
        _ = nghttp2_session_consume_stream(session, streamID, count)
        scheduleFlush()
    }

    func resumeData(streamID: Int32) {
        guard let session else { return }
        _ = nghttp2_session_resume_data(session, streamID)
    }

    func resetStream(_ streamID: Int32, errorCode: UInt32) {
        guard let session, streamID > 0 else { return }
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode)
        scheduleFlush()
    }

    /// The server sent GOAWAY: streams it will not process are closed by nghttp2 (REFUSED_STREAM
    /// codes), the rest finish; new calls go to a new connection.
    func receivedGoAway() {
        retire()
    }

    func closeStream(_ id: Int32, errorCode: UInt32) {
        guard let session, let pointer = nghttp2_session_get_stream_user_data(session, id) else { return }
        let stream = Unmanaged<ClientStream>.fromOpaque(pointer).takeUnretainedValue()
        guard stream.isLinked else { return }
        _ = nghttp2_session_set_stream_user_data(session, id, nil)
        if openStreams === stream {
            openStreams = stream.unlink()
        } else {
            _ = stream.unlink()
        }
        stream.streamClosed(errorCode: errorCode)
    }

    /// Runs `body` with stream `id`, if it is ours, without retaining it (`openStreams` does).
    @inline(__always)
    func withStream<Result>(_ id: Int32, _ body: (ClientStream) -> Result) -> Result? {
        guard let session, let pointer = nghttp2_session_get_stream_user_data(session, id) else { return nil }
        return Unmanaged<ClientStream>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    private func retire() {
        guard acceptsNewStreams || onRetired != nil else { return }
        acceptsNewStreams = false
        let callback = onRetired
        onRetired = nil
        callback?(self)
    }
}
