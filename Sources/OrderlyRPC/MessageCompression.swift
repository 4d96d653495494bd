// Message compression as gRPC negotiates it (doc/compression.md): a codec per `grpc-encoding`
// name, and the set of codecs a server or channel supports. The codecs themselves (zlib) live in
// their own target; the RPC core only knows this protocol.

/// One message encoding (`gzip`, `deflate`): compresses a whole message and decompresses one
/// with a bound on the output, so a small compressed message cannot become unbounded memory.
/// Class-bound: calls and deframers hold an optional compressor on every request, and a class
/// existential is one reference to copy, where a struct one goes through value witnesses.
public protocol MessageCompressor: AnyObject, Sendable {
    /// The `grpc-encoding` name.
    var name: String { get }
    /// The compressed form of `bytes`.
    func compress(_ bytes: UnsafeRawBufferPointer) throws(RPCError) -> [UInt8]
    /// The original bytes; throws RESOURCE_EXHAUSTED as soon as they would exceed `limit`, and
    /// INTERNAL for corrupt input.
    func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(RPCError) -> [UInt8]
}

/// The encodings one side supports, looked up by name.
public struct CompressionRegistry: Sendable {
    /// The codecs, in preference order.
    public let compressors: [any MessageCompressor]
    /// The `grpc-accept-encoding` value: the codec names, then `identity`.
    public let acceptEncoding: String

    /// A registry of `compressors` (none: identity only).
    public init(_ compressors: [any MessageCompressor] = []) {
        self.compressors = compressors
        acceptEncoding = (compressors.map(\.name) + ["identity"]).joined(separator: ", ")
    }

    /// True when only identity is supported.
    public var isEmpty: Bool { compressors.isEmpty }

    /// The codec called `name` (ASCII bytes, as a header value arrives).
    public func compressor(named name: UnsafeRawBufferPointer) -> (any MessageCompressor)? {
        compressors.first { $0.name.utf8.elementsEqual(name) }
    }

    /// The codec called `name`.
    public func compressor(named name: String) -> (any MessageCompressor)? {
        compressors.first { $0.name == name }
    }

    /// The first of our codecs that a `grpc-accept-encoding` value lists.
    public func firstAccepted(by acceptEncoding: String) -> (any MessageCompressor)? {
        let names = Self.names(in: acceptEncoding)
        return compressors.first { names.contains($0.name) }
    }

    /// The names of a comma-separated `grpc-accept-encoding` value, trimmed.
    public static func names(in acceptEncoding: String) -> [String] {
        acceptEncoding.split(separator: ",").map { $0.trimmingASCIISpaces() }
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

extension MessageFramer {
    /// Re-frames an uncompressed framed message (5-byte header + message) with its message
    /// compressed by `compressor` and the compressed flag set.
    public static func compress(framed: [UInt8], with compressor: any MessageCompressor) throws(RPCError) -> [UInt8] {
        let result = framed.withUnsafeBytes { bytes in
            Result { () throws(RPCError) in try compressor.compress(UnsafeRawBufferPointer(rebasing: bytes[5...])) }
        }
        let compressed = try result.get()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(compressed.count + 5)
        let length = UInt32(truncatingIfNeeded: compressed.count)
        buffer.append(1)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(contentsOf: compressed)
        return buffer
    }
}
