// gRPC's `gzip` and `deflate` message encodings on zlib. `deflate` is the zlib format (RFC 1950)
// as gRPC's own implementations send it; `gzip` is RFC 1952. Decompression writes into a buffer
// that may never exceed the caller's limit: a zip bomb fails with RESOURCE_EXHAUSTED after at
// most `limit` bytes of output.
import CZlib
import OrderlyRPC

/// A zlib-backed `MessageCompressor` for `gzip` or `deflate`.
public final class ZlibCompressor: MessageCompressor {
    /// The two formats.
    public enum Format: Sendable {
        /// RFC 1952 (`grpc-encoding: gzip`).
        case gzip
        /// RFC 1950, zlib-wrapped deflate (`grpc-encoding: deflate`).
        case deflate
    }

    /// The format.
    public let format: Format
    /// The `grpc-encoding` name.
    public var name: String { format == .gzip ? "gzip" : "deflate" }

    /// A codec for `format`.
    public init(_ format: Format) {
        self.format = format
    }

    /// gzip then deflate: what orderlyd and interop-server register.
    public static let all: [any MessageCompressor] = [ZlibCompressor(.gzip), ZlibCompressor(.deflate)]

    private var windowBits: Int32 { format == .gzip ? 15 + 16 : 15 }

    /// The compressed form of `bytes`.
    public func compress(_ bytes: UnsafeRawBufferPointer) throws(RPCError) -> [UInt8] {
        var stream = z_stream()
        guard orderly_deflate_init(&stream, windowBits) == Z_OK else {
            throw RPCError(.internalError, "\(name): cannot initialise the compressor")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        // Uninitialised: zero-filling the worst-case bound (a megabyte for a 1 MiB message that
        // compresses to a kilobyte) cost a memset and a page fault per untouched page.
        var code: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: bound) { out, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            code = deflate(&stream, Z_FINISH)
            initialized = out.count - Int(stream.avail_out)
        }
        guard code == Z_STREAM_END else {
            throw RPCError(.internalError, "\(name): compression failed (\(code))")
        }
        return output
    }

    /// The original bytes, at most `limit` of them.
    public func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(RPCError) -> [UInt8] {
        var stream = z_stream()
        guard orderly_inflate_init(&stream, windowBits) == Z_OK else {
            throw RPCError(.internalError, "\(name): cannot initialise the decompressor")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        // Grow geometrically from a guess, never past limit + 1 (one byte over proves the excess).
        var output = [UInt8](repeating: 0, count: min(max(bytes.count * 4, 256), limit + 1))
        var produced = 0
        while true {
            let code = output.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.baseAddress.map { $0.assumingMemoryBound(to: Bytef.self) + produced }
                stream.avail_out = uInt(out.count - produced)
                let code = inflate(&stream, Z_NO_FLUSH)
                produced = out.count - Int(stream.avail_out)
                return code
            }
            if produced > limit {
                throw RPCError(
                    .resourceExhausted, "decompressed message exceeds the limit of \(limit) bytes")
            }
            switch code {
            case Z_STREAM_END:
                guard stream.avail_in == 0 else {
                    throw RPCError(.internalError, "\(name): trailing bytes after the compressed message")
                }
                output.removeLast(output.count - produced)
                return output
            case Z_OK, Z_BUF_ERROR:
                if produced < output.count {
                    // Room left but no progress: the input ended before the stream did.
                    if stream.avail_in == 0 {
                        throw RPCError(.internalError, "\(name): truncated compressed message")
                    }
                    continue
                }
                let grown = min(output.count * 2, limit + 1)
                output.append(contentsOf: repeatElement(0, count: grown - output.count))
            default:
                throw RPCError(.internalError, "\(name): corrupt compressed message (\(code))")
            }
        }
    }
}
