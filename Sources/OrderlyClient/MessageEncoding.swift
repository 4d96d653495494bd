// The client's message encodings: what a call compresses its requests with (`grpc-encoding`)
// and what it accepts back (`grpc-accept-encoding`), on OrderlyZlib's codecs.
import OrderlyRPC
import OrderlyZlib

/// The compression of a call's request messages.
public enum MessageEncoding: String, Sendable, CaseIterable {
    /// No compression.
    case identity
    /// gzip (RFC 1952).
    case gzip
    /// deflate (zlib format, RFC 1950).
    case deflate

    /// The codec; nil for identity.
    public var compressor: (any MessageCompressor)? {
        switch self {
        case .identity: nil
        case .gzip: ZlibCompressor(.gzip)
        case .deflate: ZlibCompressor(.deflate)
        }
    }

    /// Every codec the client can decode, for response messages.
    static let registry = CompressionRegistry(ZlibCompressor.all)

    /// Compresses one framed (uncompressed) message, or returns it as is for identity and for
    /// an empty message.
    func prepare(_ framed: [UInt8]) -> [UInt8] {
        guard framed.count > 5, let compressor,
              let compressed = try? MessageFramer.compress(framed: framed, with: compressor)
        else { return framed }
        return compressed
    }
}
