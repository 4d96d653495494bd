// The one thing the RPC engine asks of a message type: bytes in, bytes out.
// Generated protobuf types (OrderlyMessages) conform; the engine never sees protobuf itself.

/// A request or response message that the RPC engine can carry.
public protocol RPCMessage: Sendable {
    /// Decodes a message from its serialized form; throws `MessageDecodingError` on bad bytes.
    init(serializedBytes: UnsafeRawBufferPointer) throws
    /// Decodes a message that a client sent to the server. A type may check more here than when
    /// it reads bytes it wrote itself (generated messages refuse U+0000 and control characters in
    /// their strings, see `RequestText` in OrderlyMessages); the default is `init(serializedBytes:)`.
    init(requestBytes: UnsafeRawBufferPointer) throws
    /// Appends the serialized form of the message to `buffer` (so the engine can put the
    /// 5-byte gRPC frame header in front without a second copy).
    func serialize(appendingTo buffer: inout [UInt8])
}

/// Raised when bytes do not decode as the expected message; the engine answers such a request
/// with INVALID_ARGUMENT and this description.
public struct MessageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, for the `grpc-message` the client sees (e.g. "invalid UTF-8 in field sku").
    public let description: String

    /// Creates the error with a human-readable reason.
    public init(_ description: String) {
        self.description = description
    }
}

extension RPCMessage {
    /// The default request decoding: the same as `init(serializedBytes:)`.
    public init(requestBytes bytes: UnsafeRawBufferPointer) throws {
        try self.init(serializedBytes: bytes)
    }

    /// Convenience: decodes from a byte array.
    public init(serializedBytes bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Self(serializedBytes: $0) }
    }

    /// Convenience: the serialized form as a new array.
    public func serializedBytes() -> [UInt8] {
        var buffer: [UInt8] = []
        serialize(appendingTo: &buffer)
        return buffer
    }
}
