// The call machinery without a transport: a recording sink stands in for the HTTP/2 stream.
import Foundation
import OrderlyLocks
import OrderlyRPC
import Testing

/// A message that is its bytes; a first byte of 0xFF fails to decode.
struct Blob: RPCMessage, Equatable {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(serializedBytes: UnsafeRawBufferPointer) throws {
        if serializedBytes.first == 0xFF { throw MessageDecodingError("blob starts with 0xFF") }
        bytes = Array(serializedBytes)
    }
    func serialize(appendingTo buffer: inout [UInt8]) { buffer.append(contentsOf: bytes) }
}

/// Records what a call sends; thread-safe like a real sink must be.
final class RecordingSink: ServerCallSink {
    struct State {
        var messages: [[UInt8]] = []
        var status: (StatusCode, String)?
        var pending = 0
    }
    let state = Locked(State())

    func send(framedMessage: [UInt8]) {
        state.withLock {
            guard $0.status == nil else { return }
            $0.messages.append(Array(framedMessage.dropFirst(5)))
            $0.pending += framedMessage.count
        }
    }
    func finish(code: StatusCode, message: String) {
        state.withLock { state in
            if state.status == nil { state.status = (code, message) }
        }
    }
    var pendingOutboundBytes: Int { state.withLock { $0.pending } }
    var messages: [[UInt8]] { state.withLock { $0.messages } }
    var code: StatusCode? { state.withLock { $0.status?.0 } }
    var statusMessage: String? { state.withLock { $0.status?.1 } }

