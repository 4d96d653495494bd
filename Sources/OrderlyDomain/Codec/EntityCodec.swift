// Each entity (Location, StockLevel, Order, Shipment, Return) as a tagged message (format
// version 2), shared by the change and snapshot codecs. The field numbers below are the format:
// add a field with a new number (an older data directory then reads it as its default), never
// renumber or reuse one. Readers skip numbers they do not know.
//
//   Address    1 name, 2 line1, 3 line2, 4 city, 5 region, 6 postal_code, 7 country,
//              8 latitude (double), 9 longitude (double)
//   Location   1 location_id, 2 name, 3 kind, 4 address (Address), 5 pickup_enabled,
//              6 time_zone, 7 cutoff_local_time, 8 handling_days, 9 daily_order_capacity
//   StockLevel 1 location_id, 2 sku, 3 on_hand, 4 reserved, 5 safety_stock, 6 version,
//              7 damaged, 8 incoming (sint64)
//   Order      1 order_id, 2 version, 3 status, 4 channel, 5 channel_order_ref, 6 customer_id,
//              7 customer_email, 8 customer_name, 9 line (repeated OrderLine), 10 currency,
//              11 total_minor, 12 shipping_address (Address), 13 shipping_method,
//              14 pickup_location_id, 15 allocation (repeated), 16 shipment_id (repeated),
//              17 created_at, 18 updated_at (sfixed64 ns), 19 event (repeated OrderEvent),
//              20 request_fingerprint (uint64), 21 promise, 22 parcel (repeated; both in
//              FulfilmentCodec.swift), 23 hold (repeated Hold), 24 allow_backorder (bool),
//              25 backorder_cancel_after (sfixed64 ns; absent = none),
//              26 rejected (repeated: 1 location_id, 2 sku)
//   OrderLine  1 sku, 2 quantity, 3 unit_price_minor, 4 quantity_shipped, 5 quantity_returned,
//              6 quantity_cancelled, 7 quantity_backordered
//   Hold       1 reason, 2 note, 3 placed_at
//   Allocation 1 location_id, 2 sku, 3 quantity, 4 quantity_shipped
//   OrderEvent 1 status, 2 at, 3 message, 4 sequence
//   Shipment   1 shipment_id, 2 order_id, 3 location_id, 4 line (repeated: 1 sku, 2 quantity),
//              5 carrier, 6 tracking_number, 7 status, 8 event (repeated TrackingEvent), 9 created_at
//   TrackingEvent 1 status, 2 description, 3 occurred_at
//   Return     1 return_id, 2 order_id, 3 line (repeated: 1 sku, 2 quantity, 3 reason), 4 status,
//              5 refund_minor, 6 location_id, 7 created_at, 8 updated_at, 9 request_fingerprint

extension BinaryWriter {
    mutating func address(_ field: UInt32, _ a: Address?) {
        guard let a else { return }
        message(field) { w in
            w.put(1, a.name)
            w.put(2, a.line1)
            w.put(3, a.line2)
            w.put(4, a.city)
            w.put(5, a.region)
            w.put(6, a.postalCode)
            w.put(7, a.country)
            w.put(8, a.latitude)
            w.put(9, a.longitude)
        }
    }

    mutating func location(_ l: Location) {
        put(1, l.locationId)
        put(2, l.name)
        put(3, l.kind)
        address(4, l.address)
        put(5, l.pickupEnabled)
        put(6, l.timeZone)
        put(7, l.cutoffLocalTime)
        put(8, sint: Int64(l.handlingDays))
        put(9, sint: Int64(l.dailyOrderCapacity))
    }

    mutating func level(_ l: StockLevel) {
        put(1, l.locationId)
        put(2, l.sku)
        put(3, sint: l.onHand)
        put(4, sint: l.reserved)
        put(5, sint: l.safetyStock)
        put(6, sint: l.version)
        put(7, sint: l.damaged)
        put(8, sint: l.incoming)
    }

