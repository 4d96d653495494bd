// Header blocks that never change (the usual gRPC response headers, the OK trailers), built
// once as nghttp2_nv arrays over static strings so the hot path builds nothing per call.
import CNGHTTP2

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

    /// ":status: 200", "content-type: application/grpc".
    static let grpcResponse = StaticHeaders([(":status", "200"), ("content-type", "application/grpc")])
    /// "grpc-status: 0".
    static let okTrailers = StaticHeaders([("grpc-status", "0")])
}
