// One HTTP/2 stream of a server session: collects the request headers, validates them as a
// gRPC request (PROTOCOL-HTTP2.md), deframes the body into the RPC handler, and is the
// handler's `ServerCallSink`. Mutable state is touched on the loop thread only; the sink methods
// hop there when called from elsewhere, which is why the class is @unchecked Sendable.
import CNGHTTP2
import OrderlyRPC
import Synchronization

final class GRPCServerStream: ServerCallSink, @unchecked Sendable {
    enum RequestMethod { case none, post, get, other }
    enum ContentType { case missing, grpc, other }

    let id: Int32
    /// This stream's index in its session's `streams`.
    var slot = 0
    /// The session's receive batch in which the stream's HEADERS arrived (rapid-reset accounting).
    var openedInBatch = 0
    let loop: any HTTP2EventLoop
    /// The owning session. Unowned and unchecked because a weak reference would put every
    /// retain of the session on the slow path. Streams can outlive the session inside queued
    /// closures, so the rule is: touch `session` only while `closed` is false; the session marks
    /// every stream closed before it goes away (connectionClosed, deinit).
    unowned(unsafe) let session: HTTP2ServerSession

    // Request headers.
    var method = RequestMethod.none
    var route: RPCRoute?
    var pathText: String?
    var isRootPath = false
    var contentType = ContentType.missing
    var unsupportedEncoding: String?
    /// The request's codec (`grpc-encoding`), nil for identity.
    var requestCompressor: (any MessageCompressor)?
    /// The client's `grpc-accept-encoding`, kept only when the server has codecs.
    var acceptEncoding: String?
    /// How responses are compressed; set before the handler exists, then only read.
    var compression: ResponseCompression?
    var timeout: Duration?
    var malformedTimeout = false
    var rawHeaders = RawHeaderBlock()
    /// Decoded size of the request header list so far, against maxHeaderListSize.
    var headerListBytes = 0

    // The call.
    /// When the call started (monotonic nanoseconds), 0 unless its metrics are recorded. An
    /// integer: an optional Instant (a resilient type) costs value-witness calls per stream.
    var startedAt: Int64 = 0
    var context: ServerContext?
    var handler: (any ServerCallHandler)?
    var deframer: MessageDeframer
    var deadlineTimer: (any Sendable)?
    /// Stream-level flow-control credit held back while the handler has too much unread.
    var heldBackCredit = 0
    var awaitingDrain = false

    // The response.
    var headersSubmitted = false
    var outbound: [UInt8] = []
    var outboundOffset = 0
    var finishRequested = false
    var finishCode = StatusCode.ok
    var finishMessage = ""
    var isPlainHTTP = false
    var dataDeferred = false
    var closed = false
    private let pending = Atomic<Int>(0)

    init(id: Int32, loop: any HTTP2EventLoop, session: HTTP2ServerSession, maxMessageSize: Int) {
        self.id = id
        outputBudget = session.outputBudget
        self.loop = loop
        self.session = session
        self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
    }

    // MARK: ServerCallSink (any thread)

    var pendingOutboundBytes: Int { pending.load(ordering: .relaxed) }

    /// The connection's or the server's output budget is used up.
    var isOverSharedBudget: Bool { outputBudget.isExhausted }
    /// The connection's output budget (and through it the server's); a `let`, read on the hot
    /// path without reference counting.
    let outputBudget: OutputBudget

    func send(framedMessage: [UInt8]) {
        if let compression, framedMessage.count > 5, let compressor = compression.current {
            sendCompressed(framedMessage, with: compressor, compression)
        } else {
            enqueue(framedMessage)
        }
    }

    /// Compressed on the writer's thread, not the loop's. Out of line: most calls never get here.
    @inline(never)
    private func sendCompressed(
        _ framedMessage: [UInt8], with compressor: any MessageCompressor, _ compression: ResponseCompression
    ) {
        guard let compressed = try? MessageFramer.compress(framed: framedMessage, with: compressor) else {
            enqueue(framedMessage)
            return
        }
        compression.markUsed()
        enqueue(compressed)
    }

    @inline(__always)
    private func enqueue(_ framed: [UInt8]) {
        pending.add(framed.count, ordering: .relaxed)
        // Counted now, on the writer's thread, so that the next write sees it; the loop gives
        // it back as bytes go out, are dropped, or the stream closes.
        outputBudget.add(framed.count)
        if loop.inEventLoop {
            sendOnLoop(framed)
        } else {
            loop.execute { self.sendOnLoop(framed) }
        }
    }

    func finish(code: StatusCode, message: String) {
        if loop.inEventLoop {
            finishOnLoop(code: code, message: message)
        } else {
            loop.execute { self.finishOnLoop(code: code, message: message) }
        }
    }

    // MARK: Response (loop thread)

    func sendOnLoop(_ framed: [UInt8]) {
        guard !closed, !finishRequested else {
            pending.subtract(framed.count, ordering: .relaxed)
            releaseBudget(framed.count)
            return
        }
        session.notePeakOutput()
        if outboundOffset == outbound.count {
            outbound = framed
            outboundOffset = 0
        } else {
            // A stream that never drains completely would otherwise grow its buffer forever.
            if outboundOffset >= 64 << 10, outboundOffset * 2 >= outbound.count {
                outbound.removeFirst(outboundOffset)
                outboundOffset = 0
            }
            outbound.append(contentsOf: framed)
        }
        if !headersSubmitted {
            headersSubmitted = true
            let extra = context?.takeResponseHeaders() ?? Metadata()
            let encoding = compression?.announced
            if extra.isEmpty, encoding == nil {
                session.submitResponse(streamID: id, headers: session.grpcResponseHeaders, withBody: true)
            } else {
                var headers = HeaderList()
                headers.add(":status", "200")
                headers.add("content-type", "application/grpc")
                if let encoding {
                    headers.add("grpc-encoding", encoding.name)
                }
                if !session.configuration.compression.isEmpty {
                    headers.add("grpc-accept-encoding", session.configuration.compression.acceptEncoding)
                }
                headers.add(extra)
                session.submitResponse(streamID: id, headers: headers, withBody: true)
            }
        } else {
            resumeIfDeferred()
        }
        session.scheduleFlush()
    }