    mutating func order(_ o: Order) {
        put(1, o.orderId)
        put(2, sint: o.version)
        put(3, o.status)
        put(4, o.channel)
        put(5, o.channelOrderRef)
        put(6, o.customer.customerId)
        put(7, o.customer.email)
        put(8, o.customer.name)
        for l in o.lines {
            message(9) { w in
                w.put(1, l.sku)
                w.put(2, sint: Int64(l.quantity))
                w.put(3, sint: l.unitPriceMinor)
                w.put(4, sint: Int64(l.quantityShipped))
                w.put(5, sint: Int64(l.quantityReturned))
                w.put(6, sint: Int64(l.quantityCancelled))
                w.put(7, sint: Int64(l.quantityBackordered))
            }
        }
        put(10, o.currency)
        put(11, sint: o.totalMinor)
        address(12, o.shippingAddress)
        put(13, o.shippingMethod)
        put(14, o.pickupLocationId)
        for a in o.allocations {
            message(15) { w in
                w.put(1, a.locationId)
                w.put(2, a.sku)
                w.put(3, sint: Int64(a.quantity))
                w.put(4, sint: Int64(a.quantityShipped))
            }
        }
        for s in o.shipmentIds {
            tag(16, .bytes)
            string(s)
        }
        put(17, o.createdAt)
        put(18, o.updatedAt)
        for e in o.history {
            message(19) { w in
                w.put(1, e.status)
                w.put(2, e.at)
                w.put(3, e.message)
                w.put(4, sint: e.sequence)
            }
        }
        put(20, uint: o.requestFingerprint)
        promise(o.promise)
        let x = o.exceptions
        for h in x.holds {
            message(23) { w in
                w.put(1, h.reason)
                w.put(2, h.note)
                w.put(3, h.placedAt)
            }
        }
        put(24, x.allowBackorder)
        if let at = x.backorderCancelAfter {
            tag(25, .fixed64)
            i64(at.nanos)
        }
        for k in x.rejected {
            message(26) { w in
                w.put(1, k.locationId)
                w.put(2, k.sku)
            }
        }
    }

    mutating func shipment(_ s: Shipment) {
        put(1, s.shipmentId)
        put(2, s.orderId)
        put(3, s.locationId)
        for l in s.lines {
            message(4) { w in
                w.put(1, l.sku)
                w.put(2, sint: Int64(l.quantity))
            }
        }
        put(5, s.carrier)
        put(6, s.trackingNumber)
        put(7, s.status)
        for e in s.events {
            message(8) { w in
                w.put(1, e.status)
                w.put(2, e.description)
                w.put(3, e.occurredAt)
            }
        }
        put(9, s.createdAt)
    }

    mutating func returnRecord(_ r: Return) {
        put(1, r.returnId)
        put(2, r.orderId)
        for l in r.lines {
            message(3) { w in
                w.put(1, l.sku)
                w.put(2, sint: Int64(l.quantity))
                w.put(3, l.reason)
            }
        }
        put(4, r.status)
        put(5, sint: r.refundMinor)
        put(6, r.locationId)
        put(7, r.createdAt)
        put(8, r.updatedAt)
        put(9, uint: r.requestFingerprint)
    }
}

extension BinaryReader {
    mutating func address(_ wire: UInt8) throws(CodecError) -> Address {
        try message(wire) { r throws(CodecError) in
            var a = Address()
            while let (n, w) = try r.field() {
                switch n {
                case 1: a.name = try r.string(w)
                case 2: a.line1 = try r.string(w)
                case 3: a.line2 = try r.string(w)
                case 4: a.city = try r.string(w)
                case 5: a.region = try r.string(w)
                case 6: a.postalCode = try r.string(w)
                case 7: a.country = try r.string(w)
                case 8: a.latitude = try r.double(w)
                case 9: a.longitude = try r.double(w)
                default: try r.skip(w)
                }
            }
            return a
        }
    }

    mutating func location() throws(CodecError) -> Location {
        var l = Location(locationId: "", name: "", kind: .unspecified, address: nil, pickupEnabled: false)
        while let (n, w) = try field() {
            switch n {
            case 1: l.locationId = try string(w)
            case 2: l.name = try string(w)
            case 3: l.kind = try wire(LocationKind.self, w)
            case 4: l.address = try address(w)
            case 5: l.pickupEnabled = try bool(w)
            case 6: l.timeZone = try string(w)
            case 7: l.cutoffLocalTime = try string(w)
            case 8: l.handlingDays = try sint32(w)
            case 9: l.dailyOrderCapacity = try sint32(w)
            default: try skip(w)
            }
        }
        return l
    }

