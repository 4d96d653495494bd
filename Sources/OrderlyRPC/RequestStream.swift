// The request messages of a client-streaming or bidirectional call, as an async sequence fed by
// the transport's thread. Reading a message reports its size to the call's RequestBuffering, so
// the transport can grant the client more flow-control credit.

/// The incoming messages of a streaming request. Ends when the client half-closes; throws
/// when the call is cancelled or a message does not decode.
public struct RequestStream<Request: RPCMessage>: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = Request
    /// The error type.
    public typealias Failure = any Error

    /// A message and the wire bytes it took.
    typealias Entry = (message: Request, size: Int, compressed: Bool)

    let base: AsyncThrowingStream<Entry, any Error>
    let buffering: RequestBuffering?

    /// Creates a stream from an explicit sequence (handy in tests of services).
    public init(_ messages: [Request]) {
        base = AsyncThrowingStream { continuation in
            for message in messages { continuation.yield((message, 0, false)) }
            continuation.finish()
        }
        buffering = nil
    }

    init(base: AsyncThrowingStream<Entry, any Error>, buffering: RequestBuffering) {
        self.base = base
        self.buffering = buffering
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), buffering: buffering)
    }

    /// The same messages, each with whether it arrived compressed (the interop server's
    /// `expect_compressed` check).
    public var withCompressionFlags: WithCompressionFlags { WithCompressionFlags(stream: self) }

    /// `RequestStream` elements paired with their compressed flag.
    public struct WithCompressionFlags: AsyncSequence, Sendable {
        /// A message and whether it came compressed.
        public typealias Element = (message: Request, compressed: Bool)
        /// The error type.
        public typealias Failure = any Error
        let stream: RequestStream

        /// Makes the iterator.
        public func makeAsyncIterator() -> FlagIterator {
            FlagIterator(base: stream.base.makeAsyncIterator(), buffering: stream.buffering)
        }

        /// Iterates messages with their flags, reporting each one read.
        public struct FlagIterator: AsyncIteratorProtocol {
            var base: AsyncThrowingStream<Entry, any Error>.AsyncIterator
            let buffering: RequestBuffering?

            /// The next message and its flag, or nil when the client has finished sending.
            public mutating func next() async throws -> Element? {
                guard let entry = try await base.next() else { return nil }
                buffering?.taken(entry.size)
                return (entry.message, entry.compressed)
            }
        }
    }

    /// Iterates the messages, reporting each one read.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Entry, any Error>.AsyncIterator
        let buffering: RequestBuffering?

        /// The next message, or nil when the client has finished sending.
        public mutating func next() async throws -> Request? {
            guard let entry = try await base.next() else { return nil }
            buffering?.taken(entry.size)
            return entry.message
        }
    }
}
