// Backorders and the routing every exception shares. `routeAvailable` is the one place the
// exception transitions call the router: CreateOrder with allow_backorder, re-routing after a
// rejection, releasing an UNFILLABLE hold and filling backorders all route "what can be had now"
// (each sku capped at what the usable locations hold together, rejected sources left out).
// `fillBackorders` runs inside every mutation that brings stock (SetStock, AdjustStock,
// ImportStock, restocking returns, transfer receipts): the waiting orders of the skus that
// arrived are allocated oldest first, in the same atomic mutation. `expireBackorders` cancels
// backordered units whose `backorder_cancel_after` has come, a journaled mutation driven by the
// store's clock like reservation expiry.

extension StoreState {
    /// Allocations for as much of `demand` as the locations can give now, by the routing rules;
    /// `rejected` (location, sku) pairs are never used. Empty when nothing can be had.
    func routeAvailable(
        demand: [Router.Demand], method: ShippingMethod, address: Address?, pickupLocationId: String,
        rejected: [StockKey], draft: StockDraft, _ ctx: RuleContext
    ) throws(DomainError) -> [Allocation] {
        let excluded = Set(rejected)
        let usable = { (location: String, sku: String) -> Int64 in
            let key = StockKey(locationId: location, sku: sku)
            if !excluded.isEmpty && excluded.contains(key) { return 0 }
            return draft.level(key, in: self)?.available ?? 0
        }
        var candidates: [Location] = []
        if method == .storePickup {
            candidates = locations[pickupLocationId].map { [$0] } ?? []
        } else {
            var seen = Set<String>()
            func consider(_ locationId: String, _ sku: String) {
                // A location with nothing usable of this sku is considered only for another one.
                guard usable(locationId, sku) > 0, demand.count == 1 || seen.insert(locationId).inserted,
                      let location = locations[locationId] else { return }
                if method == .sameDay && !(Geo.distanceKm(address, location.address) <= ctx.routing.sameDayRadiusKm) {
                    return
                }
                candidates.append(location)
            }
            for d in demand {
                for level in stock.levels(of: d.sku) { consider(level.locationId, d.sku) }
                // Levels this mutation creates (a first delivery somewhere) count too.
                for locationId in draft.touchedLocations(of: d.sku) where stock[StockKey(locationId: locationId, sku: d.sku)] == nil {
                    consider(locationId, d.sku)
                }
            }
        }
        // Only locations with some usable unit of the demand go to the router: the others are
        // never chosen (it takes a location only for what it gives), and a fill of thousands of
        // waiting orders would otherwise route each over every location holding a level.
        var have = [Int64](repeating: 0, count: demand.count)
        candidates.removeAll { location in
            var any = false
            for (j, d) in demand.enumerated() {
                let units = max(0, usable(location.locationId, d.sku))
                have[j] += units
                any = any || units > 0
            }
            return !any && method != .storePickup
        }
        var capped: [Router.Demand] = []
        for (j, d) in demand.enumerated() {
            let take = min(d.quantity, have[j])
            if take > 0 { capped.append(Router.Demand(sku: d.sku, quantity: take)) }
        }
        if capped.isEmpty {
            // A pickup order still learns why its store cannot serve it.
            if method == .storePickup {
                _ = try Router.plan(demand: [], method: method, address: address, pickupLocationId: pickupLocationId,
                                    locations: candidates, config: ctx.routing) { _, _ in 0 }
            }
            return []
        }
        return try Router.plan(
            demand: capped, method: method, address: address, pickupLocationId: pickupLocationId,
            locations: candidates, config: ctx.routing, wantTrace: false, available: usable
        ).allocations
    }

