// The request side of a stream: header fields as nghttp2 delivers them, the end of the header
// block (where the request is validated and the call started), body chunks and the end of input.
import CNGHTTP2
import OrderlyRPC

extension UnsafeRawBufferPointer {
    /// Byte equality with a static ASCII string, without generic collection machinery (this
    /// runs for every header of every request).
    @inline(__always)
    func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for index in 0..<count where self[index] != other[index] {
            return false
        }
        return true
    }
}

extension GRPCServerStream {
    /// One request header field; names arrive lower-case (nghttp2 enforces HTTP/2's rules).
    func receiveHeader(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let first = name.first else { return }
        if first == UInt8(ascii: ":") {
            if name.equals(":path") {
                route = session.router.route(forPath: value)
                if route == nil {
                    isRootPath = value.equals("/")
                    pathText = String(decoding: value, as: UTF8.self)
                }
            } else if name.equals(":method") {
                method = value.equals("POST") ? .post : value.equals("GET") ? .get : .other
            }
            return
        }
        if name.equals("content-type") {
            contentType = Self.isGRPCContentType(value) ? .grpc : .other
        } else if name.equals("grpc-timeout") {
            timeout = GRPCTimeout.parse(value)
            malformedTimeout = timeout == nil
        } else if name.equals("grpc-encoding") {
            if value.equals("identity") {
                requestCompressor = nil
            } else if let compressor = session.configuration.compression.compressor(named: value) {
                requestCompressor = compressor
            } else {
                unsupportedEncoding = String(decoding: value, as: UTF8.self)
            }
        } else if name.equals("grpc-accept-encoding") {
            if !session.configuration.compression.isEmpty {
                acceptEncoding = String(decoding: value, as: UTF8.self)
            }
        } else if name.equals("te") || name.equals("content-length") {
            // HTTP framing and negotiation headers, not call metadata.
            return
        } else {
            rawHeaders.append(name: name, value: value)
        }
    }

    /// "application/grpc", optionally "+proto", optionally followed by ";parameters".
    static func isGRPCContentType(_ value: UnsafeRawBufferPointer) -> Bool {
        if value.equals("application/grpc") { return true }
        let base = "application/grpc".utf8
        guard value.count >= base.count, value.prefix(base.count).elementsEqual(base) else { return false }
        var rest = value.dropFirst(base.count)
        if rest.starts(with: "+proto".utf8) {
            rest = rest.dropFirst(6)
        }
        return rest.isEmpty || rest.first == UInt8(ascii: ";")
    }

    /// The header block is complete: answer early errors or start the call.
    func headersComplete() {
        guard !closed else { return }
        if method == .get || method == .other || method == .none {
            if method == .get, isRootPath {
                respondPlain(status: "200", body: session.infoPage())
            } else if method == .get {
                respondPlain(status: "404", body: Array("not found\n".utf8))
            } else {
                respondPlain(status: "405", body: Array("gRPC requests use POST\n".utf8))
            }
            return
        }
        guard contentType == .grpc else {
            respondPlain(status: "415", body: Array("content-type must be application/grpc\n".utf8))
            return
        }
        if let encoding = unsupportedEncoding {
            context = ServerContext(
                path: pathText ?? route?.path ?? "", requestMetadata: Metadata(), deadline: nil, peer: session.peer)
            context?.addTrailers([("grpc-accept-encoding", session.configuration.compression.acceptEncoding)])
            finishOnLoop(code: .unimplemented, message: "grpc-encoding \(encoding) is not supported")
            return
        }
        guard let route else {
            finishOnLoop(code: .unimplemented, message: "unknown method \(pathText ?? "")")
            return
        }
        if malformedTimeout {
            finishOnLoop(code: .internalError, message: "malformed grpc-timeout")
            return
        }
        if session.configuration.recordsCallMetrics {
            route.stats.started.increment()
            startedAt = MonotonicClock.nanoseconds()
        }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let compression = negotiateCompression()
        self.compression = compression
        if let requestCompressor { deframer.compressor = requestCompressor }
        let context = ServerContext(
            path: route.path, requestHeaders: rawHeaders, deadline: deadline, peer: session.peer,
            maxPendingResponseBytes: session.configuration.maxPendingResponseBytesPerStream,
            maxBufferedRequestBytes: session.configuration.maxBufferedRequestBytesPerStream,
            requestEncoding: requestCompressor?.name, responseCompression: compression)
        rawHeaders = RawHeaderBlock()
        self.context = context
        handler = route.makeCall(context, self)
        if let timeout { startDeadline(timeout) }
    }

    /// The response codec: the request's when the client accepts it back (doc/compression.md).
    private func negotiateCompression() -> ResponseCompression? {
        // Most calls: the client named no encodings (or the server has none).
        guard let acceptEncoding else { return nil }
        let registry = session.configuration.compression
        let accepted = CompressionRegistry.names(in: acceptEncoding)
        let negotiated = requestCompressor.flatMap { accepted.contains($0.name) ? $0 : nil }
        return ResponseCompression(negotiated: negotiated, acceptable: registry.firstAccepted(by: acceptEncoding))
    }

    /// A chunk of the request body (valid only during the call).
    func receiveData(_ chunk: UnsafeRawBufferPointer) {
        guard let handler, !finishRequested, !closed else {
            session.consume(streamID: id, count: chunk.count)
            return
        }
        do {
            if deframer.compressor == nil {
                try deframer.process(chunk) { message in
                    handler.receive(message: message)
                }
            } else {
                let context = context
                try deframer.process(chunk) { message, compressed in
                    context?.noteRequestMessage(compressed: compressed)
                    handler.receive(message: message)
                }
            }
        } catch {
            let error = RPCError(mapping: error)
            finishOnLoop(code: error.code, message: error.message)
            abandonCall()
        }
        grantCredit(for: chunk.count, buffering: handler.requestBuffering)
    }

    /// Gives the client its flow-control credit back, except on the stream while a streaming
    /// handler is behind: that credit is held until the handler has read enough.
    private func grantCredit(for count: Int, buffering: RequestBuffering?) {
        guard let buffering, buffering.isAboveHighWater, !finishRequested else {
            session.consume(streamID: id, count: count)
            return
        }
        session.consume(streamID: id, count: count, streamToo: false)
        heldBackCredit += count
        guard !awaitingDrain else { return }
        awaitingDrain = true
        buffering.notifyWhenDrained { [self] in
            loop.execute { [self] in
                awaitingDrain = false
                guard !closed else { return }
                let credit = heldBackCredit
                heldBackCredit = 0
                session.consumeStream(streamID: id, count: credit)
            }
        }
    }

    /// The client half-closed the stream.
    func receiveEnd() {
        guard let handler, !finishRequested, !closed else { return }
        if deframer.hasPartialMessage {
            finishOnLoop(code: .internalError, message: "the request ended inside a message")
            abandonCall()
            return
        }
        handler.receiveEnd()
    }
}
