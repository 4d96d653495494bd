// Feeds the responses of a server-streaming or bidirectional call into an AsyncThrowingStream,
// ending it with the call's status.
import OrderlyRPC

/// The observer of a call with a stream of response messages. Thread ownership: handed to the
/// loop before its first use and only used there afterwards, hence `@unchecked Sendable`.
final class StreamResponseObserver<Response: RPCMessage>: ClientStreamObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<Response, any Error>.Continuation?
    /// Set instead of `continuation` when the caller wants metadata too.
    private let parts: AsyncThrowingStream<StreamingCallPart<Response>, any Error>.Continuation?
    /// Set for calls whose requests are sent with back-pressure.
    var call: ClientCall?

    init(continuation: AsyncThrowingStream<Response, any Error>.Continuation) {
        self.continuation = continuation
        parts = nil
    }

    init(parts: AsyncThrowingStream<StreamingCallPart<Response>, any Error>.Continuation) {
        continuation = nil
        self.parts = parts
    }

    func streamReceivedHeaders(_ metadata: Metadata) {
        parts?.yield(.headers(metadata))
    }

    func streamReceivedMessage(_ bytes: UnsafeRawBufferPointer) -> RPCError? {
        do {
            let message = try Response(serializedBytes: bytes)
            continuation?.yield(message)
            parts?.yield(.message(message))
            return nil
        } catch {
            return RPCError(.internalError, "cannot decode the response: \(error)")
        }
    }

    func streamFinished(_ error: RPCError?, trailers: Metadata) {
        call?.finished()
        call = nil
        if let error {
            continuation?.finish(throwing: error)
            parts?.finish(throwing: error)
        } else {
            continuation?.finish()
            parts?.yield(.trailers(trailers))
            parts?.finish()
        }
    }

    func streamBecameWritable() {
        call?.becameWritable()
    }
}
