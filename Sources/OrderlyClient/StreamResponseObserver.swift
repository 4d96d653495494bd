// Feeds the responses of a server-streaming or bidirectional call to its consumer (a
// flow-controlled ResponseQueue, or an AsyncThrowingStream for the metadata form), ending it with
// the call's status.
import OrderlyRPC

/// The observer of a call with a stream of response messages. Thread ownership: handed to the
/// loop before its first use and only used there afterwards, hence `@unchecked Sendable`.
final class StreamResponseObserver<Response: RPCMessage>: ClientStreamObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<Response, any Error>.Continuation?
    /// Set instead of `continuation` when the caller wants metadata too.
    private let parts: AsyncThrowingStream<StreamingCallPart<Response>, any Error>.Continuation?
    /// Set instead of both for flow-controlled response streams (see ResponseQueue).
    private let queue: ResponseQueue<Response>?
    /// Set for calls whose requests are sent with back-pressure.
    var call: ClientCall?

    init(continuation: AsyncThrowingStream<Response, any Error>.Continuation) {
        self.continuation = continuation
        parts = nil
        queue = nil
    }

    init(parts: AsyncThrowingStream<StreamingCallPart<Response>, any Error>.Continuation) {
        continuation = nil
        self.parts = parts
        queue = nil
    }

    init(queue: ResponseQueue<Response>) {
        continuation = nil
        parts = nil
        self.queue = queue
    }

    /// The queue's unread bytes: the stream holds back credit above its mark.
    var receiveBuffering: RequestBuffering? { queue?.buffering }

    func streamReceivedHeaders(_ metadata: Metadata) {
        parts?.yield(.headers(metadata))
    }

    func streamReceivedMessage(_ bytes: UnsafeRawBufferPointer) -> RPCError? {
        do {
            let message = try Response(serializedBytes: bytes)
            continuation?.yield(message)
            parts?.yield(.message(message))
            queue?.push(message, size: bytes.count + 5)
            return nil
        } catch {
            return RPCError(.internalError, "cannot decode the response: \(error)")
        }
    }

    func streamFinished(_ error: RPCError?, trailers: Metadata) {
        call?.finished()
        call = nil
        queue?.finish(error)
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
