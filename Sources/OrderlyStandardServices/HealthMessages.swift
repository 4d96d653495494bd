// Lean wire forms of the two health messages. Check is the call load balancers and benchmarks
// hammer, and the generated (libprotobuf-c) types build a C arena per decode and per encode;
// these read the one field of the request in place and write the response's two bytes
// directly. The wire format is the same, so clients see no difference.
import OrderlyMessages
import OrderlyRPC

/// `grpc.health.v1.HealthCheckRequest`, decoded without libprotobuf-c.
struct HealthCheckRequestWire: RPCMessage, Equatable {
    var service: String

    init(service: String = "") {
        self.service = service
    }

    /// Reads field 1 (`service`, a string); skips unknown fields like any protobuf parser.
    init(serializedBytes bytes: UnsafeRawBufferPointer) throws {
        service = ""
        var reader = ProtobufReader(bytes)
        while let (field, wireType) = try reader.nextTag() {
            if field == 1 {
                guard wireType == 2 else { throw MessageDecodingError("field service has the wrong wire type") }
                let value = try reader.lengthDelimited()
                guard let text = String(validating: value, as: UTF8.self) else {
                    throw MessageDecodingError("invalid UTF-8 in field service")
                }
                service = text
            } else {
                try reader.skip(wireType: wireType)
            }
        }
    }

    func serialize(appendingTo buffer: inout [UInt8]) {
        guard !service.isEmpty else { return }
        buffer.append(0x0A)
        ProtobufReader.appendVarint(UInt64(service.utf8.count), to: &buffer)
        buffer.append(contentsOf: service.utf8)
    }
}

/// `grpc.health.v1.HealthCheckResponse`, encoded without libprotobuf-c.
struct HealthCheckResponseWire: RPCMessage, Equatable {
    var status: HealthService.Status

    init(status: HealthService.Status) {
        self.status = status
    }

    init(serializedBytes bytes: UnsafeRawBufferPointer) throws {
        var status: Int32 = 0
        var reader = ProtobufReader(bytes)
        while let (field, wireType) = try reader.nextTag() {
            if field == 1 && wireType == 0 {
                status = Int32(truncatingIfNeeded: try reader.varint())
            } else {
                try reader.skip(wireType: wireType)
            }
        }
        self.status = HealthService.Status(rawValue: status)
    }

    func serialize(appendingTo buffer: inout [UInt8]) {
        let raw = status.rawValue
        guard raw != 0 else { return }
        buffer.append(0x08)
        // int32 fields encode negative values as ten-byte varints (sign-extended).
        ProtobufReader.appendVarint(UInt64(bitPattern: Int64(raw)), to: &buffer)
    }
}
