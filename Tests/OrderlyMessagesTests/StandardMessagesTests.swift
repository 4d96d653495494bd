// Round trips and fixed wire bytes for the gRPC project's messages (health, testing, reflection).
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite struct StandardMessagesTests {
    // Expected bytes computed with Python's google.protobuf (grpcio-tools), not by this code.
    @Test func healthCheckRequestMatchesReferenceBytes() throws {
        let request = Grpc_Health_V1_HealthCheckRequest(service: "orderly.v1.OrderService")
        let golden: [UInt8] = [
            0x0A, 0x17, 0x6F, 0x72, 0x64, 0x65, 0x72, 0x6C, 0x79, 0x2E, 0x76, 0x31, 0x2E, 0x4F, 0x72,
            0x64, 0x65, 0x72, 0x53, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65,
        ]
        #expect(request.serializedBytes() == golden)
        #expect(try Grpc_Health_V1_HealthCheckRequest(serializedBytes: golden) == request)
    }

    @Test(arguments: Grpc_Health_V1_HealthCheckResponse.ServingStatus.allCases + [.unrecognized(42)])
    func healthStatusRoundTrips(status: Grpc_Health_V1_HealthCheckResponse.ServingStatus) throws {
        let response = Grpc_Health_V1_HealthCheckResponse(status: status)
        let decoded = try Grpc_Health_V1_HealthCheckResponse(serializedBytes: response.serializedBytes())
        #expect(decoded == response)
        #expect(decoded.status.rawValue == status.rawValue)
    }

    @Test func simpleRequestRoundTripsNestedMessagesAndBytes() throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseType = .compressable
        request.responseSize = 314_159
        request.payload = Grpc_Testing_Payload(type: .compressable, body: [0, 1, 2, 255, 0])
        request.fillUsername = true
        request.responseStatus = Grpc_Testing_EchoStatus(code: 2, message: "näh ✓")
        request.expectCompressed = Grpc_Testing_BoolValue(value: true)
        let decoded = try Grpc_Testing_SimpleRequest(serializedBytes: request.serializedBytes())
        #expect(decoded == request)
    }

    @Test func mapsRoundTrip() throws {
        var stats = Grpc_Testing_LoadBalancerStatsResponse()
        stats.rpcsByPeer = ["a": 1, "b": -2, "": 3]
        stats.numFailures = 7
        stats.rpcsByMethod = [
            "UnaryCall": .init(rpcsByPeer: ["x": 9]),
            "EmptyCall": .init(),
        ]
        let decoded = try Grpc_Testing_LoadBalancerStatsResponse(serializedBytes: stats.serializedBytes())
        #expect(decoded == stats)
    }

    @Test func reflectionOneofRoundTrips() throws {
        var request = Grpc_Reflection_V1_ServerReflectionRequest()
        request.host = "localhost"
        request.fileContainingSymbol = "orderly.v1.OrderService"
        let decoded = try Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: request.serializedBytes())
        #expect(decoded == request)
        #expect(decoded.messageRequest == .fileContainingSymbol("orderly.v1.OrderService"))

        var response = Grpc_Reflection_V1alpha_ServerReflectionResponse()
        response.fileDescriptorResponse = .init(fileDescriptorProto: [[1, 2, 3], [], [0xFF]])
        let decodedResponse = try Grpc_Reflection_V1alpha_ServerReflectionResponse(
            serializedBytes: response.serializedBytes())
        #expect(decodedResponse == response)

        var extensionRequest = Grpc_Reflection_V1_ServerReflectionRequest()
        extensionRequest.fileContainingExtension = .init(containingType: "a.B", extensionNumber: 5)
        #expect(try Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: extensionRequest.serializedBytes())
            == extensionRequest)
    }
}
