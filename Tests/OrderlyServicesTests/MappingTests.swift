// The wire/domain mapping: round trips of every entity, enum numbers both ways, unknown or unset
// enum values refused with INVALID_ARGUMENT naming the field, and domain errors to status codes.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC
@testable import OrderlyServices
import Testing

struct MappingTests {
    @Test(arguments: [
        Timestamp(nanos: 0), Timestamp(nanos: 1), Timestamp(seconds: 1_700_000_000, nanos: 999_999_999),
        Timestamp(nanos: -1), Timestamp(nanos: .max), Timestamp(nanos: .min + 1_000_000_000),
    ])
    func timestampsRoundTrip(_ time: Timestamp) throws {
        let wire = Google_Protobuf_Timestamp(time)
        #expect((0..<1_000_000_000).contains(wire.nanos))
        #expect(try wire.domain("at") == time)
    }

    @Test func timestampWithOutOfRangeNanosIsInvalidNamingTheField() {
        #expect(throws: DomainError(.invalidArgument, "occurred_at.nanos must be within 0...999999999")) {
            try Google_Protobuf_Timestamp(seconds: 1, nanos: 1_000_000_000).domain("occurred_at")
        }
        #expect(throws: DomainError(.invalidArgument, "to is outside the supported years 1678...2262")) {
            try Google_Protobuf_Timestamp(seconds: -62_135_596_800).domain("to")
        }
        #expect(throws: DomainError.self) { try Google_Protobuf_Timestamp(seconds: 253_402_300_799).domain("to") }
        let unset: Google_Protobuf_Timestamp? = nil
        #expect((try? unset.domain("from")) == .some(nil))
    }

    @Test func theEarliestDomainInstantMapsWithoutTrapping() {
        let wire = Google_Protobuf_Timestamp(Timestamp(nanos: .min))
        #expect(wire == Google_Protobuf_Timestamp(seconds: -9_223_372_037, nanos: 145_224_192))
    }

    @Test func addressAndCustomerRoundTrip() {
        let address = Address(
            name: "A", line1: "1 Main", line2: "2", city: "NYC", region: "NY", postalCode: "10001", country: "US",
            latitude: 40.5, longitude: -73.25)
        #expect(Orderly_V1_Address(address).domain == address)
        let customer = Customer(customerId: "c", email: "c@example.com", name: "Cee")
        #expect(Orderly_V1_Customer(customer).domain == customer)
    }

    @Test func everyDomainEnumValueKeepsItsNumber() throws {
        for value in OrderStatus.allCases {
            #expect(Orderly_V1_OrderStatus(value).rawValue == value.rawValue)
            #expect(try WireEnums.domain(value.rawValue, "status") as OrderStatus == value)
        }
        for value in SalesChannel.allCases { #expect(Orderly_V1_SalesChannel(value).rawValue == value.rawValue) }
        for value in ShippingMethod.allCases { #expect(Orderly_V1_ShippingMethod(value).rawValue == value.rawValue) }
        for value in ShipmentStatus.allCases { #expect(Orderly_V1_ShipmentStatus(value).rawValue == value.rawValue) }
        for value in ReturnStatus.allCases { #expect(Orderly_V1_ReturnStatus(value).rawValue == value.rawValue) }
        for value in ReturnReason.allCases { #expect(Orderly_V1_ReturnReason(value).rawValue == value.rawValue) }
        for value in LocationKind.allCases { #expect(Orderly_V1_LocationKind(value).rawValue == value.rawValue) }
        // The generated enums know exactly the domain's values.
        #expect(Orderly_V1_OrderStatus.allCases.count == OrderStatus.allCases.count)
        #expect(Orderly_V1_ReturnReason.allCases.count == ReturnReason.allCases.count)
    }

    /// (case, mapping that must fail, field the message must name).
    static let badEnums: [(String, @Sendable () throws -> Void, String)] = [
        ("create: unknown channel", {
            var r = Server.orderRequest([("a", 1)])
            r.channel = .unrecognized(97)
            _ = try r.domain()
        }, "channel"),
        ("create: unset channel", {
            var r = Server.orderRequest([("a", 1)])
            r.channel = .unspecified
            _ = try r.domain()
        }, "channel"),
        ("create: unknown shipping method", {
            var r = Server.orderRequest([("a", 1)])
            r.shippingMethod = .unrecognized(42)
            _ = try r.domain()
        }, "shipping_method"),
        ("list: unknown status", { _ = try Orderly_V1_ListOrdersRequest(status: .unrecognized(9)).domain() }, "status"),
        ("list: unknown channel", { _ = try Orderly_V1_ListOrdersRequest(channel: .unrecognized(9)).domain() }, "channel"),
        ("location: unknown kind", { _ = try Orderly_V1_Location(locationID: "l", kind: .unrecognized(5)).domain() }, "kind"),
        ("location: unset kind", { _ = try Orderly_V1_Location(locationID: "l").domain() }, "kind"),
        ("tracking: unknown status", {
            _ = try Orderly_V1_AddTrackingEventRequest(shipmentID: "s", status: .unrecognized(77)).domain()
        }, "status"),
        ("tracking: unset status", { _ = try Orderly_V1_AddTrackingEventRequest(shipmentID: "s").domain() }, "status"),
        ("return: unknown reason", {
            _ = try Orderly_V1_RequestReturnRequest(
                orderID: "o", lines: [Orderly_V1_ReturnLine(sku: "a", quantity: 1, reason: .unrecognized(13))]
            ).domain()
        }, "lines[0].reason"),
    ]

    @Test(arguments: badEnums.indices)
    func unknownOrUnsetEnumsAreInvalidArgumentNamingTheField(_ index: Int) {
        let (name, mapping, field) = Self.badEnums[index]
        do {
            try mapping()
            Issue.record("\(name): mapped without error")
        } catch let error as DomainError {
            #expect(error.kind == .invalidArgument, "\(name)")
            #expect(error.message.hasPrefix(field + " "), "\(name): \(error.message)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }

    @Test func unsetFilterEnumsMeanAny() throws {
        let query = try Orderly_V1_ListOrdersRequest(pageSize: 5, pageToken: "t", customerID: "c").domain()
        #expect(query == OrderQuery(pageSize: 5, pageToken: "t", status: .unspecified, channel: .unspecified, customerId: "c"))
    }

    @Test func createOrderRequestMapsEveryField() throws {
        var request = Server.orderRequest([("a", 2), ("b", 3)], customer: "cust")
        request.requestID = "req"
        request.channelOrderRef = "ref"
        request.shippingMethod = .storePickup
        request.pickupLocationID = "store-1"
        request.shippingAddress = nil
        let command = try request.domain()
        #expect(command == CreateOrderCommand(
            requestId: "req", channel: .web, channelOrderRef: "ref", customer: Customer(customerId: "cust"),
            lines: [OrderLineInput(sku: "a", quantity: 2, unitPriceMinor: 250),
                    OrderLineInput(sku: "b", quantity: 3, unitPriceMinor: 250)],
            currency: "USD", shippingAddress: nil, shippingMethod: .storePickup, pickupLocationId: "store-1"))
    }

    @Test func orderMapsEveryField() throws {
        let at = Timestamp(seconds: 1_700_000_000, nanos: 5)
        let order = Order(
            orderId: "o-1", version: 3, status: .partiallyShipped, channel: .pos, channelOrderRef: "r",
            customer: Customer(customerId: "c"), lines: [OrderLine(sku: "a", quantity: 2, unitPriceMinor: 7, quantityShipped: 1)],
            currency: "EUR", totalMinor: 14, shippingAddress: Address(country: "DE"), shippingMethod: .express,
            allocations: [Allocation(locationId: "w", sku: "a", quantity: 2, quantityShipped: 1)],
            shipmentIds: ["s-1"], createdAt: at, updatedAt: at.adding(seconds: 60),
            history: [OrderEvent(orderId: "o-1", status: .allocated, at: at, message: "m", sequence: 4)])
        let wire = Orderly_V1_Order(order)
        #expect(wire.orderID == "o-1" && wire.version == 3 && wire.status == .partiallyShipped)
        #expect(wire.channel == .pos && wire.channelOrderRef == "r" && wire.customer?.customerID == "c")
        #expect(wire.lines == [Orderly_V1_OrderLine(sku: "a", quantity: 2, unitPriceMinor: 7, quantityShipped: 1)])
        #expect(wire.currency == "EUR" && wire.totalMinor == 14 && wire.shippingMethod == .express)
        #expect(wire.shippingAddress?.country == "DE")
        #expect(wire.allocations == [Orderly_V1_Allocation(locationID: "w", sku: "a", quantity: 2)])
        #expect(wire.shipmentIds == ["s-1"])
        #expect(wire.createdAt == Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 5))
        #expect(wire.updatedAt == Google_Protobuf_Timestamp(seconds: 1_700_000_060, nanos: 5))
        #expect(wire.history == [Orderly_V1_OrderEvent(
            orderID: "o-1", status: .allocated, at: Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 5),
            message: "m", sequence: 4)])
        // And through the bytes a client receives.
        #expect(try Orderly_V1_Order(serializedBytes: wire.serializedBytes()) == wire)
    }

    @Test func stockLevelCarriesTheDerivedAvailable() {
        let level = StockLevel(locationId: "w", sku: "a", onHand: 10, reserved: 3, safetyStock: 2, version: 7)
        #expect(Orderly_V1_StockLevel(level) == Orderly_V1_StockLevel(
            locationID: "w", sku: "a", onHand: 10, reserved: 3, safetyStock: 2, available: 5, version: 7))
    }

    @Test(arguments: [
        (DomainError.Kind.invalidArgument, StatusCode.invalidArgument), (.notFound, .notFound),
        (.failedPrecondition, .failedPrecondition), (.alreadyExists, .alreadyExists), (.aborted, .aborted),
        (.resourceExhausted, .resourceExhausted), (.unavailable, .unavailable),
    ])
    func domainErrorKindsBecomeTheirStatusCode(_ kind: DomainError.Kind, _ code: StatusCode) {
        let error = RPCError(DomainError(kind, "order o-9 says no"))
        #expect(error.code == code)
        #expect(error.message == "order o-9 says no")
        #expect(Answering.status(DomainError(kind, "x")).code == code)
    }

    @Test(arguments: [
        ("row 3: sku is required", 0, "row 3: sku is required"),
        ("row 3: sku is required", 1000, "row 1003: sku is required"),
        ("something else", 1000, "something else"),
    ])
    func importErrorsAreNumberedFromTheStartOfTheStream(_ error: String, _ offset: Int, _ expected: String) {
        #expect(InventoryService.renumber(error, by: offset) == expected)
    }
}
