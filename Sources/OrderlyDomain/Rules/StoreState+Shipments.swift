// Shipment transitions: CreateShipment (ship what is allocated and unshipped at one location)
// and AddTrackingEvent (which may complete delivery of the order).

extension StoreState {
    /// CreateShipment: on_hand and reserved drop by the shipped units; the order moves to
    /// PARTIALLY_SHIPPED or SHIPPED.
    public func createShipment(_ c: CreateShipmentCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Shipment> {
        try Validate.id(c.orderId, "order_id", limits: ctx.limits)
        try Validate.id(c.locationId, "location_id", limits: ctx.limits)
        try Validate.text(c.carrier, "carrier", limits: ctx.limits)
        try Validate.text(c.trackingNumber, "tracking_number", limits: ctx.limits)
        try Validate.shipmentLines(c.lines, limits: ctx.limits)
        guard var order = order(c.orderId) else { throw .notFound("order \(c.orderId) does not exist") }
        guard locations[c.locationId] != nil else { throw .notFound("location \(c.locationId) does not exist") }
        if order.status == .cancelled { throw .precondition("order \(c.orderId) is cancelled") }
        if !order.holds.isEmpty {
            let holds = order.holds.map { $0.reason.protoName + ($0.note.isEmpty ? "" : " (\($0.note))") }
            throw .precondition("order \(c.orderId) is on hold: \(holds.joined(separator: ", ")); release the hold before shipping")
        }

        var open: [String: Int32] = [:]
        var skuOrder: [String] = []
        for a in order.allocations where a.locationId == c.locationId && a.open > 0 {
            if open[a.sku] == nil { skuOrder.append(a.sku) }
            open[a.sku, default: 0] += a.open
        }
        var lines = c.lines
        if lines.isEmpty {
            lines = skuOrder.map { ShipmentLine(sku: $0, quantity: open[$0] ?? 0) }
            if lines.isEmpty {
                throw .precondition("order \(c.orderId) has nothing left to ship from location \(c.locationId)")
            }
        }
        for (i, line) in lines.enumerated() {
            let left = open[line.sku] ?? 0
            if line.quantity > left {
                throw .precondition(
                    "lines[\(i)]: only \(left) of sku \(line.sku) are allocated and unshipped at location \(c.locationId) for order \(c.orderId)")
            }
        }

        let shipmentId = Ids.make("s", shipments.count + 1)
        var draft = StockDraft(.shipped, reference: shipmentId, ctx)
        for line in lines {
            var remaining = line.quantity
            for k in order.allocations.indices where remaining > 0 {
                let a = order.allocations[k]
                guard a.locationId == c.locationId, a.sku == line.sku, a.open > 0 else { continue }
                let take = min(a.open, remaining)
                order.allocations[k].quantityShipped += take
                remaining -= take
            }
            if let l = order.lines.firstIndex(where: { $0.sku == line.sku }) {
                order.lines[l].quantityShipped += line.quantity
            }
            let key = StockKey(locationId: c.locationId, sku: line.sku)
            guard var level = draft.level(key, in: self) else {
                throw .precondition("no stock level for sku \(line.sku) at location \(c.locationId)")
            }
            level.onHand = max(0, level.onHand - Int64(line.quantity))
            level.reserved = max(0, level.reserved - Int64(line.quantity))
            draft.put(level, in: self)
        }

        let shipment = Shipment(
            shipmentId: shipmentId, orderId: c.orderId, locationId: c.locationId,
            lines: lines, carrier: c.carrier, trackingNumber: c.trackingNumber, createdAt: ctx.now)
        order.shipmentIds.append(shipment.shipmentId)
        var sequence = lastSequence
        order.touch(newStatus: order.derivedStatus(allShipmentsDelivered: false),
                    message: "shipment \(shipment.shipmentId) left \(c.locationId)", at: ctx.now, sequence: &sequence)
        return Mutation(
            changes: draft.changes() + [.shipmentPut(shipment), .orderPut(order, requestId: "")], result: shipment)
    }

    /// AddTrackingEvent: nothing after DELIVERED; delivers the order when every shipment of a
    /// fully shipped order is delivered.
    public func addTrackingEvent(_ c: AddTrackingEventCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Shipment> {
        try Validate.id(c.shipmentId, "shipment_id", limits: ctx.limits)
        try Validate.specified(c.status, "status")
        try Validate.text(c.description, "description", limits: ctx.limits)
        guard var shipment = shipment(c.shipmentId) else {
            throw .notFound("shipment \(c.shipmentId) does not exist")
        }
        if shipment.status == .delivered {
            throw .precondition("shipment \(c.shipmentId) is already SHIPMENT_STATUS_DELIVERED")
        }
        if shipment.events.count >= 1000 {
            throw DomainError(.resourceExhausted, "shipment \(c.shipmentId) has 1000 tracking events")
        }
        shipment.events.append(TrackingEvent(status: c.status, description: c.description, occurredAt: c.occurredAt ?? ctx.now))
        shipment.status = c.status
        var changes: [StoreChange] = [.shipmentPut(shipment)]
        if c.status == .delivered, var order = order(shipment.orderId), order.status != .cancelled {
            let allDelivered = order.shipmentIds.allSatisfy { id in
                id == shipment.shipmentId || self.shipment(id)?.status == .delivered
            }
            let next = order.derivedStatus(allShipmentsDelivered: allDelivered)
            if next != order.status {
                var sequence = lastSequence
                order.touch(newStatus: next, message: "every shipment delivered", at: ctx.now, sequence: &sequence)
                changes.append(.orderPut(order, requestId: ""))
            }
        }
        return Mutation(changes: changes, result: shipment)
    }
}
