// Order transitions: CreateOrder (validate, route, reserve atomically), PlanRouting (the same
// without reserving) and CancelOrder. Pure: they read the state and return changes.

extension StoreState {
    /// PlanRouting: what CreateOrder would allocate now, with a trace; reserves nothing.
    public func planRouting(_ c: CreateOrderCommand, _ ctx: RuleContext) throws(DomainError) -> RoutingPlan {
        // A plan may leave the currency unset (the product page's "get it by" call): checked as
        // ISO 4217's "no currency", and then every carrier service of the method is considered.
        var checked = c
        if checked.currency.isEmpty { checked.currency = "XXX" }
        _ = try Validate.createOrder(checked, limits: ctx.limits)
        return try route(c, ctx, trace: true)
    }

    /// The order an idempotent retry of `c` should answer with, if any; ALREADY_EXISTS when the
    /// key was used by a request with another payload.
    func existingOrder(for c: CreateOrderCommand) throws(DomainError) -> Order? {
        let key: String
        let found: Order
        if !c.requestId.isEmpty, let i = orderRequests[c.requestId] {
            key = "request_id \(c.requestId)"
            found = orders[Int(i)]
        } else if !c.channelOrderRef.isEmpty,
                  let i = position(of: ChannelRef(channel: c.channel, ref: c.channelOrderRef)) {
            key = "channel_order_ref \(c.channelOrderRef) of channel \(c.channel.protoName)"
            found = orders[Int(i)]
        } else {
            return nil
        }
        if found.requestFingerprint != 0 && found.requestFingerprint != c.fingerprint { throw .keyReused(key) }
        return found
    }

