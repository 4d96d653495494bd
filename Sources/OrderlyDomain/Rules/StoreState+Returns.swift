// Return transitions: RequestReturn → APPROVED or REJECTED → RECEIVED (restock, refund, order
// quantity_returned and status) → REFUNDED.

extension StoreState {
    /// RequestReturn: per sku at most shipped minus what non-rejected returns already claim.
    public func requestReturn(_ c: RequestReturnCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Return> {
        try Validate.id(c.orderId, "order_id", limits: ctx.limits)
        try Validate.id(c.requestId, "request_id", required: false, limits: ctx.limits)
        try Validate.returnLines(c.lines, limits: ctx.limits)
        if !c.requestId.isEmpty, let i = returnRequests[c.requestId] {
            let earlier = returns[Int(i)]
            if earlier.requestFingerprint != 0 && earlier.requestFingerprint != c.fingerprint {
                throw .keyReused("request_id \(c.requestId)")
            }
            return Mutation(changes: [], result: earlier)
        }
        guard let order = order(c.orderId) else { throw .notFound("order \(c.orderId) does not exist") }
        var claimed: [String: Int64] = [:]
        for position in returnsByOrder[c.orderId] ?? [] {
            let r = returns[Int(position)]
            guard r.status != .rejected else { continue }
            for line in r.lines { claimed[line.sku, default: 0] += Int64(line.quantity) }
        }
        for (i, line) in c.lines.enumerated() {
            guard let orderLine = order.lines.first(where: { $0.sku == line.sku }) else {
                throw .precondition("lines[\(i)].sku \(line.sku) is not part of order \(c.orderId)")
            }
            let left = Int64(orderLine.quantityShipped) - (claimed[line.sku] ?? 0)
            if Int64(line.quantity) > left {
                throw .precondition(
                    "lines[\(i)]: at most \(max(0, left)) of sku \(line.sku) can still be returned from order \(c.orderId)")
            }
        }
        var record = Return(returnId: Ids.make("r", returns.count + 1), orderId: c.orderId, lines: c.lines,
                            createdAt: ctx.now, updatedAt: ctx.now)
        record.requestFingerprint = c.fingerprint
        return Mutation(changes: [.returnPut(record, requestId: c.requestId)], result: record)
    }

    private func existingReturn(_ id: String, expect: ReturnStatus, _ ctx: RuleContext) throws(DomainError) -> Return {
        try Validate.id(id, "return_id", limits: ctx.limits)
        guard let record = returnRecord(id) else { throw .notFound("return \(id) does not exist") }
        if record.status != expect {
            throw .precondition("return \(id) is \(record.status.protoName), expected \(expect.protoName)")
        }
        return record
    }

    /// ApproveReturn: REQUESTED → APPROVED.
    public func approveReturn(returnId: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Return> {
        var record = try existingReturn(returnId, expect: .requested, ctx)
        record.status = .approved
        record.updatedAt = ctx.now
        return Mutation(changes: [.returnPut(record, requestId: "")], result: record)
    }

    /// RejectReturn: REQUESTED → REJECTED.
    public func rejectReturn(returnId: String, reason: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Return> {
        try Validate.text(reason, "reason", limits: ctx.limits)
        var record = try existingReturn(returnId, expect: .requested, ctx)
        record.status = .rejected
        record.updatedAt = ctx.now
        return Mutation(changes: [.returnPut(record, requestId: "")], result: record)
    }

    /// ReceiveReturn: APPROVED → RECEIVED; restocks at `locationId` when asked; sets the refund
    /// and the order's quantity_returned and status.
    public func receiveReturn(
        returnId: String, locationId: String, restock: Bool, _ ctx: RuleContext
    ) throws(DomainError) -> Mutation<Return> {
        try Validate.id(locationId, "location_id", required: restock, limits: ctx.limits)
        var record = try existingReturn(returnId, expect: .approved, ctx)
        if !locationId.isEmpty && locations[locationId] == nil {
            throw .notFound("location \(locationId) does not exist")
        }
        guard var order = order(record.orderId) else { throw .notFound("order \(record.orderId) does not exist") }
        var draft = StockDraft(.restocked, reference: returnId, ctx)
        var refund: Int64 = 0
        for line in record.lines {
            guard let l = order.lines.firstIndex(where: { $0.sku == line.sku }) else { continue }
            order.lines[l].quantityReturned += line.quantity
            refund &+= Int64(line.quantity) &* order.lines[l].unitPriceMinor
            if restock {
                let key = StockKey(locationId: locationId, sku: line.sku)
                var level = draft.level(key, in: self) ?? StockLevel(locationId: locationId, sku: line.sku)
                // A line returned DAMAGED is present but not sellable: it goes to `damaged`.
                if line.reason == .damaged {
                    let (damaged, overflow) = level.damaged.addingReportingOverflow(Int64(line.quantity))
                    if overflow {
                        throw .invalid("restocking sku \(line.sku) at location \(locationId) would overflow its damaged")
                    }
                    level.damaged = damaged
                    draft.put(level, in: self)
                    continue
                }
                let (onHand, overflow) = level.onHand.addingReportingOverflow(Int64(line.quantity))
                if overflow {
                    throw .invalid("restocking sku \(line.sku) at location \(locationId) would overflow its on_hand")
                }
                level.onHand = onHand
                try draft.putCheckingTotal(level, in: self)
            }
        }
        record.status = .received
        record.refundMinor = refund
        record.locationId = locationId
        record.updatedAt = ctx.now
        var sequence = lastSequence
        let allDelivered = order.status == .delivered
        order.touch(newStatus: order.derivedStatus(allShipmentsDelivered: allDelivered),
                    message: "return \(returnId) received", at: ctx.now, sequence: &sequence)
        // Restocked units fill waiting backorders (after this order's own event, in sequence order).
        let fills = fillBackorders(of: draft.touchedSkus, draft: &draft, sequence: &sequence, skip: order.orderId, ctx)
        return Mutation(
            changes: draft.changes() + [.returnPut(record, requestId: ""), .orderPut(order, requestId: "")] + fills,
            result: record)
    }

    /// RefundReturn: RECEIVED → REFUNDED.
    public func refundReturn(returnId: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Return> {
        var record = try existingReturn(returnId, expect: .received, ctx)
        if let currency = order(record.orderId)?.currency,
            let figure = reports.allTime.overflow(refunding: record.refundMinor, currency: currency) {
            throw .invalid("refund_minor \(record.refundMinor) would make \(figure) overflow int64")
        }
        record.status = .refunded
        record.updatedAt = ctx.now
        return Mutation(changes: [.returnPut(record, requestId: "")], result: record)
    }
}