    func finishOnLoop(code: StatusCode, message: String) {
        guard !closed, !finishRequested else { return }
        finishRequested = true
        finishCode = code
        finishMessage = message
        if startedAt != 0, let route {
            route.stats.finished(code: code.rawValue, nanoseconds: MonotonicClock.nanoseconds() - startedAt)
        }
        if !headersSubmitted {
            // Trailers-Only: one HEADERS frame carrying the status, with END_STREAM.
            headersSubmitted = true
            var headers = HeaderList()
            headers.add(":status", "200")
            headers.add("content-type", "application/grpc")
            addStatus(to: &headers)
            if let context { headers.add(context.takeResponseHeaders()) }
            if let context { headers.add(context.takeTrailers()) }
            session.submitResponse(streamID: id, headers: headers, withBody: false)
        } else {
            resumeIfDeferred()
        }
        cancelDeadline()
        session.scheduleFlush()
    }

    /// A non-gRPC answer (`GET /`, 405, 415): status, optional text body, END_STREAM.
    func respondPlain(status: StaticString, body: [UInt8]) {
        guard !closed, !headersSubmitted else { return }
        headersSubmitted = true
        finishRequested = true
        isPlainHTTP = true
        var headers = HeaderList()
        headers.add(":status", status)
        headers.add("content-type", "text/plain; charset=utf-8")
        outbound = body
        session.submitResponse(streamID: id, headers: headers, withBody: !body.isEmpty)
        session.scheduleFlush()
    }

    private func addStatus(to headers: inout HeaderList) {
        headers.add("grpc-status", finishCode.wireText)
        if !finishMessage.isEmpty {
            headers.add("grpc-message", PercentEncoding.encode(finishMessage))
        }
    }

    private func resumeIfDeferred() {
        if dataDeferred {
            dataDeferred = false
            session.resumeData(streamID: id)
        }
    }

    /// The data-source read callback: copies queued bytes; when all is sent and the call is
    /// finished, submits the trailers from here so they cannot overtake queued DATA.
    func readBody(into buffer: UnsafeMutablePointer<UInt8>, length: Int, flags: UnsafeMutablePointer<UInt32>) -> Int {
        let available = outbound.count - outboundOffset
        let count = min(available, length)
        if count > 0 {
            session.noteOutput()
            outbound.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                buffer.update(from: base + outboundOffset, count: count)
            }
            outboundOffset += count
            if !isPlainHTTP {
                pending.subtract(count, ordering: .relaxed)
                releaseBudget(count)
            }
            if outboundOffset == outbound.count {
                outbound.removeAll(keepingCapacity: true)
                outboundOffset = 0
            }
        }
        guard outboundOffset == outbound.count else { return count }
        if finishRequested {
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            if !isPlainHTTP {
                flags.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                let extra = context?.takeTrailers() ?? Metadata()
                if finishCode == .ok, finishMessage.isEmpty, extra.isEmpty {
                    session.submitTrailers(streamID: id, headers: StaticHeaders.okTrailers)
                } else {
                    var trailers = HeaderList()
                    addStatus(to: &trailers)
                    trailers.add(extra)
                    session.submitTrailers(streamID: id, headers: trailers)
                }
            }
            return count
        }
        if count > 0 { return count }
        dataDeferred = true
        return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }

    @inline(__always)
    private func releaseBudget(_ count: Int) {
        outputBudget.subtract(count)
    }

    // MARK: Lifecycle (loop thread)

    func startDeadline(_ timeout: Duration) {
        deadlineTimer = loop.scheduleDeadline(after: timeout) { [self] in
            deadlineTimer = nil
            guard !closed, !finishRequested else { return }
            finishOnLoop(code: .deadlineExceeded, message: "deadline exceeded")
            abandonCall()
        }
    }

    private func cancelDeadline() {
        // Checking `timeout` first keeps the common no-deadline path off the existential.
        if timeout != nil, let timer = deadlineTimer {
            deadlineTimer = nil
            loop.cancelDeadline(timer)
        }
    }

    /// Tells the handler its call is over without a normal end.
    func abandonCall() {
        context?.cancel()
        handler?.cancelled()
        handler = nil
    }

    /// nghttp2 closed the stream (normally, by RST_STREAM, or with the connection).
    func streamClosed(errorCode: UInt32) {
        let endedEarly = !finishRequested || errorCode != NGHTTP2_NO_ERROR.rawValue
        let unsent = outbound.count - outboundOffset
        if unsent > 0, !isPlainHTTP {
            pending.subtract(unsent, ordering: .relaxed)
            releaseBudget(unsent)
        }
        if !finishRequested, startedAt != 0, let route {
            route.stats.finished(
                code: StatusCode.cancelled.rawValue, nanoseconds: MonotonicClock.nanoseconds() - startedAt)
        }
        closed = true
        cancelDeadline()
        if endedEarly { abandonCall() }
        handler = nil
        outbound = []
        outboundOffset = 0
    }
}
