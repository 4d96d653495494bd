// Splits a request body into gRPC length-prefixed messages: a 1-byte compressed flag, a 4-byte
// big-endian length, then the message. Chunks may split a message anywhere or hold several.

/// Reassembles length-prefixed messages from body chunks, enforcing the receive-size limit.
///
/// A message that lies wholly inside one chunk is handed out in place (no copy); only messages
/// split across chunks are buffered.
public struct MessageDeframer: Sendable {
    /// gRPC's default maximum receive size: 4 MiB.
    public static let defaultMaxMessageSize = 4 * 1024 * 1024

    /// The largest message accepted; a larger declared length fails with RESOURCE_EXHAUSTED.
    public let maxMessageSize: Int

    /// Bytes of an incomplete message (header included) carried over from earlier chunks.
    private var pending: [UInt8] = []
    /// Set once a framing error was reported; later input is ignored.
    private var failed = false
    /// The codec of the call's `grpc-encoding`; nil for identity, where a message with the
    /// compressed flag is an INTERNAL error (doc/compression.md).
    public var compressor: (any MessageCompressor)?

    /// Creates a deframer with the given limit.
    public init(maxMessageSize: Int = MessageDeframer.defaultMaxMessageSize) {
        self.maxMessageSize = maxMessageSize
    }

    /// True when bytes of an unfinished message are buffered (at end of stream that is an error).
    public var hasPartialMessage: Bool { !pending.isEmpty }

    /// Feeds one chunk, calling `onMessage` for every message it completes, in order. The buffer
    /// passed to `onMessage` is only valid during the call. Throws RESOURCE_EXHAUSTED for an
    /// oversized message and INTERNAL for a compressed one (no encoding is negotiated).
    public mutating func process(
        _ chunk: UnsafeRawBufferPointer, _ onMessage: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try process(chunk) { message, _ in try onMessage(message) }
    }

    /// Like `process(_:_:)`, also telling `onMessage` whether the message came compressed (it
    /// is handed out decompressed, never larger than `maxMessageSize`).
    public mutating func process(
        _ chunk: UnsafeRawBufferPointer, _ onMessage: (UnsafeRawBufferPointer, Bool) throws -> Void
    ) throws {
        guard !failed else { return }
        var rest = chunk[...]
        do {
            if !pending.isEmpty {
                try completePending(from: &rest, onMessage)
            }
            // Fast path: whole messages straight out of the chunk.
            while rest.count >= 5 {
                let length = try Self.checkedLength(header: rest.prefix(5), limit: maxMessageSize, decompresses: compressor != nil)
                guard rest.count - 5 >= length else { break }
                let start = rest.startIndex + 5
                try Self.deliver(
                    UnsafeRawBufferPointer(rebasing: chunk[start..<start + length]),
                    compressed: chunk[rest.startIndex] & 1 != 0, compressor: compressor, limit: maxMessageSize, onMessage)
                rest = rest[(start + length)...]
            }
            if !rest.isEmpty {
                pending.append(contentsOf: rest)
                if pending.count >= 5 {
                    _ = try Self.checkedLength(header: pending.prefix(5), limit: maxMessageSize, decompresses: compressor != nil)
                }
            }
        } catch {
            failed = true
            pending = []
            throw error
        }
    }

    /// Moves bytes from `rest` into `pending` until its message is complete, then delivers it.
    private mutating func completePending(
        from rest: inout Slice<UnsafeRawBufferPointer>,
        _ onMessage: (UnsafeRawBufferPointer, Bool) throws -> Void
    ) throws {
        if pending.count < 5 {
            let take = min(5 - pending.count, rest.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard pending.count == 5 else { return }
        }
        let length = try Self.checkedLength(header: pending.prefix(5), limit: maxMessageSize, decompresses: compressor != nil)
        let missing = 5 + length - pending.count
        let take = min(missing, rest.count)
        pending.append(contentsOf: rest.prefix(take))
        rest = rest.dropFirst(take)
        guard pending.count == 5 + length else { return }
        let message = pending
        pending = []
        let compressor = compressor
        let limit = maxMessageSize
        try message.withUnsafeBytes {
            try Self.deliver(
                UnsafeRawBufferPointer(rebasing: $0[5...]), compressed: message[0] & 1 != 0, compressor: compressor,
                limit: limit, onMessage)
        }
    }

    /// Hands one message out, decompressing it first when its flag says so.
    @inline(__always)
    private static func deliver(
        _ message: UnsafeRawBufferPointer, compressed: Bool, compressor: (any MessageCompressor)?, limit: Int,
        _ onMessage: (UnsafeRawBufferPointer, Bool) throws -> Void
    ) throws {
        guard compressed, let compressor else {
            try onMessage(message, false)
            return
        }
        let plain = try compressor.decompress(message, limit: limit)
        try plain.withUnsafeBytes { try onMessage($0, true) }
    }

    /// Validates a 5-byte header and returns the message length.
    private static func checkedLength(
        header: some Collection<UInt8>, limit: Int, decompresses: Bool
    ) throws -> Int {
        var iterator = header.makeIterator()
        let flag = iterator.next() ?? 0
        var length = 0
        for _ in 0..<4 {
            length = length << 8 | Int(iterator.next() ?? 0)
        }
        if flag & 1 != 0, !decompresses {
            throw RPCError(.internalError, "compressed message received but no grpc-encoding was negotiated")
        }
        if length > limit {
            throw RPCError(
                .resourceExhausted, "message of \(length) bytes exceeds the limit of \(limit) bytes")
        }
        return length
    }
}

/// Builds outgoing length-prefixed messages.
public enum MessageFramer {
    /// Serializes `message` behind a 5-byte uncompressed header, in one buffer.
    public static func frame(_ message: some RPCMessage) -> [UInt8] {
        // Room for a small message up front: growing a 5-byte array would reallocate at once.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        for _ in 0..<5 { buffer.append(0) }
        message.serialize(appendingTo: &buffer)
        let length = UInt32(truncatingIfNeeded: buffer.count - 5)
        buffer[1] = UInt8(truncatingIfNeeded: length >> 24)
        buffer[2] = UInt8(truncatingIfNeeded: length >> 16)
        buffer[3] = UInt8(truncatingIfNeeded: length >> 8)
        buffer[4] = UInt8(truncatingIfNeeded: length)
        return buffer
    }

    /// Frames raw message bytes.
    public static func frame(bytes: some Collection<UInt8>) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bytes.count + 5)
        let length = UInt32(truncatingIfNeeded: bytes.count)
        buffer.append(0)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(contentsOf: bytes)
        return buffer
    }
}
