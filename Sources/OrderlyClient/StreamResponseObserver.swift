// Feeds the responses of a server-streaming or bidirectional call into an AsyncThrowingStream,
// ending it with the call's status.
import OrderlyRPC

/// The observer of a call with a stream of response messages. Thread ownership: handed to the
/// loop before its first use and only used there afterwards, hence `@unchecked Sendable`.
final class StreamResponseObserver<Response: RPCMessage>: ClientStreamObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<Response, any Error>.Continuation
    /// Set for calls whose requests are sent with back-pressure.
    var call: ClientCall?

    init(continuation: AsyncThrowingStream<Response, any Error>.Continuation) {
        self.continuation = continuation
    }

    func streamReceivedHeaders(_ metadata: Metadata) {}

    func streamReceivedMessage(_ bytes: UnsafeRawBufferPointer) -> RPCError? {
        do {
            continuation.yield(try Response(serializedBytes: bytes))
            return nil
        } catch {
            return RPCError(.internalError, "cannot decode the response: \(error)")
        }
    }

    func streamFinished(_ error: RPCError?, trailers: Metadata) {
        call?.finished()
        call = nil
        if let error {
            continuation.finish(throwing: error)
        } else {
            continuation.finish()
        }
    }

    func streamBecameWritable() {
        call?.becameWritable()
    }
}
