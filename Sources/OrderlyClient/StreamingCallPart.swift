// What a streaming call with metadata yields: the response headers, each message, then the
// trailers, in wire order (a failed call throws its RPCError, trailers included, instead).
import OrderlyRPC

/// One part of a streaming response, for callers that want its metadata too.
public enum StreamingCallPart<Message: Sendable>: Sendable {
    /// The response headers' metadata (absent for a trailers-only response).
    case headers(Metadata)
    /// One response message.
    case message(Message)
    /// The trailers of a call that ended OK (grpc-status and grpc-message excluded).
    case trailers(Metadata)
}
