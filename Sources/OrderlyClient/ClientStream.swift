// One HTTP/2 stream of a client call: the request bytes waiting for nghttp2's data provider, the
// response headers, messages and trailers as they arrive, and the one place a call ends
// (`finish`), whatever ended it: trailers, RST_STREAM, deadline, cancellation, a lost connection.
import CNGHTTP2
import Glibc
import OrderlyRPC
import OrderlyTransport

/// What a call hears about its stream. Every call is on the channel's loop thread (observers
/// are created elsewhere and handed over once, hence Sendable); after
/// `streamFinished` nothing more is delivered.
protocol ClientStreamObserver: AnyObject, Sendable {
    /// The response headers arrived (not for a trailers-only response).
    func streamReceivedHeaders(_ metadata: Metadata)
    /// One response message; valid only during the call. Returning an error ends the call with it.
    func streamReceivedMessage(_ bytes: UnsafeRawBufferPointer) -> RPCError?
    /// The call ended: `error` is nil for OK.
    func streamFinished(_ error: RPCError?, trailers: Metadata)
    /// Buffered request bytes fell below the low-water mark (for senders that wait).
    func streamBecameWritable()
    /// Unread response bytes of a flow-controlled consumer; nil: credit is granted at once.
    var receiveBuffering: RequestBuffering? { get }
}

extension ClientStreamObserver {
    /// No receive-side throttling.
    var receiveBuffering: RequestBuffering? { nil }
}

/// The client side of one HTTP/2 stream (loop thread only).
final class ClientStream {
    /// Pending request bytes above this make `isWritable` false.
    static let highWater = 256 * 1024

    let loop: EventLoop
    @exclusivity(unchecked) private(set) var id: Int32 = 0
    /// Cleared when the stream finishes, which breaks the session ↔ stream cycle.
    @exclusivity(unchecked) private var session: HTTP2ClientSession?
    @exclusivity(unchecked) private var observer: (any ClientStreamObserver)?
    @exclusivity(unchecked) private(set) var isFinished = false

    // Request side.
    @exclusivity(unchecked) private var outbound: [UInt8] = []
    @exclusivity(unchecked) private var outboundOffset = 0
    @exclusivity(unchecked) private var localEnded = false
    @exclusivity(unchecked) private var dataDeferred = false
    @exclusivity(unchecked) private var waitingForWritable = false

    // Response side.
    @exclusivity(unchecked) private var httpStatus = 0
    @exclusivity(unchecked) private var sawResponseHeaders = false
    @exclusivity(unchecked) private var contentTypeIsGRPC = false
    @exclusivity(unchecked) private var grpcStatus: Int?
    @exclusivity(unchecked) private var grpcMessage = ""
    @exclusivity(unchecked) private var initialMetadata = Metadata()
    @exclusivity(unchecked) private var trailers = Metadata()
    @exclusivity(unchecked) private var inTrailers = false
    @exclusivity(unchecked) private var deframer: MessageDeframer
    @exclusivity(unchecked) private var deadlineTimer: TimerID?

    init(loop: EventLoop, observer: any ClientStreamObserver, maxMessageSize: Int) {
        self.loop = loop
        self.observer = observer
        self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
    }

    // The session's list of open streams: `next` retains, `previous` does not (the list owner
    // or the previous stream holds this one).
    @exclusivity(unchecked) private var next: ClientStream?
    private unowned(unsafe) var previous: ClientStream?
    @exclusivity(unchecked) private(set) var isLinked = false

    /// Puts this stream in front of `head` (the session then makes it the head).
    func link(before head: ClientStream?) {
        next = head
        head?.previous = self
        previous = nil
        isLinked = true
    }

    /// Takes this stream out of the list; returns its successor (the new head if it was first).
    func unlink() -> ClientStream? {
        let successor = next
        successor?.previous = previous
        previous?.next = successor
        next = nil
        previous = nil
        isLinked = false
        return successor
    }

    /// Binds the stream to its session once nghttp2 assigned an id.
    func attach(session: HTTP2ClientSession, id: Int32) {
        self.session = session
        self.id = id
    }

    /// Whether more request bytes may be queued without waiting.
    var isWritable: Bool { outbound.count - outboundOffset < Self.highWater }

    // MARK: Request side

    /// Queues framed request bytes (and, with `end`, the end of the request stream).
    func send(_ framed: UnsafeRawBufferPointer, end: Bool) {
        guard !isFinished, !localEnded else { return }
        if framed.count > 0 { outbound.append(contentsOf: framed) }
        if end { localEnded = true }
        resumeIfDeferred()
    }

