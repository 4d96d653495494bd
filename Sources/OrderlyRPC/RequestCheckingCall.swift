// Lets an interceptor look inside the request of a single-request call before the handler sees
// it: the message is decoded, checked (and possibly narrowed, e.g. a filter forced to a value)
// and only then handed on, re-serialized. A check that throws answers the call with its status
// and the handler never sees the request.

/// Wraps the handler of a unary or server-streaming call with a check of its request.
public final class RequestCheckingCall<Request: RPCMessage>: ServerCallHandler {
    private let inner: any ServerCallHandler
    private let context: ServerContext
    private let sink: any ServerCallSink
    private let check: (Request) throws -> Request
    private var rejected = false

    /// `check` returns the request to run (the same one or a narrowed copy) or throws to refuse
    /// the call. It runs on the loop thread: it must not block.
    public init(
        inner: any ServerCallHandler, context: ServerContext, sink: any ServerCallSink,
        check: @escaping (Request) throws -> Request
    ) {
        self.inner = inner
        self.context = context
        self.sink = sink
        self.check = check
    }

    /// Decodes, checks and forwards one request message.
    public func receive(message: UnsafeRawBufferPointer) {
        guard !rejected else { return }
        do {
            let request = try check(try Request(requestBytes: message))
            request.serializedBytes().withUnsafeBytes { inner.receive(message: $0) }
        } catch {
            rejected = true
            sink.finish(error: error, context: context)
            inner.cancelled()
        }
    }

    /// Forwards the half-close unless the call was refused.
    public func receiveEnd() {
        guard !rejected else { return }
        inner.receiveEnd()
    }

    /// Forwards cancellation.
    public func cancelled() {
        inner.cancelled()
    }

    /// The inner handler's buffering.
    public var requestBuffering: RequestBuffering? { inner.requestBuffering }
}
