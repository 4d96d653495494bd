// Inventory transitions: UpsertLocation, SetStock, AdjustStock (idempotent by request_id) and
// ImportStock (each row on its own: good rows applied, bad rows counted and described).

/// ImportStock result.
public struct ImportStockResult: Hashable, Sendable {
    /// Rows applied.
    public var accepted: Int64 = 0
    /// Rows refused.
    public var rejected: Int64 = 0
    /// One line per refused row (the first 100).
    public var errors: [String] = []
}

extension StoreState {
    /// UpsertLocation: creates or replaces a location.
    public func upsertLocation(_ location: Location, _ ctx: RuleContext) throws(DomainError) -> Mutation<Location> {
        try Validate.location(location, limits: ctx.limits)
        if locations[location.locationId] == location { return Mutation(changes: [], result: location) }
        return Mutation(changes: [.locationPut(location)], result: location)
    }

    private func setLevel(_ c: SetStockCommand, draft: inout StockDraft, _ ctx: RuleContext) throws(DomainError) -> StockLevel {
        try Validate.id(c.locationId, "location_id", limits: ctx.limits)
        try Validate.id(c.sku, "sku", limits: ctx.limits)
        if c.onHand < 0 { throw .invalid("on_hand must be >= 0") }
        if c.safetyStock < 0 { throw .invalid("safety_stock must be >= 0") }
        guard locations[c.locationId] != nil else { throw .notFound("location \(c.locationId) does not exist") }
        let key = StockKey(locationId: c.locationId, sku: c.sku)
        var level = draft.level(key, in: self) ?? StockLevel(locationId: c.locationId, sku: c.sku)
        if c.onHand < level.reserved {
            throw .precondition(
                "on_hand \(c.onHand) for sku \(c.sku) at location \(c.locationId) is below the \(level.reserved) units reserved there")
        }
        level.onHand = c.onHand
        level.safetyStock = c.safetyStock
        try draft.putCheckingTotal(level, in: self)
        return draft.level(key, in: self) ?? level
    }

    /// SetStock: absolute on_hand and safety stock.
    public func setStock(_ c: SetStockCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<StockLevel> {
        var draft = StockDraft(.setStock, ctx)
        let level = try setLevel(c, draft: &draft, ctx)
        return Mutation(changes: arrival(draft, ctx), result: level)
    }

    /// AdjustStock: a relative change that never takes on_hand below 0 or below reserved.
    public func adjustStock(_ c: AdjustStockCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<StockLevel> {
        try Validate.id(c.locationId, "location_id", limits: ctx.limits)
        try Validate.id(c.sku, "sku", limits: ctx.limits)
        try Validate.id(c.requestId, "request_id", required: false, limits: ctx.limits)
        try Validate.text(c.reason, "reason", limits: ctx.limits)
        if !c.requestId.isEmpty, let earlier = adjustRequests[c.requestId] {
            let key = earlier.key
            // Data from before fingerprints: compare what is left of the payload, the level.
            let same = earlier.fingerprint == 0
                ? key == StockKey(locationId: c.locationId, sku: c.sku) : earlier.fingerprint == c.fingerprint
            guard same else { throw .keyReused("request_id \(c.requestId)") }
            return Mutation(changes: [], result: stock[key] ?? StockLevel(locationId: key.locationId, sku: key.sku))
        }
        guard locations[c.locationId] != nil else { throw .notFound("location \(c.locationId) does not exist") }
        let key = StockKey(locationId: c.locationId, sku: c.sku)
        var level = stock[key] ?? StockLevel(locationId: c.locationId, sku: c.sku)
        let (next, overflow) = level.onHand.addingReportingOverflow(c.delta)
        if overflow { throw .invalid("delta \(c.delta) overflows on_hand") }
        if next < 0 {
            throw .precondition("adjusting sku \(c.sku) at location \(c.locationId) by \(c.delta) would take on_hand below 0 (on_hand \(level.onHand))")
        }
        if next < level.reserved {
            throw .precondition(
                "adjusting sku \(c.sku) at location \(c.locationId) by \(c.delta) would take on_hand below the \(level.reserved) units reserved")
        }
        level.onHand = next
        var draft = StockDraft(.adjustment, reference: c.requestId, note: c.reason, ctx)
        try draft.putCheckingTotal(level, in: self)
        let result = draft.level(key, in: self) ?? level
        return Mutation(changes: arrival(draft, requestId: c.requestId, fingerprint: c.fingerprint, ctx), result: result)
    }

    /// ImportStock: applies good rows, counts and describes bad ones.
    public func importStock(_ rows: [SetStockCommand], _ ctx: RuleContext) -> Mutation<ImportStockResult> {
        var draft = StockDraft(.import, ctx)
        var result = ImportStockResult()
        for (i, row) in rows.enumerated() {
            do {
                _ = try setLevel(row, draft: &draft, ctx)
                result.accepted += 1
            } catch {
                result.rejected += 1
                if result.errors.count < 100 { result.errors.append("row \(i + 1): \(error.message)") }
            }
        }
        return Mutation(changes: arrival(draft, ctx), result: result)
    }
}
