// grpc.testing.TestService as the gRPC project's doc/interop-test-descriptions.md asks of an
// interop server: payloads of zeros of the requested sizes, `response_status` echoed as the
// call's status, and the `x-grpc-test-echo-initial` / `x-grpc-test-echo-trailing-bin` metadata
// echoed as response header / trailer. UnimplementedCall is deliberately not registered, so
// the router answers it UNIMPLEMENTED like any unknown method.
import OrderlyMessages
import OrderlyRPC

/// The interop test service.
struct TestService: RPCService {
    static let name = "grpc.testing.TestService"

    func register(into router: inout RPCRouter) {
        router.unary(Self.name, "EmptyCall") { (_: Grpc_Testing_Empty, context) in
            Self.echoMetadata(context)
            return Grpc_Testing_Empty()
        }
        router.unary(Self.name, "UnaryCall", Self.unaryCall)
        router.unary(Self.name, "CacheableUnaryCall", Self.unaryCall)
        router.serverStreaming(Self.name, "StreamingOutputCall") {
            (request: Grpc_Testing_StreamingOutputCallRequest, writer, context) in
            Self.echoMetadata(context)
            try Self.checkStatus(request.responseStatus)
            try await Self.respond(to: request, writer: writer, context: context)
        }
        router.clientStreaming(Self.name, "StreamingInputCall") {
            (requests: RequestStream<Grpc_Testing_StreamingInputCallRequest>, context) in
            Self.echoMetadata(context)
            var total = 0
            for try await (request, compressed) in requests.withCompressionFlags {
                try Self.checkCompression(expected: request.expectCompressed, compressed: compressed)
                total += request.payload?.body.count ?? 0
            }
            return Grpc_Testing_StreamingInputCallResponse(aggregatedPayloadSize: Int32(clamping: total))
        }
        router.bidiStreaming(Self.name, "FullDuplexCall") {
            (requests: RequestStream<Grpc_Testing_StreamingOutputCallRequest>, writer, context) in
            Self.echoMetadata(context)
            for try await request in requests {
                try Self.checkStatus(request.responseStatus)
                try await Self.respond(to: request, writer: writer, context: context)
            }
        }
        router.bidiStreaming(Self.name, "HalfDuplexCall") {
            (requests: RequestStream<Grpc_Testing_StreamingOutputCallRequest>, writer, context) in
            Self.echoMetadata(context)
            var received: [Grpc_Testing_StreamingOutputCallRequest] = []
            for try await request in requests {
                received.append(request)
            }
            for request in received {
                try Self.checkStatus(request.responseStatus)
                try await Self.respond(to: request, writer: writer, context: context)
            }
        }
    }

    @Sendable static func unaryCall(
        _ request: Grpc_Testing_SimpleRequest, _ context: ServerContext
    ) throws -> Grpc_Testing_SimpleResponse {
        echoMetadata(context)
        try checkCompression(expected: request.expectCompressed, compressed: context.requestMessageWasCompressed)
        if let wanted = request.responseCompressed {
            context.responseCompression.setEnabled(wanted.value)
        }
        try checkStatus(request.responseStatus)
        var response = Grpc_Testing_SimpleResponse()
        if request.responseSize > 0 {
            response.payload = payload(size: request.responseSize)
        }
        return response
    }

    /// A payload of `size` zero bytes (COMPRESSABLE, the only type the protocol still has).
    static func payload(size: Int32) -> Grpc_Testing_Payload {
        Grpc_Testing_Payload(type: .compressable, body: [UInt8](repeating: 0, count: Int(max(0, size))))
    }

    /// Writes one response per `response_parameters` entry, waiting `interval_us` before each.
    static func respond(
        to request: Grpc_Testing_StreamingOutputCallRequest,
        writer: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>, context: ServerContext
    ) async throws {
        for parameters in request.responseParameters {
            if parameters.intervalUs > 0 {
                try await Task.sleep(for: .microseconds(parameters.intervalUs))
            }
            // Back-pressure: wait for the client to read rather than failing the call.
            while !writer.isWritable && !writer.isFinished {
                try await Task.sleep(for: .milliseconds(1))
            }
            if let wanted = parameters.compressed {
                context.responseCompression.setEnabled(wanted.value)
            }
            try writer.send(Grpc_Testing_StreamingOutputCallResponse(payload: payload(size: parameters.size)))
        }
    }

    /// Throws the status a request asks for, if any.
    static func checkStatus(_ status: Grpc_Testing_EchoStatus?) throws {
        guard let status, status.code != 0 else { return }
        throw RPCError(StatusCode(wireValue: Int(status.code)) ?? .unknown, status.message)
    }

    /// `expect_compressed`: a request that says it was sent compressed but was not fails with
    /// INVALID_ARGUMENT (the interop clients' probe for compression support).
    static func checkCompression(expected: Grpc_Testing_BoolValue?, compressed: Bool) throws {
        if expected?.value == true, !compressed {
            throw RPCError(.invalidArgument, "expected a compressed message, but it was not compressed")
        }
    }

    /// Echoes the interop metadata: the initial value as a response header, the binary one as
    /// a trailer.
    static func echoMetadata(_ context: ServerContext) {
        if let initial = context.requestMetadata.first("x-grpc-test-echo-initial") {
            context.addResponseHeaders([("x-grpc-test-echo-initial", initial)])
        }
        if let trailing = context.requestMetadata.firstBytes("x-grpc-test-echo-trailing-bin") {
            var trailers = Metadata()
            trailers.add("x-grpc-test-echo-trailing-bin", bytes: trailing)
            context.addTrailers(trailers)
        }
    }
}
