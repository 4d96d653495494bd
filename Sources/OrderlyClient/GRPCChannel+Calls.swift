// The async/await call forms of a channel, by method path: unary, server streaming (an
// AsyncThrowingStream), client streaming (from a Sequence or AsyncSequence, with back-pressure)
// and bidirectional streaming. Task cancellation cancels the call (RST_STREAM CANCEL).
import OrderlyRPC

extension GRPCChannel {
    /// A unary call: one request, one response with its metadata. Throws `RPCError`.
    public func unary<Request: RPCMessage, Response: RPCMessage>(
        path: String, request: Request, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> ClientResponse<Response> {
        let call = ClientCall(core: core, compression: options.compression)
        let framed = MessageFramer.frame(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let observer = UnaryResponseObserver<Response> { continuation.resume(with: $0) }
                call.start(path: path, options: options, observer: observer, framed: framed, end: true)
            }
        } onCancel: {
            call.cancel()
        }
    }

    /// A server-streaming call: the responses as they arrive; the stream throws `RPCError` when
    /// the call fails. Ending iteration early cancels the call.
    public func serverStreaming<Request: RPCMessage, Response: RPCMessage>(
        path: String, request: Request, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) -> AsyncThrowingStream<Response, any Error> {
        let queue = ResponseQueue<Response>()
        let call = ClientCall(core: core, compression: options.compression)
        let observer = StreamResponseObserver<Response>(queue: queue)
        call.start(path: path, options: options, observer: observer, framed: MessageFramer.frame(request), end: true)
        // Dropping the stream before its end cancels the call.
        let release = ReleaseAction { if !queue.isDrained { call.cancel() } }
        return Self.pull(queue, release: release) { call.cancel() }
    }

    /// The consumer-facing stream over `queue`: each `next()` takes one message (and so lets
    /// credit flow again); a cancelled consumer task runs `cancel`.
    static func pull<Response: Sendable>(
        _ queue: ResponseQueue<Response>, release: ReleaseAction, cancel: @escaping @Sendable () -> Void
    ) -> AsyncThrowingStream<Response, any Error> {
        AsyncThrowingStream(unfolding: {
            _ = release
            return try await withTaskCancellationHandler {
                try await queue.next()
            } onCancel: {
                cancel()
            }
        })
    }

    /// A client-streaming call fed from a Sequence of requests.
    public func clientStreaming<Requests: Sequence, Response: RPCMessage>(
        path: String, requests: Requests, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> ClientResponse<Response> where Requests.Element: RPCMessage {
        let (call, outcome) = startClientStreaming(path: path, responseType: responseType, options: options)
        return try await withTaskCancellationHandler {
            for request in requests {
                guard await call.send(MessageFramer.frame(request)) else { break }
            }
            call.end()
            return try await Self.awaitOutcome(outcome)
        } onCancel: {
            call.cancel()
        }
    }

    /// A client-streaming call fed from an AsyncSequence of requests.
    public func clientStreaming<Requests: AsyncSequence, Response: RPCMessage>(
        path: String, requests: Requests, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> ClientResponse<Response> where Requests.Element: RPCMessage {
        let (call, outcome) = startClientStreaming(path: path, responseType: responseType, options: options)
        return try await withTaskCancellationHandler {
            do {
                for try await request in requests {
                    guard await call.send(MessageFramer.frame(request)) else { break }
                }
            } catch {
                call.cancel()
                throw error
            }
            call.end()
            return try await Self.awaitOutcome(outcome)
        } onCancel: {
            call.cancel()
        }
    }

    /// A bidirectional call: `requests` are sent as they come (from a task this starts), the
    /// responses arrive on the returned stream. Ending iteration early cancels the call.
    public func bidirectionalStreaming<Requests: AsyncSequence & Sendable, Response: RPCMessage>(
        path: String, requests: Requests, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) -> AsyncThrowingStream<Response, any Error> where Requests.Element: RPCMessage {
        let queue = ResponseQueue<Response>()
        let stop = startBidirectional(
            path: path, requests: requests, options: options, observer: StreamResponseObserver<Response>(queue: queue))
        let release = ReleaseAction { stop(!queue.isDrained) }
        return Self.pull(queue, release: release) { stop(true) }
    }

    private func startClientStreaming<Response: RPCMessage>(
        path: String, responseType: Response.Type, options: CallOptions
    ) -> (ClientCall, AsyncStream<Result<ClientResponse<Response>, RPCError>>) {
        let (outcome, continuation) = AsyncStream<Result<ClientResponse<Response>, RPCError>>.makeStream(
            bufferingPolicy: .bufferingNewest(1))
        let call = ClientCall(core: core, compression: options.compression)
        let observer = UnaryResponseObserver<Response> { result in
            continuation.yield(result)
            continuation.finish()
        }
        observer.call = call
        call.start(path: path, options: options, observer: observer, framed: nil, end: false)
        return (call, outcome)
    }

    private static func awaitOutcome<Response>(
        _ outcome: AsyncStream<Result<ClientResponse<Response>, RPCError>>
    ) async throws -> ClientResponse<Response> {
        for await result in outcome {
            return try result.get()
        }
        throw RPCError(.cancelled, "the call was cancelled")
    }
}

extension GRPCChannel {
    /// Starts a bidirectional call whose responses go to `observer` and whose `requests` are
    /// sent by a task this starts. Returns what the response stream runs when it terminates:
    /// stop pumping, and with `true` (the consumer cancelled) cancel the call.
    func startBidirectional<Requests: AsyncSequence & Sendable, Response: RPCMessage>(
        path: String, requests: Requests, options: CallOptions, observer: StreamResponseObserver<Response>
    ) -> @Sendable (_ cancelled: Bool) -> Void where Requests.Element: RPCMessage {
        let call = ClientCall(core: core, compression: options.compression)
        observer.call = call
        call.start(path: path, options: options, observer: observer, framed: nil, end: false)
        let pump = Task {
            do {
                for try await request in requests {
                    guard await call.send(MessageFramer.frame(request)) else { return }
                }
                call.end()
            } catch {
                call.cancel()
            }
        }
        return { cancelled in
            pump.cancel()
            if cancelled { call.cancel() }
        }
    }
}
