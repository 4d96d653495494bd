// The four call shapes as `ServerCallHandler`s: they decode requests, enforce the shape (one
// request for unary and server-streaming calls), run the user's handler in the chosen way (inline,
// in a Task, or deferred to a callback) and turn its result or error into messages and a status.

/// How a single-request call runs its handler.
@usableFromInline
enum SingleRequestBody<Request: RPCMessage, Response: RPCMessage>: Sendable {
    case unaryInline(@Sendable (Request, ServerContext) throws -> Response)
    case unaryAsync(@Sendable (Request, ServerContext) async throws -> Response)
    case unaryDeferred(@Sendable (Request, ServerContext, UnaryResponder<Response>) -> Void)
    case streamingAsync(@Sendable (Request, ResponseWriter<Response>, ServerContext) async throws -> Void)
    case streamingDeferred(@Sendable (Request, ResponseWriter<Response>, ServerContext) -> Void)
}

/// Unary and server-streaming calls: exactly one request, then the handler.
@usableFromInline
final class SingleRequestCall<Request: RPCMessage, Response: RPCMessage>: ServerCallHandler {
    private let body: SingleRequestBody<Request, Response>
    private let context: ServerContext
    private let sink: any ServerCallSink
    /// The decoded request, held as an existential: an optional of the generic `Request` would
    /// make this unspecialised code look its metadata up at run time on every access.
    /// Loop-thread only; `@exclusivity(unchecked)` drops the dynamic access check on the
    /// per-call hot path (the package cannot use the unchecked-exclusivity compiler flag here).
    @exclusivity(unchecked) private var request: (any RPCMessage)?
    @exclusivity(unchecked) private var done = false
    /// Single-request calls hold at most one message: nothing to throttle.
    @usableFromInline
    var requestBuffering: RequestBuffering? { nil }

    @usableFromInline
    init(body: SingleRequestBody<Request, Response>, context: ServerContext, sink: any ServerCallSink) {
        self.body = body
        self.context = context
        self.sink = sink
    }

    @usableFromInline
    func receive(message: UnsafeRawBufferPointer) {
        guard !done else { return }
        guard request == nil else {
            fail(RPCError(.internalError, "more than one request message for a single-request method"))
            return
        }
        do {
            request = try Request(requestBytes: message)
        } catch {
            fail(error)
        }
    }

    @usableFromInline
    func receiveEnd() {
        guard !done else { return }
        done = true
        guard let stored = request else {
            sink.finish(code: .internalError, message: "the client sent no request message")
            return
        }
        self.request = nil
        run(stored)
    }

    /// Runs the handler. Opening the existential first makes the cast below one between two
    /// concrete types, which the runtime settles by comparing them (from `any RPCMessage` it
    /// unwraps the box and recurses: ~400 instructions a call).
    private func run(_ decoded: some RPCMessage) {
        guard let request = decoded as? Request else {
            sink.finish(code: .internalError, message: "the request message has an unexpected type")
            return
        }
        let context = context
        let sink = sink
        switch body {
        case .unaryInline(let handler):
            do {
                let response = try handler(request, context)
                sink.send(framedMessage: MessageFramer.frame(response))
                sink.finish(code: .ok, message: "")
            } catch {
                sink.finish(error: error, context: context)
            }
        case .unaryAsync(let handler):
            let task = Task {
                do {
                    let response = try await handler(request, context)
                    sink.send(framedMessage: MessageFramer.frame(response))
                    sink.finish(code: .ok, message: "")
                } catch {
                    sink.finish(error: error, context: context)
                }
            }
            context.onCancel { task.cancel() }
        case .unaryDeferred(let handler):
            handler(request, context, UnaryResponder(sink: sink, context: context))
        case .streamingAsync(let handler):
            let writer = ResponseWriter<Response>(sink: sink, context: context)
            let task = Task {
                do {
                    try await handler(request, writer, context)
                    writer.finish()
                } catch {
                    writer.finish(throwing: error)
                }
            }
            context.onCancel { task.cancel() }
        case .streamingDeferred(let handler):
            handler(request, ResponseWriter(sink: sink, context: context), context)
        }
    }

    @usableFromInline
    func cancelled() {
        done = true
        request = nil
    }

    private func fail(_ error: any Error) {
        done = true
        request = nil
        sink.finish(error: error, context: context)
    }
}

/// How a streaming-request call runs its handler.
@usableFromInline
enum StreamingRequestBody<Request: RPCMessage, Response: RPCMessage>: Sendable {
    case clientStreaming(@Sendable (RequestStream<Request>, ServerContext) async throws -> Response)
    case bidi(@Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerContext) async throws -> Void)
}

/// Client-streaming and bidirectional calls: the handler starts at once, in a Task, and reads
/// the requests as they arrive.
@usableFromInline
final class StreamingRequestCall<Request: RPCMessage, Response: RPCMessage>: ServerCallHandler {
    private let context: ServerContext
    private let sink: any ServerCallSink
    private let continuation: AsyncThrowingStream<RequestStream<Request>.Entry, any Error>.Continuation
    /// Loop-thread only; see `SingleRequestCall.done`.
    @exclusivity(unchecked) private var done = false
    /// Unread request bytes; the transport holds back flow-control credit above its mark.
    @usableFromInline
    let requestBuffering: RequestBuffering?

    @usableFromInline
    init(body: StreamingRequestBody<Request, Response>, context: ServerContext, sink: any ServerCallSink) {
        self.context = context
        self.sink = sink
        let buffering = RequestBuffering(highWater: context.maxBufferedRequestBytes)
        requestBuffering = buffering
        let (stream, continuation) = AsyncThrowingStream<RequestStream<Request>.Entry, any Error>.makeStream()
        self.continuation = continuation
        let requests = RequestStream(base: stream, buffering: buffering)
        let task: Task<Void, Never>
        switch body {
        case .clientStreaming(let handler):
            task = Task {
                do {
                    let response = try await handler(requests, context)
                    sink.send(framedMessage: MessageFramer.frame(response))
                    sink.finish(code: .ok, message: "")
                } catch {
                    sink.finish(error: error, context: context)
                }
            }
        case .bidi(let handler):
            let writer = ResponseWriter<Response>(sink: sink, context: context)
            task = Task {
                do {
                    try await handler(requests, writer, context)
                    writer.finish()
                } catch {
                    writer.finish(throwing: error)
                }
            }
        }
        context.onCancel {
            continuation.finish(throwing: RPCError(.cancelled, "the call was cancelled"))
            task.cancel()
        }
    }

    @usableFromInline
    func receive(message: UnsafeRawBufferPointer) {
        guard !done else { return }
        do {
            let request = try Request(requestBytes: message)
            let size = message.count + 5
            requestBuffering?.added(size)
            continuation.yield((request, size, context.requestMessageWasCompressed))
        } catch {
            done = true
            let error = RPCError(mapping: error)
            continuation.finish(throwing: error)
            sink.finish(error: error, context: context)
        }
    }

    @usableFromInline
    func receiveEnd() {
        guard !done else { return }
        done = true
        continuation.finish()
    }

    @usableFromInline
    func cancelled() {
        done = true
        continuation.finish(throwing: RPCError(.cancelled, "the call was cancelled"))
    }
}
