// Binary encoding of each entity (Location, StockLevel, Order, Shipment, Return), shared by the
// change and snapshot codecs. Field order is the format: append new fields at the end of an
// entity only together with a format version bump.

extension BinaryWriter {
    mutating func address(_ a: Address?) {
        guard let a else { return bool(false) }
        bool(true)
        for s in [a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country] { string(s) }
        f64(a.latitude)
        f64(a.longitude)
    }

    mutating func location(_ l: Location) {
        string(l.locationId)
        string(l.name)
        wire(l.kind)
        address(l.address)
        bool(l.pickupEnabled)
    }

    mutating func level(_ l: StockLevel) {
        string(l.locationId)
        string(l.sku)
        zigzag(l.onHand)
        zigzag(l.reserved)
        zigzag(l.safetyStock)
        zigzag(l.version)
    }

    mutating func order(_ o: Order) {
        string(o.orderId)
        zigzag(o.version)
        wire(o.status)
        wire(o.channel)
        string(o.channelOrderRef)
        string(o.customer.customerId)
        string(o.customer.email)
        string(o.customer.name)
        varint(UInt64(o.lines.count))
        for l in o.lines {
            string(l.sku)
            zigzag(Int64(l.quantity))
            zigzag(l.unitPriceMinor)
            zigzag(Int64(l.quantityShipped))
            zigzag(Int64(l.quantityReturned))
        }
        string(o.currency)
        zigzag(o.totalMinor)
        address(o.shippingAddress)
        wire(o.shippingMethod)
        string(o.pickupLocationId)
        varint(UInt64(o.allocations.count))
        for a in o.allocations {
            string(a.locationId)
            string(a.sku)
            zigzag(Int64(a.quantity))
            zigzag(Int64(a.quantityShipped))
        }
        varint(UInt64(o.shipmentIds.count))
        for s in o.shipmentIds { string(s) }
        timestamp(o.createdAt)
        timestamp(o.updatedAt)
        varint(UInt64(o.history.count))
        for e in o.history {
            wire(e.status)
            timestamp(e.at)
            string(e.message)
            zigzag(e.sequence)
        }
    }

    mutating func shipment(_ s: Shipment) {
        string(s.shipmentId)
        string(s.orderId)
        string(s.locationId)
        varint(UInt64(s.lines.count))
        for l in s.lines {
            string(l.sku)
            zigzag(Int64(l.quantity))
        }
        string(s.carrier)
        string(s.trackingNumber)
        wire(s.status)
        varint(UInt64(s.events.count))
        for e in s.events {
            wire(e.status)
            string(e.description)
            timestamp(e.occurredAt)
        }
        timestamp(s.createdAt)
    }

    mutating func returnRecord(_ r: Return) {
        string(r.returnId)
        string(r.orderId)
        varint(UInt64(r.lines.count))
        for l in r.lines {
            string(l.sku)
            zigzag(Int64(l.quantity))
            wire(l.reason)
        }
        wire(r.status)
        zigzag(r.refundMinor)
        string(r.locationId)
        timestamp(r.createdAt)
        timestamp(r.updatedAt)
    }
}

extension BinaryReader {
    mutating func address() throws(CodecError) -> Address? {
        guard try bool() else { return nil }
        return Address(
            name: try string(), line1: try string(), line2: try string(), city: try string(),
            region: try string(), postalCode: try string(), country: try string(),
            latitude: try f64(), longitude: try f64())
    }

    mutating func location() throws(CodecError) -> Location {
        Location(locationId: try string(), name: try string(), kind: try wire(LocationKind.self),
                 address: try address(), pickupEnabled: try bool())
    }

    mutating func level() throws(CodecError) -> StockLevel {
        StockLevel(locationId: try string(), sku: try string(), onHand: try zigzag(), reserved: try zigzag(),
                   safetyStock: try zigzag(), version: try zigzag())
    }

    mutating func order() throws(CodecError) -> Order {
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
        let address = try address()
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

    mutating func shipment() throws(CodecError) -> Shipment {
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

    mutating func returnRecord() throws(CodecError) -> Return {
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
