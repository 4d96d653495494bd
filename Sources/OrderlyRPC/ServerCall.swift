// The seam between the RPC core and a transport. The transport implements `ServerCallSink` (its
// half of one call, callable from any thread); the router's routes create a `ServerCallHandler`
// (the RPC half) that the transport feeds on its own thread.

/// The transport's side of one call. Every method may be called from any thread: an
/// implementation hands work to its own thread when needed. Calls after `finish` are ignored.
public protocol ServerCallSink: AnyObject, Sendable {
    /// Queues one framed response message (5-byte header included). The first message also
    /// sends the response headers (`ServerContext.takeResponseHeaders`).
    func send(framedMessage: [UInt8])
    /// Ends the call with a status; trailers come from `ServerContext.takeTrailers`.
    func finish(code: StatusCode, message: String)
    /// Response bytes queued but not yet handed to the network, for back-pressure.
    var pendingOutboundBytes: Int { get }
    /// True when a bound shared with other calls (the connection's, the server's) is used up:
    /// writers are refused as if this call's own bound were reached.
    var isOverSharedBudget: Bool { get }
}

extension ServerCallSink {
    /// No shared bound by default.
    public var isOverSharedBudget: Bool { false }
}

/// The RPC side of one call, created by a route and driven by the transport on its own thread.
public protocol ServerCallHandler: AnyObject {
    /// One complete request message (the buffer is valid only during the call).
    func receive(message: UnsafeRawBufferPointer)
    /// The client finished sending (half-close).
    func receiveEnd()
    /// The call is over without a normal end: reset, deadline, or connection loss. The context
    /// is already cancelled.
    func cancelled()
    /// For streaming requests: the unread request bytes, so the transport can stop granting
    /// the client flow-control credit while the handler is behind. Nil: no throttling needed.
    var requestBuffering: RequestBuffering? { get }
}

extension ServerCallSink {
    /// Ends the call with the status `error` maps to, after adding its trailers to the context.
    func finish(error: any Error, context: ServerContext) {
        let error = RPCError(mapping: error)
        if !error.trailers.isEmpty {
            context.addTrailers(error.trailers)
        }
        finish(code: error.code, message: error.message)
    }
}
