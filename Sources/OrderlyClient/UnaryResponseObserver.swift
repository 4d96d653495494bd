// Collects the single response of a unary or client-streaming call and reports the outcome
// once, on the loop thread: the callback API's completion runs right here, with no Task.
import OrderlyRPC

/// The observer of a call with exactly one response message. Thread ownership: handed to the
/// loop before its first use and only used there afterwards, hence `@unchecked Sendable`.
final class UnaryResponseObserver<Response: RPCMessage>: ClientStreamObserver, @unchecked Sendable {
    typealias Completion = (Result<ClientResponse<Response>, RPCError>) -> Void
    typealias MessageCompletion = (Result<Response, RPCError>) -> Void

    @exclusivity(unchecked) private var completion: Completion?
    /// The callback form's completion: no metadata wanted, so none is packaged.
    @exclusivity(unchecked) private var messageCompletion: MessageCompletion?
    @exclusivity(unchecked) private var response: Response?
    @exclusivity(unchecked) private var initialMetadata = Metadata()
    /// Set for calls whose requests are sent with back-pressure.
    var call: ClientCall?

    init(completion: @escaping Completion) {
        self.completion = completion
    }

    init(messageCompletion: @escaping MessageCompletion) {
        self.messageCompletion = messageCompletion
    }

    func streamReceivedHeaders(_ metadata: Metadata) {
        initialMetadata = metadata
    }

    func streamReceivedMessage(_ bytes: UnsafeRawBufferPointer) -> RPCError? {
        guard response == nil else {
            return RPCError(.internalError, "the server sent more than one response message")
        }
        do {
            response = try Response(serializedBytes: bytes)
            return nil
        } catch {
            return RPCError(.internalError, "cannot decode the response: \(error)")
        }
    }

    func streamFinished(_ error: RPCError?, trailers: Metadata) {
        call?.finished()
        call = nil
        if let messageCompletion {
            self.messageCompletion = nil
            if let error {
                messageCompletion(.failure(error))
            } else if let response {
                messageCompletion(.success(response))
            } else {
                messageCompletion(.failure(RPCError(.internalError, "the server sent no response message", trailers: trailers)))
            }
            return
        }
        guard let completion else { return }
        self.completion = nil
        if let error {
            completion(.failure(error))
        } else if let response {
            completion(.success(ClientResponse(message: response, initialMetadata: initialMetadata, trailers: trailers)))
        } else {
            completion(.failure(RPCError(.internalError, "the server sent no response message", trailers: trailers)))
        }
    }

    func streamBecameWritable() {
        call?.becameWritable()
    }
}
