// The request header block of a call, built as one byte buffer plus offsets so that submitting
// it costs one small array and no String per field. nghttp2 copies the fields during submit.
import CNGHTTP2
import OrderlyRPC

/// The HEADERS of one request (`:method POST`, `:path`, `te: trailers`, metadata, …).
struct RequestHeaders {
    private var storage: [UInt8] = []
    /// (name start, name length, value start, value length) into `storage`.
    private var fields: [(Int, Int, Int, Int)] = []

    /// The fixed part of every request of a channel to `path` (`scheme` "https" over TLS).
    init(path: String, authority: String, userAgent: String, scheme: String = "http") {
        storage.reserveCapacity(256)
        fields.reserveCapacity(10)
        add(":method", "POST")
        add(":scheme", scheme)
        add(":path", path)
        add(":authority", authority)
        add("content-type", "application/grpc")
        add("te", "trailers")
        add("user-agent", userAgent)
    }

    mutating func add(_ name: String, _ value: String) {
        let nameStart = storage.count
        storage.append(contentsOf: name.utf8)
        let valueStart = storage.count
        storage.append(contentsOf: value.utf8)
        fields.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
    }

    /// Adds the deadline and the caller's metadata (binary values base64-encoded).
    mutating func add(timeout: Duration?, metadata: Metadata) {
        if let timeout { add("grpc-timeout", GRPCTimeout.encode(timeout)) }
        for entry in metadata {
            add(entry.key, Metadata.wireText(entry.value))
        }
    }

    /// Calls `body` with the nv array; pointers are valid only during the call.
    func withNV<Result>(_ body: (UnsafePointer<nghttp2_nv>, Int) -> Result) -> Result {
        storage.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: nghttp2_nv.self, capacity: max(fields.count, 1)) { nva in
                // Never empty: the fixed fields are always there.
                let base = UnsafeMutablePointer(mutating: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                for (index, field) in fields.enumerated() {
                    nva[index] = nghttp2_nv(
                        name: base + field.0, value: base + field.2, namelen: field.1, valuelen: field.3,
                        flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
                }
                return body(UnsafePointer(nva.baseAddress!), fields.count)
            }
        }
    }
}
