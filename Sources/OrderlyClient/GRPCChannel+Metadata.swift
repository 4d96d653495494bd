// Streaming calls that also deliver response metadata: the same calls as in
// GRPCChannel+Calls.swift, yielding StreamingCallPart values (headers, messages, trailers).
import OrderlyRPC

extension GRPCChannel {
    /// A server-streaming call yielding its headers, messages and trailers in order. Throws
    /// `RPCError` when the call fails; ending iteration early cancels the call.
    public func serverStreamingWithMetadata<Request: RPCMessage, Response: RPCMessage>(
        path: String, request: Request, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) -> AsyncThrowingStream<StreamingCallPart<Response>, any Error> {
        let (stream, continuation) = AsyncThrowingStream<StreamingCallPart<Response>, any Error>.makeStream()
        let call = ClientCall(core: core, compression: options.compression)
        continuation.onTermination = { termination in
            if case .cancelled = termination { call.cancel() }
        }
        let observer = StreamResponseObserver<Response>(parts: continuation)
        call.start(path: path, options: options, observer: observer, framed: MessageFramer.frame(request), end: true)
        return stream
    }

    /// A bidirectional call yielding headers, messages and trailers; `requests` are sent as
    /// they come (from a task this starts).
    public func bidirectionalStreamingWithMetadata<Requests: AsyncSequence & Sendable, Response: RPCMessage>(
        path: String, requests: Requests, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) -> AsyncThrowingStream<StreamingCallPart<Response>, any Error> where Requests.Element: RPCMessage {
        let (stream, continuation) = AsyncThrowingStream<StreamingCallPart<Response>, any Error>.makeStream()
        let stop = startBidirectional(
            path: path, requests: requests, options: options,
            observer: StreamResponseObserver<Response>(parts: continuation))
        continuation.onTermination = { termination in
            if case .cancelled = termination { stop(true) } else { stop(false) }
        }
        return stream
    }
}
