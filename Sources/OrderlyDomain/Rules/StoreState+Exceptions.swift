// Fulfilment exceptions: PlaceHold / ReleaseHold, CancelOrderLines, MoveAllocation and
// RejectAllocation. Each is one transition: the order (version +1, one history event even when
// its status stays), the stock it releases or reserves (ledgered) and nothing else, or a refusal
// that changes nothing. `expected_version` ≠ 0 and stale is ABORTED before anything else.

extension StoreState {
    /// The order an exception acts on: it exists, is at `expectedVersion` (when ≠ 0) and is not cancelled.
    func exceptionTarget(_ orderId: String, expectedVersion: Int64, _ ctx: RuleContext) throws(DomainError) -> Order {
        try Validate.id(orderId, "order_id", limits: ctx.limits)
        guard let order = order(orderId) else { throw .notFound("order \(orderId) does not exist") }
        if expectedVersion != 0 && expectedVersion != order.version {
            throw DomainError(.aborted, "order \(orderId) is at version \(order.version), not the expected \(expectedVersion)")
        }
        if order.status == .cancelled { throw .precondition("order \(orderId) is cancelled") }
        return order
    }

    /// PlaceHold: the order does not ship until the hold is released (a repeat: unchanged).
    public func placeHold(_ c: HoldCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        try Validate.specified(c.reason, "reason")
        if c.reason == .unfillable {
            throw .invalid("reason HOLD_REASON_UNFILLABLE is placed by the server when a rejection leaves units no location can fill")
        }
        try Validate.text(c.note, "note", limits: ctx.limits)
        var order = try exceptionTarget(c.orderId, expectedVersion: c.expectedVersion, ctx)
        if order.holds.contains(where: { $0.reason == c.reason }) { return Mutation(changes: [], result: order) }
        if order.unitsShipped >= order.unitsOrdered {
            throw .precondition("order \(c.orderId) has nothing left to ship: it is \(order.status.protoName)")
        }
        var x = order.exceptions
        x.holds.append(Hold(reason: c.reason, note: c.note, placedAt: ctx.now))
        order.exceptions = x
        var sequence = lastSequence
        order.touch(newStatus: order.status,
                    message: "hold \(c.reason.protoName) placed" + (c.note.isEmpty ? "" : ": \(c.note)"),
                    at: ctx.now, sequence: &sequence, always: true)
        return Mutation(changes: [.orderPut(order, requestId: "")], result: order)
    }

    /// ReleaseHold: the hold ends (not active: unchanged). Releasing UNFILLABLE routes the units
    /// it covers again and is refused while some still cannot be had anywhere.
    public func releaseHold(_ c: HoldCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        try Validate.specified(c.reason, "reason")
        var order = try exceptionTarget(c.orderId, expectedVersion: c.expectedVersion, ctx)
        guard order.holds.contains(where: { $0.reason == c.reason }) else { return Mutation(changes: [], result: order) }
        var draft = StockDraft(.allocated, reference: order.orderId, ctx)
        var message = "hold \(c.reason.protoName) released"
        if c.reason == .unfillable {
            let demand = order.lines.indices.compactMap { k in
                order.unallocated(line: k) > 0
                    ? Router.Demand(sku: order.lines[k].sku, quantity: Int64(order.unallocated(line: k))) : nil
            }
            let left = try allocateAvailable(demand, to: &order, draft: &draft, ctx)
            if let (sku, units) = left.filter({ $0.value > 0 }).min(by: { $0.key < $1.key }) {
                throw .precondition(
                    "order \(c.orderId) still has \(units) unit(s) of sku \(sku) no location can fill; cancel them with CancelOrderLines or add stock first")
            }
            if !demand.isEmpty { message += ", units allocated again" }
        }
        var x = order.exceptions
        x.holds.removeAll { $0.reason == c.reason }
        order.exceptions = x
        var sequence = lastSequence
        order.touch(newStatus: order.derivedStatus(allShipmentsDelivered: false), message: message,
                    at: ctx.now, sequence: &sequence, always: true)
        return Mutation(changes: draft.changes() + [.orderPut(order, requestId: "")], result: order)
    }

