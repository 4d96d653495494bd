// The request messages of a client-streaming or bidirectional call, as an async sequence fed by
// the transport's thread.

/// The incoming messages of a streaming request. Ends when the client half-closes; throws
/// when the call is cancelled or a message does not decode.
public struct RequestStream<Request: RPCMessage>: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = Request
    /// The error type.
    public typealias Failure = any Error

    let base: AsyncThrowingStream<Request, any Error>

    /// Creates a stream from an explicit sequence (handy in tests of services).
    public init(_ messages: [Request]) {
        base = AsyncThrowingStream { continuation in
            for message in messages { continuation.yield(message) }
            continuation.finish()
        }
    }

    init(base: AsyncThrowingStream<Request, any Error>) {
        self.base = base
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncThrowingStream<Request, any Error>.AsyncIterator {
        base.makeAsyncIterator()
    }
}