    /// Takes `framed` as the whole request (shares the array's storage: no copy), e.g. a
    /// preframed unary request. Only before anything else was queued.
    func setRequest(_ framed: [UInt8], end: Bool) {
        guard !isFinished, !localEnded, outbound.isEmpty else { return }
        outbound = framed
        outboundOffset = 0
        if end { localEnded = true }
        resumeIfDeferred()
    }

    /// Ends the request stream with no more messages.
    func endRequest() {
        guard !isFinished, !localEnded else { return }
        localEnded = true
        resumeIfDeferred()
    }

    /// Asks for `streamBecameWritable` once buffered bytes drain (immediately if they have).
    func notifyWhenWritable() {
        if isWritable {
            observer?.streamBecameWritable()
        } else {
            waitingForWritable = true
        }
    }

    private func resumeIfDeferred() {
        guard let session else { return }
        if dataDeferred {
            dataDeferred = false
            session.resumeData(streamID: id)
        }
        session.scheduleFlush()
    }

    /// nghttp2's data provider: copies what is buffered, defers when empty and not ended.
    func readBody(into buffer: UnsafeMutablePointer<UInt8>, length: Int, flags: UnsafeMutablePointer<UInt32>) -> Int {
        let available = outbound.count - outboundOffset
        let count = min(available, length)
        if count > 0 {
            outbound.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                buffer.update(from: base + outboundOffset, count: count)
            }
            outboundOffset += count
            if outboundOffset == outbound.count {
                // Not removeAll(keepingCapacity:): the storage may be a caller's shared array.
                outbound = []
                outboundOffset = 0
            }
            if waitingForWritable && isWritable {
                waitingForWritable = false
                observer?.streamBecameWritable()
            }
        }
        if outboundOffset == outbound.count && localEnded {
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            return count
        }
        if count > 0 { return count }
        dataDeferred = true
        return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }

    // MARK: Response side

    /// One header field of the response headers (`trailer` false) or of the trailers.
    func receiveHeader(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, trailer: Bool) {
        guard !isFinished else { return }
        if trailer { inTrailers = true }
        if name.first == UInt8(ascii: ":") {
            if Self.equals(name, ":status") { httpStatus = Self.decimal(value) ?? 0 }
            return
        }
        if Self.equals(name, "grpc-status") {
            grpcStatus = Self.decimal(value)
        } else if Self.equals(name, "grpc-message") {
            grpcMessage = PercentEncoding.decode(String(decoding: value, as: UTF8.self))
        } else if Self.equals(name, "content-type") {
            contentTypeIsGRPC = Self.hasPrefix(value, "application/grpc")
        } else if Self.equals(name, "grpc-encoding"), !inTrailers {
            // An unknown encoding leaves the deframer without a codec: a flagged message then
            // fails the call with INTERNAL.
            deframer.compressor = MessageEncoding.registry.compressor(named: value)
        } else if !Self.isReserved(name) {
            let key = String(decoding: name, as: UTF8.self)
            let text = String(decoding: value, as: UTF8.self)
            if inTrailers {
                trailers.addWire(name: key, value: text)
            } else {
                initialMetadata.addWire(name: key, value: text)
            }
        }
    }

    /// A header block ended; the first one carries the initial metadata.
    func headersComplete(endStream: Bool) {
        guard !isFinished, !sawResponseHeaders else { return }
        sawResponseHeaders = true
        if !endStream && httpStatus == 200 {
            observer?.streamReceivedHeaders(initialMetadata)
        }
    }

    /// Stream-level credit held back while the consumer is behind.
    @exclusivity(unchecked) private var heldCredit = 0
    @exclusivity(unchecked) private var awaitingDrain = false

    /// Gives the server stream credit for `count` received bytes, unless the consumer has more
    /// than its high-water mark unread: then the credit waits until it has read enough.
    private func grantCredit(_ count: Int) {
        guard let session, count > 0 else { return }
        guard let buffering = observer?.receiveBuffering, buffering.isAboveHighWater else {
            session.consumeStream(id, count: count + heldCredit)
            heldCredit = 0
            return
        }
        heldCredit += count
        guard !awaitingDrain else { return }
        awaitingDrain = true
        // The consumer's thread fires this; the stream is only touched back on the loop.
        let stream = LoopBound(self)
        let loop = self.loop
        buffering.notifyWhenDrained {
            loop.execute {
                stream.value.releaseHeldCredit()
            }
        }
    }

    private func releaseHeldCredit() {
        awaitingDrain = false
        let credit = heldCredit
        heldCredit = 0
        guard !isFinished, let session else { return }
        session.consumeStream(id, count: credit)
    }

    /// Response body bytes: deframed into messages.
    func receiveData(_ bytes: UnsafeRawBufferPointer) {
        guard !isFinished else { return }
        defer { grantCredit(bytes.count) }
        guard httpStatus == 200 else { return }  // an HTTP error body is not gRPC
        var failure: RPCError?
        do {
            try deframer.process(bytes) { message in
                guard failure == nil, let observer else { return }
                failure = observer.streamReceivedMessage(message)
            }
        } catch {
            failure = RPCError(mapping: error)
        }
        if let failure { cancel(with: failure) }
    }

    /// The server ended the stream: the status comes from the trailers (or the HTTP status).
    func receiveEnd() {
        guard !isFinished else { return }
        if !inTrailers {
            // Trailers-only response: its one header block is the trailers.
            trailers = initialMetadata
        }
        finish(Self.status(http: httpStatus, grpc: grpcStatus, message: grpcMessage, isGRPC: contentTypeIsGRPC,
                           partial: deframer.hasPartialMessage, trailers: trailers),
               trailers: trailers)
    }

    /// nghttp2 closed the stream; if it ended without trailers, say why.
    func streamClosed(errorCode: UInt32) {
        guard !isFinished else { return }
        switch errorCode {
        case NGHTTP2_NO_ERROR.rawValue:
            finish(RPCError(.internalError, "stream closed without a gRPC status"), trailers: Metadata())
        case NGHTTP2_REFUSED_STREAM.rawValue:
            finish(RPCError(.unavailable, "the server refused the stream"), trailers: Metadata())
        case NGHTTP2_CANCEL.rawValue:
            finish(RPCError(.cancelled, "the server cancelled the stream"), trailers: Metadata())
        default:
            finish(RPCError(.internalError, "stream reset by the server (HTTP/2 error \(errorCode))"),
                   trailers: Metadata())
        }
    }

    // MARK: Ending

    /// Arms the local deadline: when it fires the stream is reset and the call fails.
    func startDeadline(_ timeout: Duration) {
        deadlineTimer = loop.scheduleTimer(after: timeout) { [self] in
            deadlineTimer = nil
            cancel(with: RPCError(.deadlineExceeded, "deadline exceeded"))
        }
    }

    /// Resets the stream (RST_STREAM CANCEL) and ends the call with `error`.
    func cancel(with error: RPCError) {
        guard !isFinished else { return }
        session?.resetStream(id, errorCode: NGHTTP2_CANCEL.rawValue)
        finish(error, trailers: Metadata())
    }

    /// The single exit: tells the observer once, then drops every reference.
    func finish(_ error: RPCError?, trailers: Metadata) {
        guard !isFinished else { return }
        isFinished = true
        if let deadlineTimer {
            loop.cancelTimer(deadlineTimer)
            self.deadlineTimer = nil
        }
        let observer = self.observer
        self.observer = nil
        session = nil
        outbound = []
        observer?.streamFinished(error, trailers: trailers)
    }

    // MARK: Helpers

    /// Byte comparison with a literal (header names arrive lower-case from nghttp2).
    @inline(__always)
    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && hasPrefix(bytes, literal)
    }

    @inline(__always)
    private static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        guard count > 0, let base = bytes.baseAddress else { return true }
        return memcmp(base, literal.utf8Start, count) == 0
    }

    private static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isReserved(_ name: UnsafeRawBufferPointer) -> Bool {
        Self.equals(name, "grpc-encoding") || Self.equals(name, "grpc-accept-encoding")
            || Self.equals(name, "content-length")
    }

    /// The call's outcome from what the server sent (PROTOCOL-HTTP2.md and http-grpc-status-mapping.md).
    static func status(
        http: Int, grpc: Int?, message: String, isGRPC: Bool, partial: Bool, trailers: Metadata
    ) -> RPCError? {
        if let grpc {
            guard let code = StatusCode(wireValue: grpc) else {
                return RPCError(.unknown, "invalid grpc-status \(grpc)", trailers: trailers)
            }
            if code == .ok {
                return partial ? RPCError(.internalError, "the response ended inside a message") : nil
            }
            return RPCError(code, message, trailers: trailers)
        }
        if http == 200 && !isGRPC {
            return RPCError(.unknown, "the response is not gRPC (content-type is not application/grpc)", trailers: trailers)
        }
        if http != 200 {
            let code: StatusCode
            switch http {
            case 400: code = .internalError
            case 401: code = .unauthenticated
            case 403: code = .permissionDenied
            case 404: code = .unimplemented
            case 429, 502, 503, 504: code = .unavailable
            default: code = .unknown
            }
            return RPCError(code, "HTTP status \(http)", trailers: trailers)
        }
        return RPCError(.internalError, "the response ended without grpc-status", trailers: trailers)
    }
}

/// Carries a loop-thread-only object through a Sendable closure that runs it back on its loop.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