    /// CancelOrderLines: cancels unshipped units, backordered ones first, then unallocated ones,
    /// then allocated ones (their reservations are released); all units cancelled → CANCELLED.
    public func cancelOrderLines(_ c: CancelOrderLinesCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        try Validate.id(c.orderId, "order_id", limits: ctx.limits)
        if c.lines.isEmpty { throw .invalid("lines must not be empty") }
        try Validate.shipmentLines(c.lines, limits: ctx.limits)
        try Validate.text(c.reason, "reason", limits: ctx.limits)
        var order = try exceptionTarget(c.orderId, expectedVersion: c.expectedVersion, ctx)
        var draft = StockDraft(.released, reference: order.orderId, ctx)
        var what: [String] = []
        for (i, line) in c.lines.enumerated() {
            guard let k = order.lines.firstIndex(where: { $0.sku == line.sku }) else {
                throw .precondition("lines[\(i)].sku \(line.sku) is not part of order \(c.orderId)")
            }
            let l = order.lines[k]
            let cancellable = l.quantityCounted - l.quantityShipped
            if line.quantity > cancellable {
                throw .precondition(
                    "lines[\(i)]: only \(cancellable) unit(s) of sku \(line.sku) are unshipped and not cancelled in order \(c.orderId)")
            }
            var left = line.quantity
            let unallocated = order.unallocated(line: k)
            let fromBackorder = min(left, l.quantityBackordered)
            order.lines[k].quantityBackordered -= fromBackorder
            left -= fromBackorder
            left -= min(left, unallocated)
            // What is left is allocated and unshipped: newest allocations give theirs back first.
            for a in order.allocations.reversed() where left > 0 && a.sku == line.sku && a.open > 0 {
                let take = min(a.open, left)
                let key = StockKey(locationId: a.locationId, sku: a.sku)
                if var level = draft.level(key, in: self) {
                    level.reserved = max(0, level.reserved - Int64(take))
                    draft.put(level, in: self)
                }
                order.removeOpen(sku: a.sku, at: a.locationId, quantity: take)
                left -= take
            }
            order.lines[k].quantityCancelled += line.quantity
            what.append("\(line.sku)×\(line.quantity)")
        }
        order.recomputeTotal()
        let next = order.derivedStatus(allShipmentsDelivered: allShipmentsDelivered(order))
        if next == .cancelled {
            order.clearHolds()
        } else if order.holds.contains(where: { $0.reason == .unfillable }),
                  !order.lines.indices.contains(where: { order.unallocated(line: $0) > 0 }) {
            // Nothing unfillable is left: the server's own hold ends.
            var x = order.exceptions
            x.holds.removeAll { $0.reason == .unfillable }
            order.exceptions = x
        }
        var sequence = lastSequence
        order.touch(newStatus: next,
                    message: "cancelled \(what.joined(separator: ", "))" + (c.reason.isEmpty ? "" : ": \(c.reason)"),
                    at: ctx.now, sequence: &sequence, always: true)
        return Mutation(changes: draft.changes() + [.orderPut(order, requestId: "")], result: order)
    }

    /// Open units of `sku` at `locationId` for an exception asking for `quantity` (0 = all).
    private func openUnits(
        _ order: Order, sku: String, at locationId: String, quantity: Int32
    ) throws(DomainError) -> Int32 {
        if quantity < 0 { throw .invalid("quantity must be >= 0 (0 = every open unit)") }
        let open = order.openUnits(sku: sku, at: locationId)
        if open == 0 {
            throw .precondition("order \(order.orderId) has no unshipped units of sku \(sku) allocated at location \(locationId)")
        }
        if quantity > open {
            throw .precondition(
                "order \(order.orderId) has only \(open) unshipped unit(s) of sku \(sku) allocated at location \(locationId), not \(quantity)")
        }
        return quantity == 0 ? open : quantity
    }