    /// Re-routes `demand` of `order` (units it has lost or never got) with `draft`'s stock:
    /// reserves what can be had (ALLOCATED, referring to the order), adds it to the order's
    /// allocations, and returns what is left per sku.
    func allocateAvailable(
        _ demand: [Router.Demand], to order: inout Order, draft: inout StockDraft, _ ctx: RuleContext
    ) throws(DomainError) -> [String: Int64] {
        var left = Dictionary(demand.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        let allocations = try routeAvailable(
            demand: demand, method: order.shippingMethod, address: order.shippingAddress,
            pickupLocationId: order.pickupLocationId, rejected: order.exceptions.rejected, draft: draft, ctx)
        guard !allocations.isEmpty else { return left }
        // Checked before anything is reserved, so a refusal leaves the draft as it was.
        for a in allocations {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            guard let level = draft.level(key, in: self), level.available >= Int64(a.quantity) else {
                throw .precondition("not enough stock for sku \(a.sku) at location \(a.locationId)")
            }
        }
        draft.refer(.allocated, to: order.orderId)
        for a in allocations {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            guard var level = draft.level(key, in: self) else { continue }
            level.reserved += Int64(a.quantity)
            draft.put(level, in: self)
            order.addAllocation(a)
            left[a.sku, default: 0] -= Int64(a.quantity)
        }
        return left
    }

    /// Allocates the backordered units waiting on `skus` (the skus whose stock just grew in
    /// `draft`), oldest order first; returns the orders that got units. `skip` is an order the
    /// calling mutation changes itself (it waits for the next arrival).
    func fillBackorders(
        of skus: [String], draft: inout StockDraft, sequence: inout Int64, skip: String = "", _ ctx: RuleContext
    ) -> [StoreChange] {
        var positions: [Int32] = []
        for sku in skus { positions += backorders.waiting(on: sku) }
        guard !positions.isEmpty else { return [] }
        if skus.count > 1 { positions = Array(Set(positions)).sorted() }
        var changes: [StoreChange] = []
        for p in positions {
            var order = orders[Int(p)]
            if order.orderId == skip { continue }
            let demand = order.lines.compactMap { l in
                l.quantityBackordered > 0 ? Router.Demand(sku: l.sku, quantity: Int64(l.quantityBackordered)) : nil
            }
            let before = order.allocations
            // A pickup store that stopped taking pickups cannot fill it: it keeps waiting.
            guard let left = try? allocateAvailable(demand, to: &order, draft: &draft, ctx),
                  order.allocations != before else { continue }
            var filled: [String] = []
            for k in order.lines.indices where order.lines[k].quantityBackordered > 0 {
                let remaining = Int32(clamping: max(0, left[order.lines[k].sku] ?? 0))
                let got = order.lines[k].quantityBackordered - remaining
                if got > 0 { filled.append("\(order.lines[k].sku)×\(got)") }
                order.lines[k].quantityBackordered = remaining
            }
            order.touch(newStatus: order.derivedStatus(allShipmentsDelivered: false),
                        message: "backordered units allocated: \(filled.joined(separator: ", "))",
                        at: ctx.now, sequence: &sequence, always: true)
            changes.append(.orderPut(order, requestId: ""))
        }
        return changes
    }

    /// The changes of a stock arrival in `draft` followed by the backorder fills it allows.
    func arrival(_ draft: StockDraft, requestId: String = "", fingerprint: UInt64 = 0, _ ctx: RuleContext) -> [StoreChange] {
        var draft = draft
        var sequence = lastSequence
        let fills = fillBackorders(of: draft.touchedSkus, draft: &draft, sequence: &sequence, ctx)
        return draft.changes(requestId: requestId, fingerprint: fingerprint) + fills
    }

    /// When the next waiting order's backorder deadline comes (nil: none waits with one).
    public var nextBackorderExpiry: Timestamp? { backorders.expiries.top?.at }

    /// Expiry: the backordered units of every order whose `backorder_cancel_after` is at or
    /// before now are cancelled (at most `limit` orders in one mutation; the caller repeats).
    public func expireBackorders(_ ctx: RuleContext, limit: Int = 1000) -> Mutation<[Order]> {
        var seen = Set<Int32>()
        var sequence = lastSequence
        var changed: [Order] = []
        let due = backorders.expiries.due(at: ctx.now, limit: limit) { e in
            BackorderBook.deadline(orders[Int(e.position)]) == e.at
        }
        for entry in due.sorted(by: { $0.position < $1.position }) where seen.insert(entry.position).inserted {
            var order = orders[Int(entry.position)]
            var what: [String] = []
            for k in order.lines.indices where order.lines[k].quantityBackordered > 0 {
                what.append("\(order.lines[k].sku)×\(order.lines[k].quantityBackordered)")
                order.lines[k].quantityCancelled += order.lines[k].quantityBackordered
                order.lines[k].quantityBackordered = 0
            }
            order.recomputeTotal()
            let next = order.derivedStatus(allShipmentsDelivered: allShipmentsDelivered(order))
            if next == .cancelled { order.clearHolds() }
            order.touch(newStatus: next,
                        message: "backordered units not filled by backorder_cancel_after: cancelled \(what.joined(separator: ", "))",
                        at: ctx.now, sequence: &sequence, always: true)
            changed.append(order)
        }
        return Mutation(changes: changed.map { .orderPut($0, requestId: "") }, result: changed)
    }

    /// Whether every shipment of `order` is delivered (and it has one).
    func allShipmentsDelivered(_ order: Order) -> Bool {
        !order.shipmentIds.isEmpty && order.shipmentIds.allSatisfy { shipment($0)?.status == .delivered }
    }

    /// Drops stale entries from the top of the backorder deadlines, so the top is the next real one.
    mutating func dropStaleBackorderExpiries() {
        while let top = backorders.expiries.top {
            if BackorderBook.deadline(orders[Int(top.position)]) == top.at { break }
            backorders.expiries.popTop()
        }
    }
}

extension Order {
    /// Adds `a`'s units to the allocation of the same (location, sku) that has not shipped
    /// everything, or appends it.
    mutating func addAllocation(_ a: Allocation) {
        if let k = allocations.firstIndex(where: { $0.locationId == a.locationId && $0.sku == a.sku }) {
            allocations[k].quantity += a.quantity
        } else {
            allocations.append(Allocation(locationId: a.locationId, sku: a.sku, quantity: a.quantity))
        }
    }