    /// Waits (without blocking a cooperative thread: the handlers' Tasks need them) for the
    /// status, up to five seconds.
    func waitForFinish() async -> Bool {
        for _ in 0..<500 {
            if code != nil { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

struct EchoService: RPCService {
    func register(into router: inout RPCRouter) {
        router.unary("test.Echo", "Echo") { (request: Blob, _: ServerContext) in request }
        router.unary("test.Echo", "Fail") { (_: Blob, _: ServerContext) -> Blob in
            throw RPCError(.notFound, "no such blob", trailers: [("x-detail", "d")])
        }
        router.unaryDeferred("test.Echo", "Later") { (request: Blob, _: ServerContext, respond: UnaryResponder<Blob>) in
            Thread.detachNewThread { respond.succeed(Blob(request.bytes.reversed())) }
        }
        router.unaryAsync("test.Echo", "Async") { (request: Blob, _: ServerContext) async throws -> Blob in
            Blob(request.bytes + request.bytes)
        }
        router.serverStreaming("test.Echo", "Split") { (request: Blob, writer: ResponseWriter<Blob>, _: ServerContext) in
            for byte in request.bytes { try writer.send(Blob([byte])) }
        }
        router.clientStreaming("test.Echo", "Join") { (requests: RequestStream<Blob>, _: ServerContext) async throws -> Blob in
            var all: [UInt8] = []
            for try await blob in requests { all += blob.bytes }
            return Blob(all)
        }
        router.bidiStreaming("test.Echo", "Ping") { (requests: RequestStream<Blob>, writer: ResponseWriter<Blob>, _: ServerContext) in
            for try await blob in requests { try writer.send(blob) }
        }
    }
}

struct RouterTests {
    let router = RPCRouter(services: [EchoService()])

    private func start(_ path: String, sink: RecordingSink, maxPending: Int = 1 << 20) throws -> (any ServerCallHandler, ServerContext) {
        let route = try #require(router.route(forPath: path))
        let context = ServerContext(
            path: path, requestMetadata: Metadata(), deadline: nil, peer: "test", maxPendingResponseBytes: maxPending)
        return (route.makeCall(context, sink), context)
    }

    private func feed(_ handler: any ServerCallHandler, _ messages: [[UInt8]], end: Bool = true) {
        for message in messages { message.withUnsafeBytes { handler.receive(message: $0) } }
        if end { handler.receiveEnd() }
    }

    @Test func registersEveryMethodUnderItsPath() {
        #expect(router.serviceNames == ["test.Echo"])
        #expect(router.allRoutes.count == 7)
        #expect(router.route(forPath: "/test.Echo/Split")?.kind == .serverStreaming)
        #expect(router.route(forPath: "/test.Echo/Join")?.kind == .clientStreaming)
        #expect(router.route(forPath: "/test.Echo/Nope") == nil)
        #expect(router.route(forPath: "/test.Echo/Echo/") == nil)
    }

    @Test func inlineUnaryAnswersBeforeReceiveEndReturns() throws {
        let sink = RecordingSink()
        let (call, _) = try start("/test.Echo/Echo", sink: sink)
        feed(call, [[1, 2, 3]])
        #expect(sink.messages == [[1, 2, 3]])
        #expect(sink.code == .ok)
    }

    @Test func thrownRPCErrorBecomesStatusAndTrailers() throws {
        let sink = RecordingSink()
        let (call, context) = try start("/test.Echo/Fail", sink: sink)
        feed(call, [[1]])
        #expect(sink.code == .notFound)
        #expect(sink.statusMessage == "no such blob")
        #expect(sink.messages.isEmpty)
        #expect(context.takeTrailers().first("x-detail") == "d")
    }

    @Test(arguments: [
        ([[UInt8]](), StatusCode.internalError), ([[1], [2]], .internalError), ([[0xFF]], .invalidArgument),
    ])
    func unaryRejectsWrongRequestShapes(requests: [[UInt8]], code: StatusCode) throws {
        let sink = RecordingSink()
        let (call, _) = try start("/test.Echo/Echo", sink: sink)
        feed(call, requests)
        #expect(sink.code == code)
        #expect(sink.messages.isEmpty)
    }

    @Test(arguments: ["/test.Echo/Later", "/test.Echo/Async"])
    func handlersMayAnswerLaterFromAnotherThread(path: String) async throws {
        let sink = RecordingSink()
        let (call, _) = try start(path, sink: sink)
        feed(call, [[1, 2]])
        #expect(await sink.waitForFinish())
        #expect(sink.code == .ok)
        #expect(sink.messages == (path.hasSuffix("Later") ? [[2, 1]] : [[1, 2, 1, 2]]))
    }

    @Test func serverStreamingSendsEachMessageThenOK() async throws {
        let sink = RecordingSink()
        let (call, _) = try start("/test.Echo/Split", sink: sink)
        feed(call, [[4, 5, 6]])
        #expect(await sink.waitForFinish())
        #expect(sink.messages == [[4], [5], [6]])
        #expect(sink.code == .ok)
    }

    @Test func writerRefusesPastItsBoundSoTheServiceCanCutOff() async throws {
        let sink = RecordingSink()
        // Each one-byte message is 6 bytes framed: the third write passes the 12-byte bound.
        let (call, _) = try start("/test.Echo/Split", sink: sink, maxPending: 12)
        feed(call, [[1, 2, 3, 4]])
        #expect(await sink.waitForFinish())
        #expect(sink.messages == [[1], [2]])
        #expect(sink.code == .resourceExhausted)
    }

    @Test func clientStreamingSeesEveryRequestInOrder() async throws {
        let sink = RecordingSink()
        let (call, _) = try start("/test.Echo/Join", sink: sink)
        feed(call, [[1], [2, 3], [], [4]])
        #expect(await sink.waitForFinish())
        #expect(sink.messages == [[1, 2, 3, 4]])
        #expect(sink.code == .ok)
    }

    @Test func bidiEchoesAndCancellationEndsTheHandler() async throws {
        let sink = RecordingSink()
        let (call, context) = try start("/test.Echo/Ping", sink: sink)
        feed(call, [[9], [8]], end: false)
        context.cancel()
        call.cancelled()
        #expect(await sink.waitForFinish())
        #expect(sink.code == .cancelled)
        #expect(context.isCancelled)
    }

    @Test func cancelHandlersRunOnceEvenIfRegisteredLate() {
        let context = ServerContext(path: "/x/y", requestMetadata: Metadata(), deadline: nil, peer: "p")
        let count = Locked(0)
        context.onCancel { count.withLock { $0 += 1 } }
        #expect(context.cancel())
        #expect(!context.cancel())
        context.onCancel { count.withLock { $0 += 10 } }
        #expect(count.withLock { $0 } == 11)
    }
}
