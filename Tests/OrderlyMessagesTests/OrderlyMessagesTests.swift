// Round trips, reference wire bytes and bad-input handling for the orderly.v1 messages.
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite struct OrderlyMessagesTests {
    /// Order { order_id "O-1", version 3, SHIPPED, POS, lines [A x2 @ -150], total -300,
    /// shipment_ids [S1, S2], created_at 1700000000s+5ns }, as encoded by Python's
    /// google.protobuf (grpcio-tools) from the same .proto files, not by this code.
    /// Field boundaries fall at 5, 7, 9, 11, 29, 40, 44, 48 and 58 bytes.
    static let orderReference: [UInt8] = [
        0x0A, 0x03, 0x4F, 0x2D, 0x31, 0x10, 0x03, 0x18, 0x03, 0x20, 0x03, 0x3A, 0x10, 0x0A, 0x01,
        0x41, 0x10, 0x02, 0x18, 0xEA, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x48,
        0xD4, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x72, 0x02, 0x53, 0x31, 0x72,
        0x02, 0x53, 0x32, 0x7A, 0x08, 0x08, 0x80, 0xE2, 0xCF, 0xAA, 0x06, 0x10, 0x05,
    ]

    @Test(arguments: OrderlySamples.all)
    func messageRoundTrips(sample: MessageSample) throws {
        #expect(try sample.roundTrips())
    }

    @Test(arguments: OrderlySamples.all)
    func sampleIsNotAllDefaults(sample: MessageSample) {
        // Field-less request messages legitimately encode to nothing.
        let fieldless = ["orderly.v1.ListLocationsRequest", "orderly.v1.VerifyInventoryRequest", "orderly.v1.SnapshotRequest",
                         "orderly.v1.ListCarrierServicesRequest", "orderly.v1.GetRoutingPolicyRequest"]
        #expect((sample.encodedSize() == 0) == fieldless.contains(sample.protoName))
    }

    @Test func everyOrderlyMessageHasASample() {
        let sampled = Set(OrderlySamples.all.map(\.protoName))
        let declared = OrderlyDescriptorSet.files.filter { $0.name.hasPrefix("orderly/") }
            .flatMap(\.symbols)
            .filter { OrderlyMessageRegistry.messageType(named: $0) != nil }
        #expect(!declared.isEmpty)
        #expect(Set(declared) == sampled)
    }

    // The expected bytes below were produced by Python's google.protobuf (grpcio-tools) from the
    // same .proto files, not by this code.
    @Test func orderMatchesReferenceBytes() throws {
        var order = Orderly_V1_Order()
        order.orderID = "O-1"
        order.version = 3
        order.status = .shipped
        order.channel = .pos
        order.lines = [.init(sku: "A", quantity: 2, unitPriceMinor: -150)]
        order.totalMinor = -300
        order.shipmentIds = ["S1", "S2"]
        order.createdAt = .init(seconds: 1_700_000_000, nanos: 5)
        let golden = Self.orderReference
        #expect(order.serializedBytes() == golden)
        #expect(try Orderly_V1_Order(serializedBytes: golden) == order)
    }

    @Test func stockLevelMatchesReferenceBytes() throws {
        let level = Orderly_V1_StockLevel(
            locationID: "L", sku: "é", onHand: -1, reserved: Int64.max, available: 0, version: 1)
        let golden: [UInt8] = [
            0x0A, 0x01, 0x4C, 0x12, 0x02, 0xC3, 0xA9, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0x01, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x38, 0x01,
        ]
        #expect(level.serializedBytes() == golden)
        #expect(try Orderly_V1_StockLevel(serializedBytes: golden) == level)
    }

    @Test func addressMatchesReferenceBytes() throws {
        let address = Orderly_V1_Address(name: "n", latitude: 52.52, longitude: -13.405)
        let golden: [UInt8] = [
            0x0A, 0x01, 0x6E, 0x41, 0xC3, 0xF5, 0x28, 0x5C, 0x8F, 0x42, 0x4A, 0x40, 0x49, 0x8F, 0xC2,
            0xF5, 0x28, 0x5C, 0xCF, 0x2A, 0xC0,
        ]
        #expect(address.serializedBytes() == golden)
        #expect(try Orderly_V1_Address(serializedBytes: golden) == address)
    }

    @Test func unknownEnumNumberSurvivesDecodeAndEncode() throws {
        // ReturnLine { sku: "X", quantity: 1, reason: 99 }: 99 is no ReturnReason value.
        let wire: [UInt8] = [0x0A, 0x01, 0x58, 0x10, 0x01, 0x18, 0x63]
        let line = try Orderly_V1_ReturnLine(serializedBytes: wire)
        #expect(line.reason == .unrecognized(99))
        #expect(line.reason.rawValue == 99)
        #expect(line.serializedBytes() == wire)
    }

    @Test func emptyInputDecodesToDefaults() throws {
        let order = try Orderly_V1_Order(serializedBytes: [])
        #expect(order == Orderly_V1_Order())
        #expect(order.status == .unspecified)
        #expect(order.createdAt == nil)
        #expect(order.lines.isEmpty)
        #expect(Orderly_V1_Order().serializedBytes().isEmpty)
    }

    // Cut points inside a field (tag, length, string, nested message, varint, repeated string).
    @Test(arguments: [1, 4, 6, 12, 20, 35, 42, 46, 50, 57])
    func truncatedInputIsRejected(length: Int) {
        let cut = Array(Self.orderReference.prefix(length))
        #expect(throws: MessageDecodingError.self) {
            _ = try Orderly_V1_Order(serializedBytes: cut)
        }
    }

    @Test(arguments: [
        [0xFF] as [UInt8],  // field 31, wire type 7 (no such wire type)
        [0x0A, 0x05, 0x41],  // length beyond the end
        [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // varint too long
        [0x7A, 0x02, 0x08],  // nested message shorter than its length says
    ])
    func malformedInputIsRejected(bytes: [UInt8]) {
        #expect(throws: MessageDecodingError.self) {
            _ = try Orderly_V1_Order(serializedBytes: bytes)
        }
    }

    @Test func invalidUTF8IsRejectedNamingTheField() {
        // OrderLineInput { sku: 0xC3 0x28 } (a broken two-byte sequence).
        let wire: [UInt8] = [0x0A, 0x02, 0xC3, 0x28, 0x10, 0x01]
        #expect(throws: MessageDecodingError("invalid UTF-8 in field orderly.v1.OrderLineInput.sku")) {
            _ = try Orderly_V1_OrderLineInput(serializedBytes: wire)
        }
    }

    @Test func invalidUTF8InNestedRepeatedStringIsRejected() {
        // CreateOrderRequest { lines: [ { sku: 0xFF } ] }
        let wire: [UInt8] = [0x2A, 0x03, 0x0A, 0x01, 0xFF]
        #expect(throws: MessageDecodingError("invalid UTF-8 in field orderly.v1.OrderLineInput.sku")) {
            _ = try Orderly_V1_CreateOrderRequest(serializedBytes: wire)
        }
        // Order { shipment_ids: ["ok", 0xC0 0x80] } (overlong encoding of NUL).
        let ids: [UInt8] = [0x72, 0x02, 0x6F, 0x6B, 0x72, 0x02, 0xC0, 0x80]
        #expect(throws: MessageDecodingError("invalid UTF-8 in field orderly.v1.Order.shipment_ids")) {
            _ = try Orderly_V1_Order(serializedBytes: ids)
        }
    }

    @Test func serializeAppendsAfterExistingBytes() {
        var buffer: [UInt8] = [0, 0, 0, 0, 9]
        OrderlySamples.customer.serialize(appendingTo: &buffer)
        #expect(Array(buffer.prefix(5)) == [0, 0, 0, 0, 9])
        #expect(Array(buffer.dropFirst(5)) == OrderlySamples.customer.serializedBytes())
    }

    @Test func largeMessagesUseManyArenaChunks() throws {
        // Enough lines to outgrow the arena's first chunks on both encode and decode.
        var request = OrderlySamples.createOrder
        request.lines = (0..<5000).map { .init(sku: "SKU-\($0)-" + String(repeating: "x", count: $0 % 300), quantity: Int32($0)) }
        let decoded = try Orderly_V1_CreateOrderRequest(serializedBytes: request.serializedBytes())
        #expect(decoded == request)
    }
}