    /// MoveAllocation: open units of a sku go from one location to another that has them available.
    public func moveAllocation(_ c: MoveAllocationCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        try Validate.id(c.orderId, "order_id", limits: ctx.limits)
        try Validate.id(c.sku, "sku", limits: ctx.limits)
        try Validate.id(c.fromLocationId, "from_location_id", limits: ctx.limits)
        try Validate.id(c.toLocationId, "to_location_id", limits: ctx.limits)
        if c.fromLocationId == c.toLocationId { throw .invalid("to_location_id must differ from from_location_id") }
        if c.quantity < 0 { throw .invalid("quantity must be >= 0 (0 = every open unit)") }
        var order = try exceptionTarget(c.orderId, expectedVersion: c.expectedVersion, ctx)
        guard locations[c.toLocationId] != nil else { throw .notFound("location \(c.toLocationId) does not exist") }
        if order.shippingMethod == .storePickup {
            throw .precondition("order \(c.orderId) is collected at \(order.pickupLocationId): its units cannot move")
        }
        let units = try openUnits(order, sku: c.sku, at: c.fromLocationId, quantity: c.quantity)
        let to = StockKey(locationId: c.toLocationId, sku: c.sku)
        let available = stock[to]?.available ?? 0
        if available < Int64(units) {
            throw .precondition(
                "location \(c.toLocationId) has only \(available) unit(s) of sku \(c.sku) available, \(units) needed")
        }
        var draft = StockDraft(.released, reference: order.orderId, ctx)
        let from = StockKey(locationId: c.fromLocationId, sku: c.sku)
        if var level = draft.level(from, in: self) {
            level.reserved = max(0, level.reserved - Int64(units))
            draft.put(level, in: self)
        }
        draft.refer(.allocated, to: order.orderId)
        if var level = draft.level(to, in: self) {
            level.reserved += Int64(units)
            draft.put(level, in: self)
        }
        order.removeOpen(sku: c.sku, at: c.fromLocationId, quantity: units)
        order.addAllocation(Allocation(locationId: c.toLocationId, sku: c.sku, quantity: units))
        var sequence = lastSequence
        order.touch(newStatus: order.status,
                    message: "moved \(c.sku)×\(units) from \(c.fromLocationId) to \(c.toLocationId)",
                    at: ctx.now, sequence: &sequence, always: true)
        return Mutation(changes: draft.changes() + [.orderPut(order, requestId: "")], result: order)
    }

    /// RejectAllocation: the location gives up open units (NOT_IN_STOCK: they leave on_hand;
    /// DAMAGED: they move to damaged; OTHER: stock stays); they are routed again, never back
    /// there; what no location has is backordered if the order allows it, else held UNFILLABLE.
    public func rejectAllocation(_ c: RejectAllocationCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        try Validate.id(c.orderId, "order_id", limits: ctx.limits)
        try Validate.id(c.locationId, "location_id", limits: ctx.limits)
        try Validate.id(c.sku, "sku", limits: ctx.limits)
        try Validate.specified(c.reason, "reason")
        if c.quantity < 0 { throw .invalid("quantity must be >= 0 (0 = every open unit)") }
        var order = try exceptionTarget(c.orderId, expectedVersion: c.expectedVersion, ctx)
        let units = try openUnits(order, sku: c.sku, at: c.locationId, quantity: c.quantity)
        let key = StockKey(locationId: c.locationId, sku: c.sku)
        var draft = StockDraft(.rejected, reference: order.orderId, note: c.reason.protoName, ctx)
        if var level = draft.level(key, in: self) {
            level.reserved = max(0, level.reserved - Int64(units))
            switch c.reason {
            case .notInStock:
                level.onHand = max(level.reserved, level.onHand - Int64(units))
            case .damaged:
                let moved = min(Int64(units), level.onHand - level.reserved)
                let (damaged, overflow) = level.damaged.addingReportingOverflow(moved)
                if overflow { throw .invalid("moving \(units) unit(s) of sku \(c.sku) at \(c.locationId) to damaged would overflow it") }
                level.onHand -= moved
                level.damaged = damaged
            case .other, .unspecified:
                break
            }
            draft.put(level, in: self)
        }
        order.removeOpen(sku: c.sku, at: c.locationId, quantity: units)
        var x = order.exceptions
        if !x.rejected.contains(key) { x.rejected.append(key) }
        order.exceptions = x
        let left = try allocateAvailable([Router.Demand(sku: c.sku, quantity: Int64(units))], to: &order, draft: &draft, ctx)
        let short = Int32(clamping: max(0, left[c.sku] ?? 0))
        var message = "location \(c.locationId) rejected \(c.sku)×\(units) (\(c.reason.protoName))"
        if short < units { message += ", \(units - short) routed again" }
        if short > 0, let k = order.lines.firstIndex(where: { $0.sku == c.sku }) {
            if order.exceptions.allowBackorder {
                order.lines[k].quantityBackordered += short
                message += ", \(short) backordered"
            } else {
                var x = order.exceptions
                if !x.holds.contains(where: { $0.reason == .unfillable }) {
                    x.holds.append(Hold(reason: .unfillable, note: "sku \(c.sku): \(short) unit(s) no location can fill", placedAt: ctx.now))
                }
                order.exceptions = x
                message += ", \(short) unfillable (hold HOLD_REASON_UNFILLABLE)"
            }
        }
        var sequence = lastSequence
        order.touch(newStatus: order.derivedStatus(allShipmentsDelivered: false), message: message,
                    at: ctx.now, sequence: &sequence, always: true)
        return Mutation(changes: draft.changes() + [.orderPut(order, requestId: "")], result: order)
    }
}