    /// Takes `quantity` open units of `sku` at `locationId` off the allocations (newest first);
    /// allocations left with nothing are dropped.
    mutating func removeOpen(sku: String, at locationId: String, quantity: Int32) {
        var left = quantity
        for k in allocations.indices.reversed() where left > 0 {
            guard allocations[k].sku == sku, allocations[k].locationId == locationId else { continue }
            let take = min(allocations[k].open, left)
            allocations[k].quantity -= take
            left -= take
        }
        allocations.removeAll { $0.quantity == 0 }
    }

    /// Open (allocated, unshipped) units of `sku` at `locationId`.
    func openUnits(sku: String, at locationId: String) -> Int32 {
        allocations.reduce(0) { $0 + ($1.sku == sku && $1.locationId == locationId ? $1.open : 0) }
    }

    /// Units of line `k` neither cancelled, shipped-or-allocated, nor backordered: what a
    /// rejection left that no location could fill (the UNFILLABLE hold's units).
    func unallocated(line k: Int) -> Int32 {
        let l = lines[k]
        let allocated = allocations.reduce(Int32(0)) { $0 + ($1.sku == l.sku ? $1.quantity : 0) }
        return max(0, l.quantityCounted - l.quantityBackordered - allocated)
    }

    /// total_minor after cancellations: Σ (quantity − quantity_cancelled) × unit price.
    mutating func recomputeTotal() {
        totalMinor = lines.reduce(Int64(0)) { $0 &+ Int64($1.quantityCounted) &* $1.unitPriceMinor }
    }

    /// Drops every hold (a cancelled order is no one's work any more).
    mutating func clearHolds() {
        var x = exceptions
        x.holds = []
        exceptions = x
    }
}
