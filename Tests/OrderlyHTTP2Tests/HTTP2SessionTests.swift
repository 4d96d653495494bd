// Scripted-bytes tests of the HTTP/2 + gRPC server session: a real nghttp2 client session talks
// to it through memory, no sockets.
import CNGHTTP2
import OrderlyHTTP2
import OrderlyRPC
import Testing

struct HTTP2SessionTests {
    let observations = Observations()
    var router: RPCRouter { RPCRouter(services: [TestService(observations: observations)]) }

    private func frame(_ bytes: [UInt8]) -> [UInt8] { MessageFramer.frame(bytes: bytes) }

    @Test func unaryCallEndToEnd() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame([1, 2, 3]))
        harness.exchange()
        let response = harness.response(id)
        #expect(response.header(":status") == "200")
        #expect(response.header("content-type") == "application/grpc")
        #expect(response.messages == [[1, 2, 3]])
        #expect(response.trailer("grpc-status") == "0")
        #expect(!response.isTrailersOnly)
        #expect(response.closedWith == 0)
        #expect(harness.server.openStreamCount == 0)
    }

    @Test func manyCallsOnOneConnection() {
        let harness = Harness(router: router)
        let ids = (0..<50).map { harness.client.request(path: "/test.Echo/Echo", body: frame([UInt8($0)])) }
        harness.exchange()
        for (index, id) in ids.enumerated() {
            #expect(harness.response(id).messages == [[UInt8(index)]])
            #expect(harness.response(id).grpcStatus == "0")
        }
    }

    @Test func unknownMethodIsUnimplementedTrailersOnly() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Nope", body: frame([1]))
        harness.exchange()
        let response = harness.response(id)
        #expect(response.header(":status") == "200")
        #expect(response.isTrailersOnly)
        #expect(response.grpcStatus == "12")
        #expect(response.grpcMessage == "unknown method /test.Echo/Nope")
        #expect(response.data.isEmpty)
    }

    @Test(arguments: ["application/json", "text/plain", "application/grpc+json", "application/grpcx"])
    func nonGRPCContentTypeIs415(contentType: String) {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", contentType: contentType, body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).header(":status") == "415")
    }

    @Test(arguments: ["application/grpc", "application/grpc+proto", "application/grpc; charset=utf-8"])
    func grpcContentTypesAreAccepted(contentType: String) {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", contentType: contentType, body: frame([7]))
        harness.exchange()
        #expect(harness.response(id).messages == [[7]])
    }

    @Test func oversizedMessageIsResourceExhausted() {
        var configuration = HTTP2ServerConfiguration()
        configuration.maxReceiveMessageSize = 16
        let harness = Harness(router: router, configuration: configuration)
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame(Array(repeating: 1, count: 17)))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "8")
        #expect(harness.response(id).messages.isEmpty)
    }

    @Test func undecodableRequestIsInvalidArgument() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame([0xFF]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "3")
        #expect(harness.response(id).grpcMessage == "blob starts with 0xFF")
    }

    @Test func errorMessageIsPercentEncoded() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Fail", body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "9")
        #expect(harness.response(id).grpcMessage == "not enough stock for sku %C3%BC 100%25")
    }

    @Test func unsupportedEncodingIsUnimplementedWithAcceptEncoding() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", headers: [("grpc-encoding", "gzip")], body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "12")
        #expect(harness.response(id).header("grpc-accept-encoding") == "identity")
    }

    @Test func metadataReachesHandlerAndHeadersAndTrailersAreSettable() {
        let harness = Harness(router: router)
        let id = harness.client.request(
            path: "/test.Echo/Meta", headers: [("x-tenant", "acme"), ("x-id-bin", Base64.encode([0, 200, 7]))],
            body: frame([]))
        harness.exchange()
        let response = harness.response(id)
        #expect(response.header("x-seen-tenant") == "acme")
        #expect(response.trailer("x-echo-bin").flatMap { Base64.decode($0) } == [0, 200, 7])
        #expect(response.messages == [Array("127.0.0.1:9".utf8)])
    }

    @Test func answerFromAnotherThreadHopsThroughTheLoop() async {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Later", body: frame([1, 2, 3]))
        await harness.exchange { harness.response(id).grpcStatus != nil }
        #expect(harness.response(id).messages == [[3, 2, 1]])
        #expect(harness.response(id).grpcStatus == "0")
    }

    @Test func deadlineExpiryAnswersDeadlineExceededAndCancelsTheHandler() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Never", headers: [("grpc-timeout", "50m")], body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == nil)
        #expect(harness.connection.loop.pendingTimers == 1)
        harness.connection.loop.fireAllTimers()
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "4")
        #expect(observations.deadlines.withLock { $0 } == [true])
        #expect(observations.cancelled.withLock { $0 } == ["/test.Echo/Never"])
    }

    @Test func finishedCallCancelsItsDeadlineTimer() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", headers: [("grpc-timeout", "5S")], body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "0")
        #expect(harness.connection.loop.pendingTimers == 0)
    }

    @Test func streamResetCancelsTheHandler() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Never", body: frame([1]))
        harness.exchange()
        #expect(observations.cancelled.withLock { $0 }.isEmpty)
        #expect(harness.server.openStreamCount == 1)
        harness.client.reset(id)
        harness.exchange()
        #expect(observations.cancelled.withLock { $0 } == ["/test.Echo/Never"])
        #expect(harness.server.openStreamCount == 0)
    }

    @Test func serverStreamingSendsMessagesThenTrailers() async {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Split", body: frame([5, 6, 7]))
        await harness.exchange { harness.response(id).grpcStatus != nil }
        #expect(harness.response(id).messages == [[5], [6], [7]])
        #expect(harness.response(id).trailer("grpc-status") == "0")
    }

    @Test func bidiStreamingEchoesAsRequestsArrive() async {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Ping", body: frame([1]), keepOpen: true)
        await harness.exchange { harness.response(id).messages.count == 1 }
        #expect(harness.response(id).messages == [[1]])
        harness.client.sendMore(id, frame([2]) + frame([3]), end: true)
        await harness.exchange { harness.response(id).grpcStatus != nil }
        #expect(harness.response(id).messages == [[1], [2], [3]])
        #expect(harness.response(id).grpcStatus == "0")
    }

    @Test func clientStreamingCollectsEveryRequest() async {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Join", body: frame([1]) + frame([2, 3]), keepOpen: true)
        harness.exchange()
        harness.client.sendMore(id, frame([]) + frame([4]), end: true)
        await harness.exchange { harness.response(id).grpcStatus != nil }
        #expect(harness.response(id).messages == [[1, 2, 3, 4]])
        #expect(harness.response(id).grpcStatus == "0")
    }

    @Test func aStreamingHandlerThatFallsBehindSlowsItsClientDown() async {
        var configuration = HTTP2ServerConfiguration()
        configuration.initialStreamWindowSize = 16 << 10
        configuration.maxBufferedRequestBytesPerStream = 4 << 10
        let harness = Harness(router: router, configuration: configuration)
        harness.exchange()  // settle SETTINGS first: before them the client assumes 64 KiB windows
        let body = (0..<300).flatMap { _ in frame(Array(repeating: 7, count: 1000)) }
        let id = harness.client.request(path: "/test.Echo/Gated", body: body)
        harness.exchange(rounds: 200)
        // The handler reads nothing yet: what got through is bounded by the high-water mark, the
        // chunk that crossed it and one window.
        let delivered = body.count - harness.client.unsentBodyBytes(id)
        #expect(delivered <= (4 << 10) + 2 * (16 << 10) + 1005)
        #expect(harness.client.unsentBodyBytes(id) > 0)
        observations.gateOpen.withLock { $0 = true }
        await harness.exchange { harness.response(id).grpcStatus != nil }
        #expect(harness.response(id).grpcStatus == "0")
        #expect(harness.response(id).messages == [[1, 44]])
        #expect(harness.client.unsentBodyBytes(id) == 0)
    }

    @Test func outputPausesWhileTheConnectionIsNotWritable() {
        let harness = Harness(router: router)
        harness.exchange()
        harness.connection.isWritable = false
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == nil)
        harness.connection.isWritable = true
        harness.server.flush()
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "0")
    }

    @Test func largeResponsesCrossManyDataFrames() {
        let harness = Harness(router: router)
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame(big))
        harness.exchange(rounds: 500)
        #expect(harness.response(id).messages == [big])
        #expect(harness.response(id).grpcStatus == "0")
    }

    @Test(arguments: [(200, 8), (10, 0)])
    func streamWritersAreBoundedPerStream(messageSize: Int, expectedStatus: Int) {
        var configuration = HTTP2ServerConfiguration()
        configuration.maxPendingResponseBytesPerStream = 16 << 10
        let harness = Harness(router: router, configuration: configuration)
        let id = harness.client.request(path: "/test.Echo/Flood", body: frame([UInt8(messageSize)]))
        harness.exchange(rounds: 500)
        let response = harness.response(id)
        #expect(response.grpcStatus == String(expectedStatus))
        // Everything written before the cut-off still arrives, in order, before the status.
        let sent = response.messages.count
        #expect(expectedStatus == 0 ? sent == 1000 : sent * (messageSize + 5) <= 16 << 10 + messageSize + 5)
        #expect(response.messages.allSatisfy { $0.count == messageSize })
    }

    @Test func rootPageNamesTheServerAndItsServices() {
        let harness = Harness(router: router)
        let id = harness.client.request(method: "GET", path: "/", contentType: nil, body: nil)
        harness.exchange()
        let response = harness.response(id)
        #expect(response.header(":status") == "200")
        #expect(response.header("content-type")?.hasPrefix("text/plain") == true)
        let page = String(decoding: response.data, as: UTF8.self)
        #expect(page.contains("orderlyd"))
        #expect(page.contains("test.Echo"))
    }

    @Test func nonPostGRPCRequestIs405() {
        let harness = Harness(router: router)
        let id = harness.client.request(method: "PUT", path: "/test.Echo/Echo", body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).header(":status") == "405")
    }

    @Test(arguments: [
        Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
        Array(repeating: 0xAB, count: 100),
        Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 4, 0xFF, 0, 0, 0, 0, 1, 1, 2, 3, 4],
    ])
    func garbageGetsGoawayAndTheConnectionCloses(bytes: [UInt8]) {
        let harness = Harness(router: router)
        bytes.withUnsafeBytes { harness.server.receive($0) }
        harness.server.flush()
        #expect(harness.connection.closed)
        let frames = Self.frameTypes(harness.connection.written)
        #expect(frames.contains(UInt8(NGHTTP2_GOAWAY.rawValue)))
    }

    @Test func drainSendsGoawayAndClosesWhenIdle() {
        let harness = Harness(router: router)
        let id = harness.client.request(path: "/test.Echo/Echo", body: frame([1]))
        harness.exchange()
        #expect(harness.response(id).grpcStatus == "0")
        harness.server.drain()
        harness.exchange()
        #expect(harness.client.goawayCode == 0)
        #expect(harness.connection.closed)
    }

    /// The types of the frames in server output (9-byte header: length, type, flags, stream).
    static func frameTypes(_ bytes: [UInt8]) -> [UInt8] {
        var types: [UInt8] = []
        var index = 0
        while index + 9 <= bytes.count {
            let length = Int(bytes[index]) << 16 | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
            types.append(bytes[index + 3])
            index += 9 + length
        }
        return types
    }
}
