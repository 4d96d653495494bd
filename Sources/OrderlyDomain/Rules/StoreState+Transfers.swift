// Transfer transitions. CreateTransfer reserves at the source (TRANSFER_OUT); ShipTransfer takes
// the units out of the source's on_hand and reserved (TRANSFER_OUT) and counts them as the
// destination's incoming (TRANSFER_IN); ReceiveTransfer moves received units from the
// destination's incoming into its on_hand (TRANSFER_IN), possibly in several receipts;
// CancelTransfer (before shipping) releases the source's reservation (TRANSFER_OUT).

extension StoreState {
    /// The transfer with `id`, if any.
    public func transfer(_ id: String) -> Transfer? { transferIndex[id].map { transfers[Int($0)] } }

    /// CreateTransfer: every line reserved at the source, or nothing changes.
    public func createTransfer(_ c: CreateTransferCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Transfer> {
        try Validate.id(c.requestId, "request_id", required: false, limits: ctx.limits)
        try Validate.id(c.fromLocationId, "from_location_id", limits: ctx.limits)
        try Validate.id(c.toLocationId, "to_location_id", limits: ctx.limits)
        try Validate.transferLines(c.lines, limits: ctx.limits)
        if c.fromLocationId == c.toLocationId { throw .invalid("to_location_id must differ from from_location_id") }
        if !c.requestId.isEmpty, let i = transferRequests[c.requestId] {
            let earlier = transfers[Int(i)]
            if earlier.requestFingerprint != c.fingerprint { throw .keyReused("request_id \(c.requestId)") }
            return Mutation(changes: [], result: earlier)
        }
        for id in [c.fromLocationId, c.toLocationId] where locations[id] == nil {
            throw .notFound("location \(id) does not exist")
        }
        let id = Ids.make("t", transfers.count + 1)
        var draft = StockDraft(.transferOut, reference: id, ctx)
        for line in c.lines {
            let key = StockKey(locationId: c.fromLocationId, sku: line.sku)
            guard var level = draft.level(key, in: self), level.available >= Int64(line.quantity) else {
                throw .precondition("not enough stock for sku \(line.sku) at location \(c.fromLocationId)")
            }
            level.reserved += Int64(line.quantity)
            draft.put(level, in: self)
        }
        let transfer = Transfer(
            transferId: id, fromLocationId: c.fromLocationId, toLocationId: c.toLocationId,
            lines: c.lines.map { TransferLine(sku: $0.sku, quantity: $0.quantity) }, status: .requested,
            createdAt: ctx.now, updatedAt: ctx.now, requestFingerprint: c.fingerprint)
        return Mutation(changes: draft.changes() + [.transferPut(transfer, requestId: c.requestId)], result: transfer)
    }

    private func existingTransfer(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Transfer {
        try Validate.id(id, "transfer_id", limits: ctx.limits)
        guard let t = transfer(id) else { throw .notFound("transfer \(id) does not exist") }
        return t
    }

    /// GetTransfer.
    public func getTransfer(_ id: String, limits: DomainLimits) throws(DomainError) -> Transfer {
        try existingTransfer(id, RuleContext(now: .zero, limits: limits))
    }

    /// ShipTransfer: REQUESTED → IN_TRANSIT.
    public func shipTransfer(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Transfer> {
        var t = try existingTransfer(id, ctx)
        guard t.status == .requested else {
            throw .precondition("transfer \(id) cannot be shipped: it is \(t.status.protoName)")
        }
        var out = StockDraft(.transferOut, reference: id, ctx)
        for line in t.lines {
            let key = StockKey(locationId: t.fromLocationId, sku: line.sku)
            guard var level = out.level(key, in: self) else {
                throw .precondition("no stock level for sku \(line.sku) at location \(t.fromLocationId)")
            }
            level.onHand = max(0, level.onHand - Int64(line.quantity))
            level.reserved = max(0, level.reserved - Int64(line.quantity))
            out.put(level, in: self)
        }
        var into = StockDraft(.transferIn, reference: id, ctx)
        for line in t.lines {
            let key = StockKey(locationId: t.toLocationId, sku: line.sku)
            var level = into.level(key, in: self) ?? StockLevel(locationId: t.toLocationId, sku: line.sku)
            let (incoming, overflow) = level.incoming.addingReportingOverflow(Int64(line.quantity))
            if overflow { throw .invalid("sku \(line.sku) at location \(t.toLocationId): incoming would overflow int64") }
            level.incoming = incoming
            into.put(level, in: self)
        }
        t.status = .inTransit
        t.updatedAt = ctx.now
        return Mutation(changes: out.changes() + into.changes() + [.transferPut(t, requestId: "")], result: t)
    }

    /// ReceiveTransfer: IN_TRANSIT or PARTIALLY_RECEIVED → PARTIALLY_RECEIVED or RECEIVED.
    /// Each line's `quantity` is the units arriving now; no lines = everything still outstanding.
    public func receiveTransfer(_ id: String, lines: [TransferLine], _ ctx: RuleContext) throws(DomainError) -> Mutation<Transfer> {
        var t = try existingTransfer(id, ctx)
        guard t.status == .inTransit || t.status == .partiallyReceived else {
            throw .precondition("transfer \(id) cannot be received: it is \(t.status.protoName)")
        }
        let arriving = lines.isEmpty
            ? t.lines.map { TransferLine(sku: $0.sku, quantity: $0.quantity - $0.quantityReceived) }.filter { $0.quantity > 0 }
            : lines
        try Validate.transferLines(arriving, limits: ctx.limits)
        var draft = StockDraft(.transferIn, reference: id, ctx)
        for (i, line) in arriving.enumerated() {
            guard let l = t.lines.firstIndex(where: { $0.sku == line.sku }) else {
                throw .precondition("lines[\(i)].sku \(line.sku) is not part of transfer \(id)")
            }
            let left = t.lines[l].quantity - t.lines[l].quantityReceived
            if line.quantity > left {
                throw .precondition("lines[\(i)]: receiving \(line.quantity) of sku \(line.sku) but only \(left) of it are still in transit")
            }
            t.lines[l].quantityReceived += line.quantity
            let key = StockKey(locationId: t.toLocationId, sku: line.sku)
            guard var level = draft.level(key, in: self) else {
                throw .precondition("no stock level for sku \(line.sku) at location \(t.toLocationId)")
            }
            let (onHand, overflow) = level.onHand.addingReportingOverflow(Int64(line.quantity))
            if overflow { throw .invalid("sku \(line.sku) at location \(t.toLocationId): on_hand would overflow int64") }
            level.onHand = onHand
            level.incoming = max(0, level.incoming - Int64(line.quantity))
            try draft.putCheckingTotal(level, in: self)
        }
        t.status = t.lines.allSatisfy { $0.quantityReceived >= $0.quantity } ? .received : .partiallyReceived
        t.updatedAt = ctx.now
        return Mutation(changes: arrival(draft, ctx) + [.transferPut(t, requestId: "")], result: t)
    }

    /// CancelTransfer: REQUESTED → CANCELLED, releasing the source's reservation (repeat: no-op).
    public func cancelTransfer(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Transfer> {
        var t = try existingTransfer(id, ctx)
        if t.status == .cancelled { return Mutation(changes: [], result: t) }
        guard t.status == .requested else {
            throw .precondition("transfer \(id) cannot be cancelled: it is \(t.status.protoName)")
        }
        var draft = StockDraft(.transferOut, reference: id, ctx)
        for line in t.lines {
            let key = StockKey(locationId: t.fromLocationId, sku: line.sku)
            guard var level = draft.level(key, in: self) else { continue }
            level.reserved = max(0, level.reserved - Int64(line.quantity))
            draft.put(level, in: self)
        }
        t.status = .cancelled
        t.updatedAt = ctx.now
        return Mutation(changes: draft.changes() + [.transferPut(t, requestId: "")], result: t)
    }

    /// Per level, what open transfers hold: reserved at sources (REQUESTED) and incoming at
    /// destinations (shipped, not yet received), for VerifyInventory.
    func transferHoldings() -> (reserved: [StockKey: Int64], incoming: [StockKey: Int64]) {
        var reserved: [StockKey: Int64] = [:]
        var incoming: [StockKey: Int64] = [:]
        for t in transfers {
            for line in t.lines {
                switch t.status {
                case .requested:
                    reserved[StockKey(locationId: t.fromLocationId, sku: line.sku), default: 0] += Int64(line.quantity)
                case .inTransit, .partiallyReceived:
                    incoming[StockKey(locationId: t.toLocationId, sku: line.sku), default: 0]
                        += Int64(line.quantity - line.quantityReceived)
                default: break
                }
            }
        }
        return (reserved, incoming)
    }
}
