// The lean health messages speak exactly the wire format of the generated (libprotobuf-c) types.
import OrderlyMessages
import OrderlyRPC
import Testing

@testable import OrderlyStandardServices

struct HealthMessagesTests {
    @Test(arguments: ["", "grpc.health.v1.Health", "ünïcödé.Service", String(repeating: "x", count: 300)])
    func requestMatchesTheGeneratedType(service: String) throws {
        let generated = Grpc_Health_V1_HealthCheckRequest(service: service)
        let lean = try HealthCheckRequestWire(serializedBytes: generated.serializedBytes())
        #expect(lean.service == service)
        #expect(lean.serializedBytes() == generated.serializedBytes())
    }

    @Test(arguments: HealthService.Status.allCases + [.unrecognized(7), .unrecognized(-1)])
    func responseMatchesTheGeneratedType(status: HealthService.Status) throws {
        let lean = HealthCheckResponseWire(status: status)
        let generated = Grpc_Health_V1_HealthCheckResponse(status: status)
        #expect(lean.serializedBytes() == generated.serializedBytes())
        #expect(try Grpc_Health_V1_HealthCheckResponse(serializedBytes: lean.serializedBytes()).status == status)
        #expect(try HealthCheckResponseWire(serializedBytes: generated.serializedBytes()).status == status)
    }

    @Test func unknownFieldsAreSkipped() throws {
        // field 2 varint 150, field 3 fixed64, field 4 bytes "ab", field 5 fixed32, then service "s"
        let bytes: [UInt8] = [0x10, 0x96, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x22, 2, 0x61, 0x62,
                              0x2D, 1, 2, 3, 4, 0x0A, 1, 0x73]
        #expect(try HealthCheckRequestWire(serializedBytes: bytes).service == "s")
    }

    @Test(arguments: [
        [0x0A, 5, 0x61] as [UInt8],  // length past the end
        [0x0A, 2, 0xC3, 0x28],  // invalid UTF-8
        [0x08, 1],  // service with the varint wire type
        [0x0B],  // a group
        [0x00, 0x00],  // field number 0
        [0x10, 0xFF, 0xFF],  // truncated varint
        [0x10] + [UInt8](repeating: 0xFF, count: 11),  // overlong varint
        [0x1D, 1, 2],  // truncated fixed32
    ])
    func malformedRequestsThrow(bytes: [UInt8]) {
        #expect(throws: MessageDecodingError.self) { try HealthCheckRequestWire(serializedBytes: bytes) }
    }
}
