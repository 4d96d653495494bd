// The error a handler throws to end a call with a non-OK status, and the mapping from any other
// thrown error to a status (decoding errors are the client's fault, anything else is UNKNOWN).

/// An error that ends a call with `code`, `message` (sent as `grpc-message`) and extra trailers.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status code the client sees; never `.ok`.
    public var code: StatusCode
    /// A human-readable explanation, sent percent-encoded in `grpc-message`.
    public var message: String
    /// Extra trailing metadata sent with the status.
    public var trailers: Metadata

    /// Creates an error; `trailers` are added to the call's trailers when it ends.
    public init(_ code: StatusCode, _ message: String = "", trailers: Metadata = Metadata()) {
        self.code = code
        self.message = message
        self.trailers = trailers
    }

    /// "NOT_FOUND: order o-1 not found".
    public var description: String {
        message.isEmpty ? code.name : "\(code.name): \(message)"
    }

    /// Maps anything a handler may throw to the status the client should see.
    public init(mapping error: any Error) {
        switch error {
        case let error as RPCError:
            self = error
        case let error as MessageDecodingError:
            self.init(.invalidArgument, error.description)
        case is CancellationError:
            self.init(.cancelled, "the call was cancelled")
        default:
            self.init(.unknown, String(describing: error))
        }
    }
}
