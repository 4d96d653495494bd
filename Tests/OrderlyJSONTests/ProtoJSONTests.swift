// Table-driven tests of the descriptor-driven proto3 JSON encoder: each row is a message and
// the exact compact JSON the canonical mapping gives for it.
import OrderlyJSON
import OrderlyMessages
import OrderlyProtosC
import Testing

struct JSONCase: Sendable, CustomTestStringConvertible {
    let name: String
    let message: any ProtoJSONMessage
    let expected: String
    var testDescription: String { name }
}

private let at = Google_Protobuf_Timestamp(seconds: 1_764_201_600, nanos: 0)  // 2025-11-27T00:00:00Z

let jsonCases: [JSONCase] = [
    JSONCase(name: "defaults are omitted", message: Orderly_V1_Order(), expected: "{}"),
    JSONCase(
        name: "int64 as strings, enums by name, lowerCamelCase names",
        message: Orderly_V1_Order(orderID: "o-1", version: 3, status: .partiallyShipped, channel: .mobileApp,
                                  totalMinor: 12_345, shippingMethod: .sameDay),
        expected: #"{"orderId":"o-1","version":"3","status":"ORDER_STATUS_PARTIALLY_SHIPPED","channel":"SALES_CHANNEL_MOBILE_APP","totalMinor":"12345","shippingMethod":"SHIPPING_METHOD_SAME_DAY"}"#),
    JSONCase(
        name: "nested messages, repeated messages and repeated strings",
        message: Orderly_V1_Order(
            orderID: "o-2", customer: Orderly_V1_Customer(customerID: "c-9", email: "a@b.c"),
            lines: [Orderly_V1_OrderLine(sku: "SKU-1", quantity: 2, unitPriceMinor: 500),
                    Orderly_V1_OrderLine(sku: "SKU-2", quantity: 1)],
            shipmentIds: ["s-1", "s-2"]),
        expected: #"{"orderId":"o-2","customer":{"customerId":"c-9","email":"a@b.c"},"lines":[{"sku":"SKU-1","quantity":2,"unitPriceMinor":"500"},{"sku":"SKU-2","quantity":1}],"shipmentIds":["s-1","s-2"]}"#),
    JSONCase(
        name: "timestamps as RFC 3339",
        message: Orderly_V1_OrderEvent(orderID: "o-3", status: .delivered, at: at, sequence: 7),
        expected: #"{"orderId":"o-3","status":"ORDER_STATUS_DELIVERED","at":"2025-11-27T00:00:00Z","sequence":"7"}"#),
    JSONCase(
        name: "timestamp with milliseconds",
        message: Google_Protobuf_Timestamp(seconds: 0, nanos: 250_000_000),
        expected: #""1970-01-01T00:00:00.250Z""#),
    JSONCase(
        name: "negative int64 and bools",
        message: Orderly_V1_AdjustStockRequest(locationID: "w1", sku: "S", delta: -3),
        expected: #"{"locationId":"w1","sku":"S","delta":"-3"}"#),
    JSONCase(
        name: "bool true is written, false is omitted",
        message: Orderly_V1_Location(locationID: "st-1", kind: .store, pickupEnabled: true),
        expected: #"{"locationId":"st-1","kind":"LOCATION_KIND_STORE","pickupEnabled":true}"#),
    JSONCase(
        name: "doubles: integral without fraction, negative coordinates",
        message: Orderly_V1_Address(city: "New York", latitude: 40.5, longitude: -74),
        expected: #"{"city":"New York","latitude":40.5,"longitude":-74}"#),
    JSONCase(
        name: "NaN and infinity are strings",
        message: Orderly_V1_FulfillmentStats(ordersShipped: 1, meanHoursToShip: .nan, p90HoursToShip: .infinity),
        expected: #"{"ordersShipped":"1","meanHoursToShip":"NaN","p90HoursToShip":"Infinity"}"#),
    JSONCase(
        name: "string escaping",
        message: Orderly_V1_Customer(name: "A \"quoted\"\\ name\n\u{01}é"),
        expected: #"{"name":"A \"quoted\"\\ name\n\u0001é"}"#),
    JSONCase(
        name: "bytes as base64",
        message: Grpc_Testing_Payload(body: [0, 1, 2, 250]),
        expected: #"{"body":"AAEC+g=="}"#),
    JSONCase(
        name: "maps as objects",
        message: Grpc_Testing_LoadBalancerStatsResponse(rpcsByPeer: ["peer-a": 3], numFailures: 1),
        expected: #"{"rpcsByPeer":{"peer-a":3},"numFailures":1}"#),
    JSONCase(
        name: "a set oneof member is written even when empty",
        message: Grpc_Reflection_V1_ServerReflectionRequest(host: "h", messageRequest: .listServices("")),
        expected: #"{"host":"h","listServices":""}"#),
    JSONCase(
        name: "health status enum",
        message: Grpc_Health_V1_HealthCheckResponse(status: .serving),
        expected: #"{"status":"SERVING"}"#),
]

extension Grpc_Testing_Payload: ProtoJSONMessage {
    public static let protobufCDescriptor = MessageDescriptor(initializer: grpc__testing__payload__init)
}

extension Grpc_Testing_LoadBalancerStatsResponse: ProtoJSONMessage {
    public static let protobufCDescriptor = MessageDescriptor(
        initializer: grpc__testing__load_balancer_stats_response__init)
}

extension Grpc_Reflection_V1_ServerReflectionRequest: ProtoJSONMessage {
    public static let protobufCDescriptor = MessageDescriptor(
        initializer: grpc__reflection__v1__server_reflection_request__init)
}

@Test("proto3 JSON of a message", arguments: jsonCases)
func encodesCanonicalJSON(_ row: JSONCase) throws {
    #expect(try ProtoJSON.encode(row.message) == row.expected)
}

@Test("pretty output indents members and keeps compact output on one line")
func prettyPrinting() throws {
    let stock = Orderly_V1_StockLevel(locationID: "w1", sku: "S", onHand: 5, version: 1)
    let pretty = try ProtoJSON.encode(stock, pretty: true)
    #expect(pretty == "{\n  \"locationId\": \"w1\",\n  \"sku\": \"S\",\n  \"onHand\": \"5\",\n  \"version\": \"1\"\n}")
    #expect(!(try ProtoJSON.encode(stock)).contains("\n"))
}

@Test("bytes that are not the message type throw instead of crashing")
func malformedBytesThrow() {
    #expect(throws: ProtoJSONError.self) {
        try ProtoJSON.value(ofSerialized: [0x0A, 0x05, 0x41], descriptor: Orderly_V1_Order.protobufCDescriptor)
    }
}

@Test("descriptor handles name their message")
func descriptorNames() {
    #expect(Orderly_V1_Order.protobufCDescriptor.fullName == "orderly.v1.Order")
    #expect(Orderly_V1_ListOrdersResponse.protobufCDescriptor.fullName == "orderly.v1.ListOrdersResponse")
}
