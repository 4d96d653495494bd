// The client's gzip and deflate against the real interop-server, every call kind: the server's
// `expect_compressed` check proves the requests went out compressed, `response_compressed` and
// `ResponseParameters.compressed` make it answer compressed, which the client must decode.
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite(.serialized)
final class CompressionCallTests {
    let server: ServerProcess
    let channel: GRPCChannel

    init() throws {
        server = try ServerProcess("interop-server")
        channel = GRPCChannel(host: "127.0.0.1", port: server.port)
    }

    deinit {
        channel.close()
        server.stop()
    }

    private func client(_ encoding: MessageEncoding) -> Grpc_Testing_TestServiceClient {
        Grpc_Testing_TestServiceClient(
            channel: channel, defaultOptions: CallOptions(timeout: .seconds(30), compression: encoding))
    }

    private static let yes = Grpc_Testing_BoolValue(value: true)

    @Test(arguments: [MessageEncoding.gzip, .deflate])
    func unaryCompressesBothWays(encoding: MessageEncoding) async throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 314_159
        request.payload = Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: 271_828))
        request.expectCompressed = Self.yes
        request.responseCompressed = Self.yes
        let reply = try await client(encoding).unaryCall(request)
        #expect(reply.payload?.body == [UInt8](repeating: 0, count: 314_159))
    }

    @Test func identityRequestExpectedCompressedIsRefused() async throws {
        var request = Grpc_Testing_SimpleRequest()
        request.payload = Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: 1000))
        request.expectCompressed = Self.yes
        await #expect(throws: RPCError.self) { _ = try await self.client(.identity).unaryCall(request) }
    }

    @Test(arguments: [MessageEncoding.gzip, .deflate])
    func clientStreamingCompressesEveryMessage(encoding: MessageEncoding) async throws {
        let sizes = [27182, 8, 1828, 45904]
        let requests = sizes.map {
            Grpc_Testing_StreamingInputCallRequest(
                payload: Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: $0)), expectCompressed: Self.yes)
        }
        let reply = try await client(encoding).streamingInputCall(requests)
        #expect(Int(reply.aggregatedPayloadSize) == sizes.reduce(0, +))
    }

    @Test(arguments: [MessageEncoding.gzip, .deflate])
    func serverStreamingDecodesCompressedAndPlainResponses(encoding: MessageEncoding) async throws {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = [
            Grpc_Testing_ResponseParameters(size: 31415, compressed: Self.yes),
            Grpc_Testing_ResponseParameters(size: 92653, compressed: Grpc_Testing_BoolValue(value: false)),
        ]
        var sizes: [Int] = []
        for try await reply in client(encoding).streamingOutputCall(request) {
            sizes.append(reply.payload?.body.count ?? -1)
        }
        #expect(sizes == [31415, 92653])
    }

    @Test(arguments: [MessageEncoding.gzip, .deflate])
    func bidiCompressesBothWays(encoding: MessageEncoding) async throws {
        let sizes: [Int32] = [31415, 9, 2653, 58979]
        let requests = sizes.map { size in
            Grpc_Testing_StreamingOutputCallRequest(
                responseParameters: [Grpc_Testing_ResponseParameters(size: size, compressed: Self.yes)],
                payload: Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: Int(size))))
        }
        var received: [Int32] = []
        let stream = AsyncStream<Grpc_Testing_StreamingOutputCallRequest> { continuation in
            for request in requests { continuation.yield(request) }
            continuation.finish()
        }
        for try await reply in client(encoding).fullDuplexCall(stream) {
            received.append(Int32(reply.payload?.body.count ?? -1))
        }
        #expect(received == sizes)
    }
}
