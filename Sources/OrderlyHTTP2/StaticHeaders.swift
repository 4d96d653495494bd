// Header blocks that never change (the usual gRPC response headers, the OK trailers), built
// once as nghttp2_nv arrays over static strings so the hot path builds nothing per call.
import CNGHTTP2
import Glibc
import OrderlyLocks

/// An immutable, process-lifetime nghttp2_nv array. Never freed; only read, so it is safe to
/// share between loop threads.
final class StaticHeaders: @unchecked Sendable {
    let nva: UnsafePointer<nghttp2_nv>
    let count: Int

    private init(_ fields: [(StaticString, StaticString)]) {
        let buffer = UnsafeMutablePointer<nghttp2_nv>.allocate(capacity: fields.count)
        let flags = UInt8(NGHTTP2_NV_FLAG_NO_COPY_NAME.rawValue | NGHTTP2_NV_FLAG_NO_COPY_VALUE.rawValue)
        for (index, (name, value)) in fields.enumerated() {
            buffer[index] = nghttp2_nv(
                name: UnsafeMutablePointer(mutating: name.utf8Start), value: UnsafeMutablePointer(mutating: value.utf8Start),
                namelen: name.utf8CodeUnitCount, valuelen: value.utf8CodeUnitCount, flags: flags)
        }
        nva = UnsafePointer(buffer)
        count = fields.count
    }

    /// The usual gRPC response headers, plus `grpc-accept-encoding` when the server has codecs.
    /// One per acceptable-encoding value, built once and kept for the process's life (a server
    /// has one or two such values).
    static func grpcResponse(acceptEncoding: String) -> StaticHeaders {
        if acceptEncoding == "identity" { return grpcResponse }
        return advertising.withLock { cache in
            if let headers = cache[acceptEncoding] { return headers }
            // Deliberately never freed: process-lifetime, like the static ones.
            let value = UnsafeMutablePointer<CChar>(mutating: strdup(acceptEncoding)!)
            let buffer = UnsafeMutablePointer<nghttp2_nv>.allocate(capacity: 3)
            for index in 0..<2 { buffer[index] = grpcResponse.nva[index] }
            let name: StaticString = "grpc-accept-encoding"
            buffer[2] = nghttp2_nv(
                name: UnsafeMutablePointer(mutating: name.utf8Start),
                value: UnsafeMutableRawPointer(value).assumingMemoryBound(to: UInt8.self),
                namelen: name.utf8CodeUnitCount, valuelen: acceptEncoding.utf8.count,
                flags: UInt8(NGHTTP2_NV_FLAG_NO_COPY_NAME.rawValue | NGHTTP2_NV_FLAG_NO_COPY_VALUE.rawValue))
            let headers = StaticHeaders(nva: UnsafePointer(buffer), count: 3)
            cache[acceptEncoding] = headers
            return headers
        }
    }

    private static let advertising = Locked<[String: StaticHeaders]>([:])

    private init(nva: UnsafePointer<nghttp2_nv>, count: Int) {
        self.nva = nva
        self.count = count
    }

    /// ":status: 200", "content-type: application/grpc".
    static let grpcResponse = StaticHeaders([(":status", "200"), ("content-type", "application/grpc")])
    /// "grpc-status: 0".
    static let okTrailers = StaticHeaders([("grpc-status", "0")])
}