    /// CreateOrder: either every line is allocated and reserved, or nothing changes.
    public func createOrder(_ c: CreateOrderCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Order> {
        let total = try Validate.createOrder(c, limits: ctx.limits)
        if let existing = try existingOrder(for: c) { return Mutation(changes: [], result: existing) }
        if let at = c.backorderCancelAfter, at <= ctx.now {
            throw .invalid("backorder_cancel_after \(at.seconds) (unix seconds) is not in the future")
        }
        let id = Ids.make("o", orders.count + 1)
        var draft = StockDraft(.allocated, reference: id, ctx)
        var plan: RoutingPlan
        var conversion: [StoreChange] = []
        if !c.reservationId.isEmpty {
            try Validate.id(c.reservationId, "reservation_id", limits: ctx.limits)
            let taken = try convertReservation(for: c, orderId: id, ctx)
            plan = RoutingPlan(allocations: taken.allocations, trace: [])
            plan.promise = promise(for: taken.allocations, c, ctx)
            conversion = taken.changes
        } else if c.allowBackorder {
            let demand = c.lines.map { Router.Demand(sku: $0.sku, quantity: Int64($0.quantity)) }
            let allocations = try routeAvailable(
                demand: demand, method: c.shippingMethod, address: c.shippingAddress,
                pickupLocationId: c.pickupLocationId, rejected: [], draft: draft, ctx)
            plan = RoutingPlan(allocations: allocations, trace: [])
            plan.promise = promise(for: allocations, c, ctx)
            for a in plan.allocations {
                let key = StockKey(locationId: a.locationId, sku: a.sku)
                guard var level = draft.level(key, in: self), level.available >= Int64(a.quantity) else {
                    throw .precondition("not enough stock for sku \(a.sku) at location \(a.locationId)")
                }
                level.reserved += Int64(a.quantity)
                draft.put(level, in: self)
            }
        } else {
            plan = try route(c, ctx, trace: false)
            // A reservation's units are reserved already; a routed order reserves its own.
            for a in plan.allocations {
                let key = StockKey(locationId: a.locationId, sku: a.sku)
                guard var level = draft.level(key, in: self), level.available >= Int64(a.quantity) else {
                    throw .precondition("not enough stock for sku \(a.sku) at location \(a.locationId)")
                }
                level.reserved += Int64(a.quantity)
                draft.put(level, in: self)
            }
        }
        let sources = Array(Set(plan.allocations.map(\.locationId))).sorted().joined(separator: ", ")
        var lines = c.lines.map { OrderLine(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor) }
        var waiting: [String] = []
        if c.allowBackorder {
            for k in lines.indices {
                let allocated = plan.allocations.reduce(Int32(0)) { $0 + ($1.sku == lines[k].sku ? $1.quantity : 0) }
                lines[k].quantityBackordered = max(0, lines[k].quantity - allocated)
                if lines[k].quantityBackordered > 0 { waiting.append("\(lines[k].sku)×\(lines[k].quantityBackordered)") }
            }
        }
        var message = c.reservationId.isEmpty
            ? "order created, allocated from \(sources)"
            : "order created from reservation \(c.reservationId), allocated from \(sources)"
        if plan.allocations.isEmpty { message = "order created" }
        if !waiting.isEmpty { message += ", backordered \(waiting.joined(separator: ", "))" }
        let status: OrderStatus = waiting.isEmpty ? .allocated : .backordered
        let event = OrderEvent(orderId: id, status: status, at: ctx.now, message: message, sequence: lastSequence + 1)
        var order = Order(
            orderId: id, status: status, channel: c.channel, channelOrderRef: c.channelOrderRef, customer: c.customer,
            lines: lines,
            currency: c.currency, totalMinor: total,
            shippingAddress: c.shippingAddress, shippingMethod: c.shippingMethod,
            pickupLocationId: c.shippingMethod == .storePickup ? c.pickupLocationId : "",
            allocations: plan.allocations, createdAt: ctx.now, updatedAt: ctx.now, history: [event])
        order.requestFingerprint = c.fingerprint
        if c.allowBackorder {
            var x = OrderExceptions()
            x.allowBackorder = true
            x.backorderCancelAfter = c.backorderCancelAfter
            order.exceptions = x
        }
        order.promise = plan.promise
        if let figure = reports.allTime.overflow(adding: order) {
            throw .invalid("total_minor \(total) would make \(figure) overflow int64")
        }
        return Mutation(changes: draft.changes() + conversion + [.orderPut(order, requestId: c.requestId)], result: order)
    }

    /// CancelOrder: only before anything shipped; releases every reservation.
    public func cancelOrder(
        orderId: String, reason: String, expectedVersion: Int64, _ ctx: RuleContext
    ) throws(DomainError) -> Mutation<Order> {
        try Validate.id(orderId, "order_id", limits: ctx.limits)
        try Validate.text(reason, "reason", limits: ctx.limits)
        guard var order = order(orderId) else { throw .notFound("order \(orderId) does not exist") }
        if expectedVersion != 0 && expectedVersion != order.version {
            throw DomainError(.aborted, "order \(orderId) is at version \(order.version), not the expected \(expectedVersion)")
        }
        if order.status == .cancelled { return Mutation(changes: [], result: order) }
        if order.unitsShipped > 0 || (order.status != .allocated && order.status != .backordered) {
            throw .precondition("order \(orderId) cannot be cancelled: it is \(order.status.protoName) and has shipped units")
        }
        var draft = StockDraft(.released, reference: orderId, ctx)
        for a in order.allocations where a.open > 0 {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            guard var level = draft.level(key, in: self) else { continue }
            level.reserved = max(0, level.reserved - Int64(a.open))
            draft.put(level, in: self)
        }
        for k in order.lines.indices { order.lines[k].quantityBackordered = 0 }
        order.clearHolds()
        var sequence = lastSequence
        order.touch(newStatus: .cancelled, message: reason.isEmpty ? "cancelled" : "cancelled: \(reason)",
                    at: ctx.now, sequence: &sequence)
        return Mutation(changes: draft.changes() + [.orderPut(order, requestId: "")], result: order)
    }
}
