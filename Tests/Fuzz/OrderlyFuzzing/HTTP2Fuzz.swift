// HTTP2Fuzz: the HTTP/2 server session (libnghttp2 plus our gRPC stream handling) fed arbitrary
// bytes after the client preface, in chunks, on a fake loop with no sockets. Must never crash
// or trip AddressSanitizer, whatever the frames say; the session is then closed the way a
// dropped connection would be.
import OrderlyHTTP2
import OrderlyRPC

/// The HTTP/2 fuzz target. Input layout: byte 0 picks the chunk size (1-256 bytes); the rest is
/// what the client sends after the connection preface.
public enum HTTP2Fuzz {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// Echo and failure routes: enough to reach request decoding, responses and trailers.
    static let router = RPCRouter(services: [EchoService()])

    /// Checks one input.
    public static func check(_ input: UnsafeRawBufferPointer) throws {
        guard let first = input.first else { return }
        let chunk = Int(first) + 1
        let connection = FuzzConnection()
        var configuration = HTTP2ServerConfiguration()
        configuration.maxConcurrentStreams = 8
        let session = HTTP2ServerSession(io: connection, router: router, configuration: configuration)
        session.start()
        preface.withUnsafeBytes { session.receive($0) }
        var position = 1
        while position < input.count, !connection.closed {
            let end = min(input.count, position + chunk)
            session.receive(UnsafeRawBufferPointer(rebasing: input[position..<end]))
            connection.pump(session)
            position = end
        }
        connection.loop.fireDeadlines()
        connection.pump(session)
        session.connectionClosed()
        connection.loop.runTasks()
    }

    /// Seeds: a unary call (with a deadline), an unknown method, a ping and a window update.
    public static func seeds() -> [(name: String, bytes: [UInt8])] {
        let settings = frame(type: 4, flags: 0, stream: 0, [])
        func call(_ path: String, stream: UInt32, body: [UInt8]) -> [UInt8] {
            let headers = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "fuzz"),
                           ("content-type", "application/grpc"), ("te", "trailers"), ("grpc-timeout", "5S")]
            return frame(type: 1, flags: 0x4, stream: stream, headers.flatMap(literal))
                + frame(type: 0, flags: 0x1, stream: stream, MessageFramer.frame(bytes: body))
        }
        return [
            ("echo", [255] + settings + call("/fuzz.Echo/Echo", stream: 1, body: [1, 2, 3])),
            ("echo-small-chunks", [6] + settings + call("/fuzz.Echo/Echo", stream: 1, body: Array("hello".utf8))),
            ("two-calls", [200] + settings + call("/fuzz.Echo/Fail", stream: 1, body: [])
                + call("/fuzz.Echo/Echo", stream: 3, body: [9])),
            ("unknown-method", [255] + settings + call("/nope.Nope/Nope", stream: 1, body: [])),
            ("ping-window-update", [255] + settings
                + frame(type: 6, flags: 0, stream: 0, [UInt8](repeating: 1, count: 8))
                + frame(type: 8, flags: 0, stream: 0, [0, 0, 0x10, 0])),
        ]
    }

    /// An HTTP/2 frame: 24-bit length, type, flags, stream id, payload.
    static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8),
                UInt8(truncatingIfNeeded: length), type, flags,
                UInt8(truncatingIfNeeded: stream >> 24), UInt8(truncatingIfNeeded: stream >> 16),
                UInt8(truncatingIfNeeded: stream >> 8), UInt8(truncatingIfNeeded: stream)] + payload
    }

    /// HPACK "literal header field without indexing, new name" (short strings, no Huffman).
    static func literal(_ header: (String, String)) -> [UInt8] {
        let name = Array(header.0.utf8)
        let value = Array(header.1.utf8)
        return [0, UInt8(name.count)] + name + [UInt8(value.count)] + value
    }
}

/// Raw bytes as a message: the fuzz routes need no protobuf.
struct FuzzBlob: RPCMessage {
    var bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }
    init(serializedBytes: UnsafeRawBufferPointer) throws { bytes = [UInt8](serializedBytes) }
    func serialize(appendingTo buffer: inout [UInt8]) { buffer.append(contentsOf: bytes) }
}

/// fuzz.Echo: Echo answers with the request, Fail with an error carrying trailers.
struct EchoService: RPCService {
    func register(into router: inout RPCRouter) {
        router.unary("fuzz.Echo", "Echo") { (request: FuzzBlob, _: ServerContext) in request }
        router.unary("fuzz.Echo", "Fail") { (_: FuzzBlob, context: ServerContext) -> FuzzBlob in
            context.addTrailers(Metadata([("x-detail", "failed on purpose")]))
            throw RPCError(.failedPrecondition, "failed on purpose")
        }
    }
}
