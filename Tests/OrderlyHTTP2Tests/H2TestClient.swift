// A client-side nghttp2 session for scripted-bytes tests: it produces real HTTP/2 request
// bytes and parses the server's answer into headers, body and trailers per stream.
import CNGHTTP2

final class H2TestClient {
    struct Response {
        var headers: [(String, String)] = []
        var trailers: [(String, String)] = []
        var data: [UInt8] = []
        var closedWith: UInt32?

        func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
        func trailer(_ name: String) -> String? { trailers.first { $0.0 == name }?.1 }
        /// The gRPC status, from trailers or (Trailers-Only) from the headers.
        var grpcStatus: String? { trailer("grpc-status") ?? header("grpc-status") }
        var grpcMessage: String? { trailer("grpc-message") ?? header("grpc-message") }
        var isTrailersOnly: Bool { header("grpc-status") != nil && trailers.isEmpty }
        /// The body split into gRPC messages (assumes whole, uncompressed frames).
        var messages: [[UInt8]] {
            var out: [[UInt8]] = []
            var index = 0
            while index + 5 <= data.count {
                let length = data[(index + 1)..<(index + 5)].reduce(0) { $0 << 8 | Int($1) }
                guard index + 5 + length <= data.count else { break }
                out.append(Array(data[(index + 5)..<(index + 5 + length)]))
                index += 5 + length
            }
            return out
        }
    }

    private struct Body {
        var bytes: [UInt8]
        var offset = 0
        var keepOpen: Bool
    }

    private(set) var session: OpaquePointer?
    var responses: [Int32: Response] = [:]
    private var bodies: [Int32: Body] = [:]
    var goawayCode: UInt32?

    init() {
        var callbacks: OpaquePointer?
        nghttp2_session_callbacks_new(&callbacks)
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, user in
            guard let frame, let client = H2TestClient.from(user) else { return 0 }
            let field = (
                String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self),
                String(decoding: UnsafeRawBufferPointer(start: value, count: valueLength), as: UTF8.self)
            )
            let id = frame.pointee.hd.stream_id
            if frame.pointee.headers.cat == NGHTTP2_HCAT_HEADERS {
                client.responses[id, default: Response()].trailers.append(field)
            } else {
                client.responses[id, default: Response()].headers.append(field)
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, id, data, length, user in
            guard let client = H2TestClient.from(user), let data else { return 0 }
            client.responses[id, default: Response()].data.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, id, code, user in
            H2TestClient.from(user)?.responses[id, default: Response()].closedWith = code
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, user in
            if let frame, frame.pointee.hd.type == UInt8(NGHTTP2_GOAWAY.rawValue) {
                H2TestClient.from(user)?.goawayCode = frame.pointee.goaway.error_code
            }
            return 0
        }
        var session: OpaquePointer?
        nghttp2_session_client_new(&session, callbacks, Unmanaged.passUnretained(self).toOpaque())
        nghttp2_session_callbacks_del(callbacks)
        self.session = session
        nghttp2_submit_settings(session, 0, nil, 0)
    }

    deinit {
        nghttp2_session_del(session)
    }

    private static func from(_ user: UnsafeMutableRawPointer?) -> H2TestClient? {
        user.map { Unmanaged<H2TestClient>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Submits a request; `body` nil sends HEADERS with END_STREAM. `keepOpen` leaves the
    /// request stream open after the body.
    @discardableResult
    func request(
        method: String = "POST", path: String, contentType: String? = "application/grpc",
        headers extra: [(String, String)] = [], body: [UInt8]? = [], keepOpen: Bool = false
    ) -> Int32 {
        var fields = [(":method", method), (":scheme", "http"), (":authority", "test"), (":path", path)]
        if let contentType { fields.append(("content-type", contentType)) }
        fields.append(("te", "trailers"))
        fields += extra
        var storage: [[UInt8]] = fields.flatMap { [Array($0.0.utf8), Array($0.1.utf8)] }
        return withNV(&storage) { nva, count in
            guard let body else {
                return nghttp2_submit_request(session, nil, nva, count, nil, nil)
            }
            var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: Self.readBody)
            let id = nghttp2_submit_request(session, nil, nva, count, &provider, nil)
            if id > 0 { bodies[id] = Body(bytes: body, keepOpen: keepOpen) }
            return id
        }
    }

    /// Appends bytes to an open request body and optionally ends it.
    func sendMore(_ id: Int32, _ bytes: [UInt8], end: Bool) {
        bodies[id]?.bytes += bytes
        if end { bodies[id]?.keepOpen = false }
        nghttp2_session_resume_data(session, id)
    }

    /// Request body bytes not yet handed to the session (held back by flow control).
    func unsentBodyBytes(_ id: Int32) -> Int {
        bodies[id].map { $0.bytes.count - $0.offset } ?? 0
    }

    func reset(_ id: Int32) {
        nghttp2_submit_rst_stream(session, 0, id, NGHTTP2_CANCEL.rawValue)
    }

    private func withNV<R>(_ storage: inout [[UInt8]], _ body: (UnsafePointer<nghttp2_nv>, Int) -> R) -> R {
        var nva: [nghttp2_nv] = []
        var pointers: [UnsafeMutablePointer<UInt8>] = []
        for bytes in storage {
            let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            pointer.initialize(from: bytes, count: bytes.count)
            pointers.append(pointer)
        }
        defer { pointers.forEach { $0.deallocate() } }
        for index in stride(from: 0, to: storage.count, by: 2) {
            nva.append(
                nghttp2_nv(
                    name: pointers[index], value: pointers[index + 1], namelen: storage[index].count,
                    valuelen: storage[index + 1].count, flags: 0))
        }
        return nva.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }

    private static let readBody: nghttp2_data_source_read_callback = { _, id, buffer, length, flags, _, user in
        guard let client = from(user), var body = client.bodies[id], let buffer, let flags else { return -902 }
        let count = min(length, body.bytes.count - body.offset)
        if count > 0 {
            body.bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + body.offset, count: count) }
        }
        body.offset += count
        client.bodies[id] = body
        if body.offset == body.bytes.count {
            if body.keepOpen {
                return count > 0 ? count : Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
        }
        return count
    }

    /// Everything the client wants to send now.
    func outgoing() -> [UInt8] {
        var out: [UInt8] = []
        while true {
            var data: UnsafePointer<UInt8>?
            let length = nghttp2_session_mem_send(session, &data)
            guard length > 0, let data else { break }
            out.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
        }
        return out
    }

    /// Feeds server bytes; returns nghttp2's result (negative on a protocol error).
    @discardableResult
    func receive(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress, $0.count) }
    }
}
