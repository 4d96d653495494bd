// The client against the real interop-server: every call kind, metadata both ways (text and
// -bin), error statuses with unicode messages, deadlines, cancellation and many concurrent calls
// on one channel.
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite(.serialized)
final class InteropCallTests {
    let server: ServerProcess
    let channel: GRPCChannel
    let client: Grpc_Testing_TestServiceClient

    init() throws {
        server = try ServerProcess("interop-server")
        channel = GRPCChannel(host: "127.0.0.1", port: server.port)
        // Generous: a loaded 2-core CI machine can take many seconds for a 2 MiB call; the deadline
        // tests set their own short ones.
        client = Grpc_Testing_TestServiceClient(channel: channel, defaultOptions: CallOptions(timeout: .seconds(120)))
    }

    deinit {
        channel.close()
        server.stop()
    }

    @Test func emptyCallReturnsAnEmptyMessage() async throws {
        let reply = try await client.emptyCall(Grpc_Testing_Empty())
        #expect(reply == Grpc_Testing_Empty())
    }

    @Test(arguments: [0, 1, 314_159, 2 * 1024 * 1024])
    func unaryCallCarriesLargePayloadsBothWays(size: Int) async throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = Int32(size)
        request.payload = Grpc_Testing_Payload(body: [UInt8](repeating: 7, count: 271_828))
        let reply = try await client.unaryCall(request)
        #expect(reply.payload?.body.count ?? 0 == size)
    }

    @Test func streamingOutputCallDeliversEveryResponseInOrder() async throws {
        let sizes: [Int32] = [31415, 9, 2653, 58979]
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = sizes.map { Grpc_Testing_ResponseParameters(size: $0) }
        var received: [Int32] = []
        for try await reply in client.streamingOutputCall(request) {
            received.append(Int32(reply.payload?.body.count ?? -1))
        }
        #expect(received == sizes)
    }

    @Test func streamingInputCallAggregatesASequence() async throws {
        let sizes = [27182, 8, 1828, 45904]
        let requests = sizes.map { Grpc_Testing_StreamingInputCallRequest(payload: Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: $0))) }
        let reply = try await client.streamingInputCall(requests)
        #expect(Int(reply.aggregatedPayloadSize) == sizes.reduce(0, +))
    }

    @Test func streamingInputCallAcceptsAnAsyncSequenceLargerThanTheWindow() async throws {
        // 24 × 100 KiB: past the stream window and the client's send buffer, so back-pressure
        // has to work both ways. A long deadline: debug and ThreadSanitizer builds are slow here.
        let (requests, continuation) = AsyncStream<Grpc_Testing_StreamingInputCallRequest>.makeStream()
        let payload = Grpc_Testing_Payload(body: [UInt8](repeating: 1, count: 100 * 1024))
        for _ in 0..<24 {
            continuation.yield(Grpc_Testing_StreamingInputCallRequest(payload: payload))
        }
        continuation.finish()
        let reply = try await client.streamingInputCall(requests, options: CallOptions(timeout: .seconds(120)))
        #expect(reply.aggregatedPayloadSize == 24 * 100 * 1024)
    }

    @Test func fullDuplexCallPingPongs() async throws {
        let sizes: [Int32] = [31415, 9, 2653, 58979]
        let (requests, continuation) = AsyncStream<Grpc_Testing_StreamingOutputCallRequest>.makeStream()
        func ping(_ size: Int32) {
            var request = Grpc_Testing_StreamingOutputCallRequest()
            request.responseParameters = [Grpc_Testing_ResponseParameters(size: size)]
            request.payload = Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: Int(size)))
            continuation.yield(request)
        }
        ping(sizes[0])
        var received: [Int32] = []
        for try await reply in client.fullDuplexCall(requests) {
            received.append(Int32(reply.payload?.body.count ?? -1))
            if received.count < sizes.count {
                ping(sizes[received.count])
            } else {
                continuation.finish()
            }
        }
        #expect(received == sizes)
    }

    @Test func metadataIsEchoedAsHeadersAndBinaryTrailers() async throws {
        var metadata = Metadata()
        metadata.add("x-grpc-test-echo-initial", "test_initial_metadata_value")
        metadata.add("x-grpc-test-echo-trailing-bin", bytes: [0xAB, 0xAB, 0xAB, 0x00, 0xFF])
        let response = try await channel.unary(
            path: Grpc_Testing_TestServiceClient.Methods.unaryCall, request: Grpc_Testing_SimpleRequest(),
            responseType: Grpc_Testing_SimpleResponse.self, options: CallOptions(metadata: metadata))
        #expect(response.initialMetadata.first("x-grpc-test-echo-initial") == "test_initial_metadata_value")
        #expect(response.trailers.firstBytes("x-grpc-test-echo-trailing-bin") == [0xAB, 0xAB, 0xAB, 0x00, 0xFF])
    }

    @Test func streamingCallsDeliverEchoedHeadersAndTrailers() async throws {
        var metadata = Metadata()
        metadata.add("x-grpc-test-echo-initial", "streaming_initial")
        metadata.add("x-grpc-test-echo-trailing-bin", bytes: [0x0A, 0x0B, 0x0A, 0x0B, 0x0A, 0x0B])
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = [Grpc_Testing_ResponseParameters(size: 3), Grpc_Testing_ResponseParameters(size: 4)]
        let (requests, continuation) = AsyncStream<Grpc_Testing_StreamingOutputCallRequest>.makeStream()
        continuation.yield(request)
        continuation.finish()
        let calls = [
            channel.serverStreamingWithMetadata(
                path: Grpc_Testing_TestServiceClient.Methods.streamingOutputCall, request: request,
                responseType: Grpc_Testing_StreamingOutputCallResponse.self, options: CallOptions(metadata: metadata)),
            channel.bidirectionalStreamingWithMetadata(
                path: Grpc_Testing_TestServiceClient.Methods.fullDuplexCall, requests: requests,
                responseType: Grpc_Testing_StreamingOutputCallResponse.self, options: CallOptions(metadata: metadata)),
        ]
        for call in calls {
            var seen: [String] = []
            for try await part in call {
                switch part {
                case .headers(let headers):
                    seen.append("headers:" + (headers.first("x-grpc-test-echo-initial") ?? "-"))
                case .message(let message):
                    seen.append("message:\(message.payload?.body.count ?? -1)")
                case .trailers(let trailers):
                    seen.append("trailers:\(trailers.firstBytes("x-grpc-test-echo-trailing-bin") ?? [])")
                }
            }
            #expect(seen == ["headers:streaming_initial", "message:3", "message:4", "trailers:[10, 11, 10, 11, 10, 11]"])
        }
    }

    @Test(arguments: [
        (2, "test status message"),
        (9, "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n"),
        (5, "100% not found"),
    ])
    func responseStatusComesBackAsRPCError(code: Int, message: String) async throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseStatus = Grpc_Testing_EchoStatus(code: Int32(code), message: message)
        let error = await #expect(throws: RPCError.self) { try await self.client.unaryCall(request) }
        #expect(error?.code.rawValue == code)
        #expect(error?.message == message)
    }

    @Test func unimplementedMethodFailsWithUnimplemented() async throws {
        let error = await #expect(throws: RPCError.self) { try await self.client.unimplementedCall(Grpc_Testing_Empty()) }
        #expect(error?.code == .unimplemented)
    }

    @Test func deadlineExpiresWhileTheServerIsStillStreaming() async throws {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = [Grpc_Testing_ResponseParameters(size: 10, intervalUs: 2_000_000)]
        let started = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            for try await _ in self.client.streamingOutputCall(request, options: CallOptions(timeout: .milliseconds(200))) {}
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - started < .seconds(1.5))
        // The channel still works afterwards.
        _ = try await client.emptyCall(Grpc_Testing_Empty())
    }

    @Test func cancellingTheConsumingTaskEndsAServerStreamMidway() async throws {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = [Grpc_Testing_ResponseParameters(size: 10)]
            + Array(repeating: Grpc_Testing_ResponseParameters(size: 10, intervalUs: 500_000), count: 20)
        let client = self.client
        let task = Task { () -> (Int, StatusCode) in
            var count = 0
            // A cancelled consumer either sees the stream end (AsyncThrowingStream returns nil
            // to a cancelled task) or the call's CANCELLED status, whichever lands first.
            do {
                for try await _ in client.streamingOutputCall(request) { count += 1 }
                return (count, .ok)
            } catch let error as RPCError {
                return (count, error.code)
            } catch {
                return (count, .unknown)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        task.cancel()
        let (count, code) = await task.value
        #expect(count >= 1 && count < 21)
        #expect(code == .ok || code == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(1))
        _ = try await client.emptyCall(Grpc_Testing_Empty())
    }

    @Test func cancellingAClientStreamingCallFailsItWithCancelled() async throws {
        let client = self.client
        let (requests, continuation) = AsyncStream<Grpc_Testing_StreamingInputCallRequest>.makeStream()
        continuation.yield(Grpc_Testing_StreamingInputCallRequest(payload: Grpc_Testing_Payload(body: [1, 2, 3])))
        let task = Task { () -> StatusCode in
            do {
                _ = try await client.streamingInputCall(requests)
                return .ok
            } catch let error as RPCError {
                return error.code
            } catch {
                return .unknown
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(1))
        continuation.finish()
        _ = try await client.emptyCall(Grpc_Testing_Empty())
    }

    @Test func hundredConcurrentCallsShareOneChannel() async throws {
        let client = self.client
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    var request = Grpc_Testing_SimpleRequest()
                    request.responseSize = Int32(index * 10)
                    // proto3: an empty payload may travel as no payload at all.
                    return try await client.unaryCall(request).payload?.body.count ?? 0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sizes.sorted() == (0..<100).map { $0 * 10 })
    }

    @Test func callbackFormCompletesOnTheChannelLoop() async throws {
        let loop = channel.eventLoop
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<(Bool, Int), Never>) in
            var request = Grpc_Testing_SimpleRequest()
            request.responseSize = 42
            client.unaryCall(request) { result in
                continuation.resume(returning: (loop.inEventLoop, (try? result.get())?.payload?.body.count ?? -1))
            }
        }
        #expect(result.0)
        #expect(result.1 == 42)
    }
}
