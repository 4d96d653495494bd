// The reader of format version 1 (round 1's releases): entities written field by field in a
// fixed order, with no tags. Kept only so that data directories written by those releases start
// on this one (the upgrade path); nothing writes version 1 any more. Do not change it.

extension BinaryReader {
    mutating func v1Address() throws(CodecError) -> Address? {
        guard try bool() else { return nil }
        return Address(
            name: try string(), line1: try string(), line2: try string(), city: try string(),
            region: try string(), postalCode: try string(), country: try string(),
            latitude: try f64(), longitude: try f64())
    }

    mutating func v1Location() throws(CodecError) -> Location {
        Location(locationId: try string(), name: try string(), kind: try wire(LocationKind.self),
                 address: try v1Address(), pickupEnabled: try bool())
    }

    mutating func v1Level() throws(CodecError) -> StockLevel {
        StockLevel(locationId: try string(), sku: try string(), onHand: try zigzag(), reserved: try zigzag(),
                   safetyStock: try zigzag(), version: try zigzag())
    }

    mutating func v1Order() throws(CodecError) -> Order {
        let id = try string()
        let version = try zigzag()
        let status = try wire(OrderStatus.self)
        let channel = try wire(SalesChannel.self)
        let ref = try string()
        let customer = Customer(customerId: try string(), email: try string(), name: try string())
        var lines: [OrderLine] = []
        for _ in 0..<(try count()) {
            lines.append(OrderLine(sku: try string(), quantity: try int32(), unitPriceMinor: try zigzag(),
                                   quantityShipped: try int32(), quantityReturned: try int32()))
        }
        let currency = try string()
        let total = try zigzag()
        let address = try v1Address()
        let method = try wire(ShippingMethod.self)
        let pickup = try string()
        var allocations: [Allocation] = []
        for _ in 0..<(try count()) {
            allocations.append(Allocation(locationId: try string(), sku: try string(), quantity: try int32(),
                                          quantityShipped: try int32()))
        }
        var shipmentIds: [String] = []
        for _ in 0..<(try count()) { shipmentIds.append(try string()) }
        let created = try timestamp()
        let updated = try timestamp()
        var history: [OrderEvent] = []
        for _ in 0..<(try count()) {
            history.append(OrderEvent(orderId: id, status: try wire(OrderStatus.self), at: try timestamp(),
                                      message: try string(), sequence: try zigzag()))
        }
        return Order(orderId: id, version: version, status: status, channel: channel, channelOrderRef: ref,
                     customer: customer, lines: lines, currency: currency, totalMinor: total,
                     shippingAddress: address, shippingMethod: method, pickupLocationId: pickup,
                     allocations: allocations, shipmentIds: shipmentIds, createdAt: created, updatedAt: updated,
                     history: history)
    }

    mutating func v1Shipment() throws(CodecError) -> Shipment {
        let id = try string()
        let orderId = try string()
        let locationId = try string()
        var lines: [ShipmentLine] = []
        for _ in 0..<(try count()) { lines.append(ShipmentLine(sku: try string(), quantity: try int32())) }
        let carrier = try string()
        let tracking = try string()
        let status = try wire(ShipmentStatus.self)
        var events: [TrackingEvent] = []
        for _ in 0..<(try count()) {
            events.append(TrackingEvent(status: try wire(ShipmentStatus.self), description: try string(),
                                        occurredAt: try timestamp()))
        }
        return Shipment(shipmentId: id, orderId: orderId, locationId: locationId, lines: lines, carrier: carrier,
                        trackingNumber: tracking, status: status, events: events, createdAt: try timestamp())
    }

    mutating func v1ReturnRecord() throws(CodecError) -> Return {
        let id = try string()
        let orderId = try string()
        var lines: [ReturnLine] = []
        for _ in 0..<(try count()) {
            lines.append(ReturnLine(sku: try string(), quantity: try int32(), reason: try wire(ReturnReason.self)))
        }
        return Return(returnId: id, orderId: orderId, lines: lines, status: try wire(ReturnStatus.self),
                      refundMinor: try zigzag(), locationId: try string(), createdAt: try timestamp(),
                      updatedAt: try timestamp())
    }
}
