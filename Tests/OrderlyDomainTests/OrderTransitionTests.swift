// CreateOrder and CancelOrder through the store: reservation, atomicity, idempotency, versions,
// history and every refusal.
import Testing
@testable import OrderlyDomain

@Suite struct OrderTransitionTests {
    func reserved(_ store: OrderStore, _ sku: String) -> Int64 {
        store.availability(skus: [sku]).first?.reserved ?? -1
    }

    @Test func createOrderReservesEveryLineAndStartsHistory() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 5)])
        let order = try store.createOrder(Fixture.order([("A", 2), ("B", 1)], price: 1250))
        #expect(order.orderId == "o-000001")
        #expect(order.status == .allocated)
        #expect(order.version == 1)
        #expect(order.totalMinor == 3750)
        #expect(order.history.map(\.status) == [.allocated])
        #expect(order.history.first?.sequence == 1)
        #expect(order.allocations.map(\.locationId) == ["wh-nyc", "wh-nyc"])
        #expect(reserved(store, "A") == 2)
        #expect(store.availability(skus: ["A"]).first?.available == 3)
        #expect(try store.order(order.orderId) == order)
    }

    @Test func createOrderIsAllOrNothing() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-phl", "B", 1)])
        let error = domainError { try store.createOrder(Fixture.order([("A", 2), ("B", 2)])) }
        #expect(error?.kind == .failedPrecondition)
        #expect(error?.message.contains("sku B") == true)
        #expect(reserved(store, "A") == 0)
        #expect(reserved(store, "B") == 0)
        #expect(store.snapshot().orderCount == 0)
    }

    @Test func safetyStockIsNotSellable() throws {
        let store = try Fixture.store()
        _ = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 5, safetyStock: 3))
        #expect(domainError { try store.createOrder(Fixture.order([("A", 3)])) }?.kind == .failedPrecondition)
        #expect(try store.createOrder(Fixture.order([("A", 2)])).status == .allocated)
    }

    @Test func repeatedRequestIdReturnsTheFirstOrderAndReservesNothingMore() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let first = try store.createOrder(Fixture.order([("A", 2)], requestId: "req-1"))
        let again = try store.createOrder(Fixture.order([("A", 2)], requestId: "req-1"))
        #expect(again == first)
        let changed = domainError { try store.createOrder(Fixture.order([("A", 3)], requestId: "req-1")) }
        #expect(changed?.kind == .alreadyExists)
        #expect(reserved(store, "A") == 2)
    }

    @Test func repeatedChannelRefReturnsTheFirstOrder() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let first = try store.createOrder(Fixture.order([("A", 1)], ref: "shop-9", channel: .marketplace))
        let again = try store.createOrder(Fixture.order([("A", 1)], ref: "shop-9", channel: .marketplace))
        let otherChannel = try store.createOrder(Fixture.order([("A", 1)], ref: "shop-9", channel: .web))
        #expect(again.orderId == first.orderId)
        #expect(otherChannel.orderId != first.orderId)
        #expect(reserved(store, "A") == 2)
    }

    @Test func cancelReleasesReservationsAndIsIdempotent() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1), ("wh-phl", "A", 5)])
        let order = try store.createOrder(Fixture.order([("A", 3)]))
        #expect(reserved(store, "A") == 3)
        let cancelled = try store.cancelOrder(orderId: order.orderId, reason: "customer asked", expectedVersion: 1)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.version == 2)
        #expect(cancelled.history.map(\.status) == [.allocated, .cancelled])
        #expect(cancelled.history.map(\.sequence) == [1, 2])
        #expect(reserved(store, "A") == 0)
        let again = try store.cancelOrder(orderId: order.orderId)
        #expect(again == cancelled)
        #expect(store.verifyInventory().consistent)
    }

    @Test func cancelChecksExpectedVersionFirst() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let order = try store.createOrder(Fixture.order([("A", 1)]))
        #expect(domainError { try store.cancelOrder(orderId: order.orderId, expectedVersion: 7) }?.kind == .aborted)
        #expect(try store.order(order.orderId).status == .allocated)
        _ = try store.cancelOrder(orderId: order.orderId)
        #expect(domainError { try store.cancelOrder(orderId: order.orderId, expectedVersion: 1) }?.kind == .aborted)
    }

    @Test func cancelAfterShippingIsRefused() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let order = try store.createOrder(Fixture.order([("A", 2)]))
        _ = try store.createShipment(CreateShipmentCommand(
            orderId: order.orderId, locationId: "wh-nyc", lines: [ShipmentLine(sku: "A", quantity: 1)]))
        let error = domainError { try store.cancelOrder(orderId: order.orderId) }
        #expect(error?.kind == .failedPrecondition)
        #expect(try store.order(order.orderId).status == .partiallyShipped)
    }

    @Test func readsNameTheMissingOrEmptyId() throws {
        let store = try Fixture.store()
        #expect(domainError { try store.order("") } == DomainError(.invalidArgument, "order_id is required"))
        #expect(domainError { try store.order("o-1") } == DomainError(.notFound, "order o-1 does not exist"))
        #expect(domainError { try store.shipment("s-1") }?.kind == .notFound)
        #expect(domainError { try store.returnRecord("") }?.kind == .invalidArgument)
        #expect(domainError { try store.shipments(ofOrder: "o-1") }?.kind == .notFound)
        #expect(domainError { try store.returns(ofOrder: "o-1") }?.kind == .notFound)
    }

    @Test func cancelUnknownOrder() throws {
        let store = try Fixture.store()
        let error = domainError { try store.cancelOrder(orderId: "o-404") }
        #expect(error == DomainError(.notFound, "order o-404 does not exist"))
    }

    @Test func planRoutingReservesNothing() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1), ("wh-phl", "A", 1)])
        let plan = try store.planRouting(Fixture.order([("A", 2)]))
        #expect(plan.allocations.map(\.locationId) == ["wh-nyc", "wh-phl"])
        #expect(plan.trace.count >= 2)
        #expect(reserved(store, "A") == 0)
        #expect(domainError { try store.planRouting(Fixture.order([("A", 3)])) }?.kind == .failedPrecondition)
    }

    @Test(arguments: [(50.0, [String]()), (200.0, ["wh-phl"])] as [(Double, [String])])
    func sameDayRadiusIsConfigurable(_ radius: Double, _ expected: [String]) throws {
        var config = OrderStore.Configuration()
        config.routing.sameDayRadiusKm = radius
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1), ("wh-phl", "A", 5)], configuration: config)
        let command = Fixture.order([("A", 2)], method: .sameDay)
        if expected.isEmpty {
            let error = domainError { try store.planRouting(command) }
            #expect(error?.kind == .failedPrecondition)
            #expect(error?.message.contains("within 50.0 km") == true)
        } else {
            #expect(try store.planRouting(command).allocations.map(\.locationId) == expected)
        }
    }

    @Test func pickupOrdersReserveAtTheStoreAndShipFromIt() throws {
        let store = try Fixture.store(stock: [("st-bos", "A", 3), ("wh-nyc", "A", 50)])
        let order = try store.createOrder(Fixture.order([("A", 2)], method: .storePickup, pickup: "st-bos"))
        #expect(order.pickupLocationId == "st-bos")
        #expect(order.shippingAddress == nil)
        #expect(order.allocations == [Allocation(locationId: "st-bos", sku: "A", quantity: 2)])
        let shipment = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "st-bos"))
        #expect(shipment.lines == [ShipmentLine(sku: "A", quantity: 2)])
        #expect(try store.order(order.orderId).status == .shipped)
        #expect(domainError { try store.createOrder(Fixture.order([("A", 2)], method: .storePickup, pickup: "st-bos")) }?.kind == .failedPrecondition)
    }

    static let invalid: [(String, CreateOrderCommand, String)] = {
        var cases: [(String, CreateOrderCommand, String)] = []
        func add(_ name: String, _ message: String, _ edit: (inout CreateOrderCommand) -> Void) {
            var c = Fixture.order([("A", 1), ("B", 1)])
            edit(&c)
            cases.append((name, c, message))
        }
        add("no lines", "lines must not be empty") { $0.lines = [] }
        add("zero quantity", "lines[1].quantity must be > 0") { $0.lines[1].quantity = 0 }
        add("negative price", "lines[0].unit_price_minor must be >= 0") { $0.lines[0].unitPriceMinor = -1 }
        add("empty sku", "lines[0].sku is required") { $0.lines[0].sku = "" }
        add("duplicate sku", "lines[1].sku A repeats lines[0]") { $0.lines[1].sku = "A" }
        add("long sku", "lines[0].sku is longer than 128 bytes") { $0.lines[0].sku = String(repeating: "x", count: 129) }
        add("too many lines", "lines has more than 500 entries") {
            $0.lines = (0..<501).map { OrderLineInput(sku: "s\($0)", quantity: 1, unitPriceMinor: 1) }
        }
        add("lowercase currency", "currency must be three uppercase letters") { $0.currency = "usd" }
        add("no channel", "channel must be set") { $0.channel = .unspecified }
        add("no method", "shipping_method must be set") { $0.shippingMethod = .unspecified }
        add("no address", "shipping_address is required") { $0.shippingAddress = nil }
        add("bad latitude", "shipping_address.latitude") { $0.shippingAddress?.latitude = 91 }
        add("bad country", "shipping_address.country") { $0.shippingAddress?.country = "USA" }
        add("address at 0,0", "shipping_address is at latitude 0, longitude 0") {
            $0.shippingAddress?.latitude = 0
            $0.shippingAddress?.longitude = 0
        }
        add("pickup without store", "pickup_location_id is required") { $0.shippingMethod = .storePickup }
        add("total overflow", "order total overflows int64") {
            $0.lines[0].unitPriceMinor = Int64.max / 2
            $0.lines[0].quantity = 3
        }
        add("long customer id", "customer.customer_id is longer") {
            $0.customer.customerId = String(repeating: "c", count: 200)
        }
        return cases
    }()

    @Test(arguments: invalid)
    func invalidCreateOrderIsRefusedAndChangesNothing(_ name: String, _ command: CreateOrderCommand, _ message: String) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 5)])
        let error = domainError { try store.createOrder(command) }
        #expect(error?.kind == .invalidArgument, "\(name)")
        #expect(error?.message.contains(message) == true, "\(name): \(String(describing: error))")
        #expect(store.snapshot().orderCount == 0)
    }

    @Test func addressAtZeroZeroIsRefusedButOneZeroCoordinateRoutes() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        var shipped = Fixture.order([("A", 1)])
        shipped.shippingAddress = Address(city: "Nowhere", country: "US", latitude: 0, longitude: 0)
        let plan = domainError { _ = try store.planRouting(shipped) }
        #expect(plan?.kind == .invalidArgument)
        #expect(plan?.message.hasPrefix("shipping_address") == true)
        // Only one coordinate at 0 is a real place (the equator or the prime meridian).
        shipped.shippingAddress?.longitude = -74.0
        #expect(domainError { _ = try store.planRouting(shipped) } == nil)
    }

    @Test func enumsMapFromWireNumbers() throws {
        #expect(try SalesChannel(wire: 4, field: "channel") == .marketplace)
        #expect(OrderStatus.partiallyShipped.protoName == "ORDER_STATUS_PARTIALLY_SHIPPED")
        #expect(ShippingMethod.sameDay.protoName == "SHIPPING_METHOD_SAME_DAY")
        let error = domainError { try ShippingMethod(wire: 99, field: "shipping_method") }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains("shipping_method") == true)
    }
}
