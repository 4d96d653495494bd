// The typed registration methods services use: one call per method, choosing how the handler
// runs. Inline handlers run on the connection's loop thread (the fast path: no hop, no Task);
// async ones run in a Task; deferred ones answer later from any thread through a callback.
// They are @inlinable so that each service's call objects are specialised where the service is
// registered: the per-call allocation then needs no runtime generic-metadata lookup.

extension RPCRouter {
    /// A unary method whose handler runs inline on the loop thread: it must not block.
    @inlinable
    public mutating func unary<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (Request, ServerContext) throws -> Response
    ) {
        addSingle(service, method, .unary, SingleRequestBody<Request, Response>.unaryInline(handler))
    }

    /// A unary method whose handler runs in a Task; the answer hops back to the loop.
    @inlinable
    public mutating func unaryAsync<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        addSingle(service, method, .unary, SingleRequestBody<Request, Response>.unaryAsync(handler))
    }

    /// A unary method that answers later, from any thread, through its `UnaryResponder`. The
    /// handler itself is called on the loop thread and must return promptly.
    @inlinable
    public mutating func unaryDeferred<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (Request, ServerContext, UnaryResponder<Response>) -> Void
    ) {
        addSingle(service, method, .unary, SingleRequestBody<Request, Response>.unaryDeferred(handler))
    }

    /// A server-streaming method run in a Task; returning ends the call OK, throwing ends it
    /// with the error's status.
    @inlinable
    public mutating func serverStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) {
        addSingle(service, method, .serverStreaming, SingleRequestBody<Request, Response>.streamingAsync(handler))
    }

    /// A server-streaming method called on the loop thread that keeps its writer, writes from
    /// any thread and ends the call itself with `writer.finish`.
    @inlinable
    public mutating func serverStreamingDeferred<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, ServerContext) -> Void
    ) {
        addSingle(
            service, method, .serverStreaming, SingleRequestBody<Request, Response>.streamingDeferred(handler))
    }

    /// A client-streaming method, run in a Task.
    @inlinable
    public mutating func clientStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (RequestStream<Request>, ServerContext) async throws -> Response
    ) {
        addStreaming(
            service, method, .clientStreaming, StreamingRequestBody<Request, Response>.clientStreaming(handler))
    }

    /// A bidirectional-streaming method, run in a Task.
    @inlinable
    public mutating func bidiStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ service: String, _ method: String,
        _ handler: @escaping @Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerContext) async throws
            -> Void
    ) {
        addStreaming(service, method, .bidiStreaming, StreamingRequestBody<Request, Response>.bidi(handler))
    }

    @inlinable
    mutating func addSingle<Request, Response>(
        _ service: String, _ method: String, _ kind: RPCKind, _ body: SingleRequestBody<Request, Response>
    ) {
        add(
            RPCRoute(
                service: service, method: method, path: "/\(service)/\(method)", kind: kind,
                makeCall: { context, sink in SingleRequestCall(body: body, context: context, sink: sink) }))
    }

    @inlinable
    mutating func addStreaming<Request, Response>(
        _ service: String, _ method: String, _ kind: RPCKind, _ body: StreamingRequestBody<Request, Response>
    ) {
        add(
            RPCRoute(
                service: service, method: method, path: "/\(service)/\(method)", kind: kind,
                makeCall: { context, sink in StreamingRequestCall(body: body, context: context, sink: sink) }))
    }
}