    mutating func level() throws(CodecError) -> StockLevel {
        var l = StockLevel(locationId: "", sku: "", onHand: 0, reserved: 0, safetyStock: 0, version: 0)
        while let (n, w) = try field() {
            switch n {
            case 1: l.locationId = try string(w)
            case 2: l.sku = try string(w)
            case 3: l.onHand = try sint(w)
            case 4: l.reserved = try sint(w)
            case 5: l.safetyStock = try sint(w)
            case 6: l.version = try sint(w)
            case 7: l.damaged = try sint(w)
            case 8: l.incoming = try sint(w)
            default: try skip(w)
            }
        }
        return l
    }

    mutating func order() throws(CodecError) -> Order {
        var o = Order(
            orderId: "", version: 0, status: .unspecified, channel: .unspecified, lines: [], currency: "",
            totalMinor: 0, shippingAddress: nil, shippingMethod: .unspecified, allocations: [],
            createdAt: Timestamp(nanos: 0), updatedAt: Timestamp(nanos: 0))
        var events: [OrderEvent] = []
        var x = OrderExceptions()
        var hasPromise = false
        var parcels: [ParcelPromise] = []
        while let (n, w) = try field() {
            switch n {
            case 1: o.orderId = try string(w)
            case 2: o.version = try sint(w)
            case 3: o.status = try wire(OrderStatus.self, w)
            case 4: o.channel = try wire(SalesChannel.self, w)
            case 5: o.channelOrderRef = try string(w)
            case 6: o.customer.customerId = try string(w)
            case 7: o.customer.email = try string(w)
            case 8: o.customer.name = try string(w)
            case 9: o.lines.append(try message(w) { r throws(CodecError) in try r.orderLine() })
            case 10: o.currency = try string(w)
            case 11: o.totalMinor = try sint(w)
            case 12: o.shippingAddress = try address(w)
            case 13: o.shippingMethod = try wire(ShippingMethod.self, w)
            case 14: o.pickupLocationId = try string(w)
            case 15: o.allocations.append(try message(w) { r throws(CodecError) in try r.allocation() })
            case 16: o.shipmentIds.append(try string(w))
            case 17: o.createdAt = try timestamp(w)
            case 18: o.updatedAt = try timestamp(w)
            case 19: events.append(try message(w) { r throws(CodecError) in try r.orderEvent() })
            case 20: o.requestFingerprint = try uint(w)
            case 23: x.holds.append(try message(w) { r throws(CodecError) in try r.hold() })
            case 24: x.allowBackorder = try bool(w)
            case 25: x.backorderCancelAfter = try timestamp(w)
            case 26:
                x.rejected.append(try message(w) { r throws(CodecError) in
                    var k = StockKey(locationId: "", sku: "")
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: k.locationId = try r.string(w)
                        case 2: k.sku = try r.string(w)
                        default: try r.skip(w)
                        }
                    }
                    return k
                })
            case 21:
                hasPromise = true
                try skip(w)
            case 22: parcels.append(try message(w) { r throws(CodecError) in try r.parcelPromise() })
            default: try skip(w)
            }
        }
        if !x.isEmpty { o.exceptions = x }
        if hasPromise || !parcels.isEmpty { o.promise = DeliveryPromise(parcels: parcels) }
        // The order id is stored once per order, not once per event.
        let orderId = o.orderId
        for k in events.indices { events[k].orderId = orderId }
        o.history = events
        return o
    }

    private mutating func orderLine() throws(CodecError) -> OrderLine {
        var l = OrderLine(sku: "", quantity: 0, unitPriceMinor: 0)
        while let (n, w) = try field() {
            switch n {
            case 1: l.sku = try string(w)
            case 2: l.quantity = try sint32(w)
            case 3: l.unitPriceMinor = try sint(w)
            case 4: l.quantityShipped = try sint32(w)
            case 5: l.quantityReturned = try sint32(w)
            case 6: l.quantityCancelled = try sint32(w)
            case 7: l.quantityBackordered = try sint32(w)
            default: try skip(w)
            }
        }
        return l
    }

    private mutating func hold() throws(CodecError) -> Hold {
        var h = Hold(reason: .unspecified, placedAt: Timestamp(nanos: 0))
        while let (n, w) = try field() {
            switch n {
            case 1: h.reason = try wire(HoldReason.self, w)
            case 2: h.note = try string(w)
            case 3: h.placedAt = try timestamp(w)
            default: try skip(w)
            }
        }
        return h
    }

    mutating func allocation() throws(CodecError) -> Allocation {
        var a = Allocation(locationId: "", sku: "", quantity: 0)
        while let (n, w) = try field() {
            switch n {
            case 1: a.locationId = try string(w)
            case 2: a.sku = try string(w)
            case 3: a.quantity = try sint32(w)
            case 4: a.quantityShipped = try sint32(w)
            default: try skip(w)
            }
        }
        return a
    }

    private mutating func orderEvent() throws(CodecError) -> OrderEvent {
        var e = OrderEvent(orderId: "", status: .unspecified, at: Timestamp(nanos: 0), message: "", sequence: 0)
        while let (n, w) = try field() {
            switch n {
            case 1: e.status = try wire(OrderStatus.self, w)
            case 2: e.at = try timestamp(w)
            case 3: e.message = try string(w)
            case 4: e.sequence = try sint(w)
            default: try skip(w)
            }
        }
        return e
    }

    mutating func shipment() throws(CodecError) -> Shipment {
        var s = Shipment(
            shipmentId: "", orderId: "", locationId: "", lines: [], carrier: "", trackingNumber: "",
            status: .unspecified, events: [], createdAt: Timestamp(nanos: 0))
        while let (n, w) = try field() {
            switch n {
            case 1: s.shipmentId = try string(w)
            case 2: s.orderId = try string(w)
            case 3: s.locationId = try string(w)
            case 4:
                s.lines.append(try message(w) { r throws(CodecError) in
                    var l = ShipmentLine(sku: "", quantity: 0)
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: l.sku = try r.string(w)
                        case 2: l.quantity = try r.sint32(w)
                        default: try r.skip(w)
                        }
                    }
                    return l
                })
            case 5: s.carrier = try string(w)
            case 6: s.trackingNumber = try string(w)
            case 7: s.status = try wire(ShipmentStatus.self, w)
            case 8:
                s.events.append(try message(w) { r throws(CodecError) in
                    var e = TrackingEvent(status: .unspecified, description: "", occurredAt: Timestamp(nanos: 0))
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: e.status = try r.wire(ShipmentStatus.self, w)
                        case 2: e.description = try r.string(w)
                        case 3: e.occurredAt = try r.timestamp(w)
                        default: try r.skip(w)
                        }
                    }
                    return e
                })
            case 9: s.createdAt = try timestamp(w)
            default: try skip(w)
            }
        }
        return s
    }

    mutating func returnRecord() throws(CodecError) -> Return {
        var r = Return(returnId: "", orderId: "", lines: [], status: .unspecified, createdAt: Timestamp(nanos: 0),
                       updatedAt: Timestamp(nanos: 0))
        while let (n, w) = try field() {
            switch n {
            case 1: r.returnId = try string(w)
            case 2: r.orderId = try string(w)
            case 3:
                r.lines.append(try message(w) { x throws(CodecError) in
                    var l = ReturnLine(sku: "", quantity: 0)
                    while let (n, w) = try x.field() {
                        switch n {
                        case 1: l.sku = try x.string(w)
                        case 2: l.quantity = try x.sint32(w)
                        case 3: l.reason = try x.wire(ReturnReason.self, w)
                        default: try x.skip(w)
                        }
                    }
                    return l
                })
            case 4: r.status = try wire(ReturnStatus.self, w)
            case 5: r.refundMinor = try sint(w)
            case 6: r.locationId = try string(w)
            case 7: r.createdAt = try timestamp(w)
            case 8: r.updatedAt = try timestamp(w)
            case 9: r.requestFingerprint = try uint(w)
            default: try skip(w)
            }
        }
        return r
    }
}
