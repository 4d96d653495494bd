// Shipments, tracking and returns through the store: quantities, stock effects, order status
// and every illegal transition.
import Testing
@testable import OrderlyDomain

@Suite struct FulfillmentTests {
    func level(_ store: OrderStore, _ location: String, _ sku: String) -> StockLevel? {
        store.snapshot().level(StockKey(locationId: location, sku: sku))
    }

    /// An order of A×3 split 2 from NYC and 1 from PHL, plus B×1 from NYC.
    func splitOrder() throws -> (OrderStore, Order) {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 2), ("wh-phl", "A", 5), ("wh-nyc", "B", 4)])
        let order = try store.createOrder(Fixture.order([("A", 3), ("B", 1)], price: 500))
        return (store, order)
    }

    @Test func emptyLinesShipEverythingStillAllocatedThere() throws {
        let (store, order) = try splitOrder()
        let shipment = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc", carrier: "UPS"))
        #expect(shipment.shipmentId == "s-000001")
        #expect(shipment.status == .labelCreated)
        #expect(Set(shipment.lines) == [ShipmentLine(sku: "A", quantity: 2), ShipmentLine(sku: "B", quantity: 1)])
        #expect(level(store, "wh-nyc", "A")?.onHand == 0)
        #expect(level(store, "wh-nyc", "A")?.reserved == 0)
        #expect(level(store, "wh-nyc", "B")?.onHand == 3)
        let updated = try store.order(order.orderId)
        #expect(updated.status == .partiallyShipped)
        #expect(updated.version == 2)
        #expect(updated.shipmentIds == [shipment.shipmentId])
        #expect(updated.lines.map(\.quantityShipped) == [2, 1])
        let again = domainError { try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc")) }
        #expect(again?.kind == .failedPrecondition)
        _ = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-phl"))
        let shipped = try store.order(order.orderId)
        #expect(shipped.status == .shipped)
        #expect(shipped.history.map(\.status) == [.allocated, .partiallyShipped, .shipped])
        #expect(store.verifyInventory().consistent)
    }

    @Test(arguments: [
        ("wh-nyc", "A", Int32(3), DomainError.Kind.failedPrecondition, "only 2 of sku A"),
        ("wh-chi", "A", 1, .failedPrecondition, "only 0 of sku A"),
        ("nowhere", "A", 1, .notFound, "location nowhere does not exist"),
        ("wh-nyc", "A", 0, .invalidArgument, "lines[0].quantity must be > 0"),
    ])
    func shipmentsBeyondTheAllocationAreRefused(
        _ location: String, _ sku: String, _ quantity: Int32, _ kind: DomainError.Kind, _ message: String
    ) throws {
        let (store, order) = try splitOrder()
        let before = store.snapshot().stock
        let error = domainError {
            try store.createShipment(CreateShipmentCommand(
                orderId: order.orderId, locationId: location, lines: [ShipmentLine(sku: sku, quantity: quantity)]))
        }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(store.snapshot().stock == before)
    }

    @Test func shippingACancelledOrUnknownOrderIsRefused() throws {
        let (store, order) = try splitOrder()
        _ = try store.cancelOrder(orderId: order.orderId)
        #expect(domainError { try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc")) }?.kind == .failedPrecondition)
        #expect(domainError { try store.createShipment(CreateShipmentCommand(orderId: "o-9", locationId: "wh-nyc")) }?.kind == .notFound)
    }

    @Test func orderIsDeliveredWhenEveryShipmentOfAFullyShippedOrderIs() throws {
        let (store, order) = try splitOrder()
        let s1 = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc"))
        _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s1.shipmentId, status: .delivered))
        #expect(try store.order(order.orderId).status == .partiallyShipped)
        let s2 = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-phl"))
        let moving = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s2.shipmentId, status: .inTransit, description: "left hub"))
        #expect(moving.events.map(\.status) == [.inTransit])
        #expect(try store.order(order.orderId).status == .shipped)
        _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s2.shipmentId, status: .delivered))
        let delivered = try store.order(order.orderId)
        #expect(delivered.status == .delivered)
        #expect(delivered.history.last?.status == .delivered)
        let late = domainError { try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s2.shipmentId, status: .exception)) }
        #expect(late?.kind == .failedPrecondition)
        #expect(domainError { try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: "s-9", status: .inTransit)) }?.kind == .notFound)
        #expect(domainError { try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s1.shipmentId, status: .unspecified)) }?.kind == .invalidArgument)
        #expect(try store.shipments(ofOrder: order.orderId).map(\.shipmentId) == [s1.shipmentId, s2.shipmentId])
    }

    func shippedOrder() throws -> (OrderStore, Order) {
        let (store, order) = try splitOrder()
        _ = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-nyc"))
        _ = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: "wh-phl"))
        return (store, order)
    }

    @Test func returnLifecycleRestocksRefundsAndMovesTheOrder() throws {
        let (store, order) = try shippedOrder()
        let requested = try store.requestReturn(RequestReturnCommand(
            orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 2, reason: .damaged)], requestId: "rr-1"))
        #expect(requested.status == .requested)
        #expect(requested.returnId == "r-000001")
        #expect(try store.approveReturn(returnId: requested.returnId).status == .approved)
        let received = try store.receiveReturn(returnId: requested.returnId, locationId: "wh-chi", restock: true)
        #expect(received.status == .received)
        #expect(received.refundMinor == 1000)
        #expect(received.locationId == "wh-chi")
        // Returned DAMAGED: present but not sellable, so restocked into `damaged`.
        #expect(level(store, "wh-chi", "A")?.onHand == 0)
        #expect(level(store, "wh-chi", "A")?.damaged == 2)
        let partly = try store.order(order.orderId)
        #expect(partly.status == .partiallyReturned)
        #expect(partly.lines.map(\.quantityReturned) == [2, 0])
        #expect(try store.refundReturn(returnId: requested.returnId).status == .refunded)

        let rest = try store.requestReturn(RequestReturnCommand(
            orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 1), ReturnLine(sku: "B", quantity: 1)]))
        _ = try store.approveReturn(returnId: rest.returnId)
        let noRestock = try store.receiveReturn(returnId: rest.returnId, locationId: "", restock: false)
        #expect(noRestock.refundMinor == 1000)
        #expect(try store.order(order.orderId).status == .returned)
        #expect(try store.returns(ofOrder: order.orderId).count == 2)
        #expect(store.verifyInventory().consistent)
    }

    @Test func returnsAreLimitedToShippedMinusAlreadyClaimed() throws {
        let (store, order) = try shippedOrder()
        let first = try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 2)]))
        let tooMany = domainError {
            try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 2)]))
        }
        #expect(tooMany?.kind == .failedPrecondition)
        #expect(tooMany?.message.contains("at most 1 of sku A") == true)
        _ = try store.rejectReturn(returnId: first.returnId, reason: "outside window")
        #expect(try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 3)])).status == .requested)
        #expect(domainError {
            try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "Z", quantity: 1)]))
        }?.kind == .failedPrecondition)
    }

    @Test func unshippedUnitsCannotBeReturned() throws {
        let (store, order) = try splitOrder()
        let error = domainError { try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 1)])) }
        #expect(error?.kind == .failedPrecondition)
    }

    @Test func repeatedReturnRequestIdReturnsTheFirstReturn() throws {
        let (store, order) = try shippedOrder()
        let command = RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 1)], requestId: "same")
        let first = try store.requestReturn(command)
        let again = try store.requestReturn(command)
        #expect(again == first)
        #expect(try store.returns(ofOrder: order.orderId).count == 1)
    }

    @Test func illegalReturnTransitionsAreRefused() throws {
        let (store, order) = try shippedOrder()
        let r = try store.requestReturn(RequestReturnCommand(orderId: order.orderId, lines: [ReturnLine(sku: "A", quantity: 1)]))
        #expect(domainError { try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true) }?.kind == .failedPrecondition)
        #expect(domainError { try store.refundReturn(returnId: r.returnId) }?.kind == .failedPrecondition)
        _ = try store.approveReturn(returnId: r.returnId)
        #expect(domainError { try store.approveReturn(returnId: r.returnId) }?.kind == .failedPrecondition)
        #expect(domainError { try store.rejectReturn(returnId: r.returnId) }?.kind == .failedPrecondition)
        #expect(domainError { try store.receiveReturn(returnId: r.returnId, locationId: "", restock: true) }?.kind == .invalidArgument)
        #expect(domainError { try store.receiveReturn(returnId: r.returnId, locationId: "nowhere", restock: true) }?.kind == .notFound)
        #expect(domainError { try store.approveReturn(returnId: "r-404") }?.kind == .notFound)
        #expect(try store.returnRecord(r.returnId).status == .approved)
    }
}
