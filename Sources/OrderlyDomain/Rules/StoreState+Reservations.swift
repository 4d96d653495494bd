// Cart reservation transitions. ReserveStock routes and reserves like CreateOrder (RESERVED
// movements); ExtendReservation moves the expiry; ReleaseReservation and expiry give the units
// back (RESERVATION_ENDED); CreateOrder with a reservation_id converts it (the order takes its
// allocations, so reserved does not change: the ledger records RESERVATION_ENDED −q and
// ALLOCATED +q at each level, which nets to zero). Expiry is a transition like any other, so it
// is journaled and a replay rebuilds it.

extension StoreState {
    /// The reservation with `id`, if any.
    public func reservation(_ id: String) -> Reservation? {
        reservationIndex[id].map { reservations[Int($0)] }
    }

    /// When the next ACTIVE reservation expires (nil: none is active).
    public var nextReservationExpiry: Timestamp? { expiries.top?.at }

    /// ReserveStock: every line routed and reserved, or nothing changes.
    public func reserveStock(_ c: ReserveStockCommand, _ ctx: RuleContext) throws(DomainError) -> Mutation<Reservation> {
        let ttl = try ReservationTTL.seconds(c.ttlSeconds)
        let routing = c.routingCommand
        _ = try Validate.createOrder(routing, limits: ctx.limits)
        try Validate.id(c.requestId, "request_id", required: false, limits: ctx.limits)
        try Validate.id(c.channelId, "channel_id", required: false, limits: ctx.limits)
        if !c.requestId.isEmpty, let i = reservationRequests[c.requestId] {
            let earlier = reservations[Int(i)]
            if earlier.requestFingerprint != c.fingerprint { throw .keyReused("request_id \(c.requestId)") }
            return Mutation(changes: [], result: earlier)
        }
        if !c.channelId.isEmpty {
            throw .notFound("channel \(c.channelId) does not exist (channels are not configurable in this release)")
        }
        let plan = try route(routing, ctx, trace: false)
        let id = Ids.make("r", reservations.count + 1)
        var draft = StockDraft(.reserved, reference: id, ctx)
        for a in plan.allocations {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            guard var level = draft.level(key, in: self), level.available >= Int64(a.quantity) else {
                throw .precondition("not enough stock for sku \(a.sku) at location \(a.locationId)")
            }
            level.reserved += Int64(a.quantity)
            draft.put(level, in: self)
        }
        let reservation = Reservation(
            reservationId: id, lines: c.lines, allocations: plan.allocations,
            expiresAt: ctx.now.adding(seconds: ttl), status: .active, createdAt: ctx.now, updatedAt: ctx.now,
            owner: ctx.actor, requestFingerprint: c.fingerprint)
        return Mutation(changes: draft.changes() + [.reservationPut(reservation, requestId: c.requestId)],
                        result: reservation)
    }

    /// The reservation `id` as the caller may see it: a channel role sees only its own (another
    /// channel's answers NOT_FOUND, as an unknown id does).
    func visibleReservation(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Reservation {
        try Validate.id(id, "reservation_id", limits: ctx.limits)
        guard let r = reservation(id), !ctx.actor.hasPrefix("channel:") || r.owner == ctx.actor else {
            throw .notFound("reservation \(id) does not exist")
        }
        return r
    }

    /// GetReservation.
    public func getReservation(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Reservation {
        try visibleReservation(id, ctx)
    }

    /// An ACTIVE reservation whose time has not run out, or FAILED_PRECONDITION saying why not.
    private func usableReservation(_ id: String, _ ctx: RuleContext, to action: String) throws(DomainError) -> Reservation {
        let r = try visibleReservation(id, ctx)
        guard r.status == .active else {
            throw .precondition("reservation \(id) cannot \(action): it is \(r.status.protoName)")
        }
        guard ctx.now < r.expiresAt else {
            throw .precondition("reservation \(id) cannot \(action): it expired at \(r.expiresAt.seconds) (unix seconds)")
        }
        return r
    }

    /// ExtendReservation: an ACTIVE reservation now expires `ttl_seconds` from now.
    public func extendReservation(_ id: String, ttlSeconds: Int32, _ ctx: RuleContext) throws(DomainError) -> Mutation<Reservation> {
        let ttl = try ReservationTTL.seconds(ttlSeconds)
        var r = try usableReservation(id, ctx, to: "be extended")
        r.expiresAt = ctx.now.adding(seconds: ttl)
        r.updatedAt = ctx.now
        return Mutation(changes: [.reservationPut(r, requestId: "")], result: r)
    }

    /// ReleaseReservation: ACTIVE → RELEASED, the units go back (repeat: unchanged).
    public func releaseReservation(_ id: String, _ ctx: RuleContext) throws(DomainError) -> Mutation<Reservation> {
        let current = try visibleReservation(id, ctx)
        if current.status == .released { return Mutation(changes: [], result: current) }
        let r = try usableReservation(id, ctx, to: "be released")
        var draft = StockDraft(.reservationEnded, reference: id, ctx)
        let ended = end(r, as: .released, draft: &draft, ctx)
        return Mutation(changes: draft.changes() + [.reservationPut(ended, requestId: "")], result: ended)
    }

    /// Expiry: every ACTIVE reservation whose `expires_at` is at or before now becomes EXPIRED and
    /// its units go back, at most `limit` in one mutation (the caller repeats while any are due).
    public func expireReservations(_ ctx: RuleContext, limit: Int = 1000) -> Mutation<[Reservation]> {
        var seen = Set<Int32>()
        var draft = StockDraft(.reservationEnded, ctx)
        var changes: [StoreChange] = []
        var expired: [Reservation] = []
        let due = expiries.due(at: ctx.now, limit: limit) { e in
            let r = reservations[Int(e.position)]
            return r.status == .active && r.expiresAt == e.at
        }
        for entry in due where seen.insert(entry.position).inserted {
            let r = reservations[Int(entry.position)]
            draft.refer(to: r.reservationId)
            let ended = end(r, as: .expired, draft: &draft, ctx)
            changes.append(.reservationPut(ended, requestId: ""))
            expired.append(ended)
        }
        return Mutation(changes: expired.isEmpty ? [] : draft.changes() + changes, result: expired)
    }

    /// `r` with its units given back in `draft` and its status set to `status`.
    private func end(_ r: Reservation, as status: ReservationStatus, draft: inout StockDraft, _ ctx: RuleContext) -> Reservation {
        for a in r.allocations where a.quantity > 0 {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            guard var level = draft.level(key, in: self) else { continue }
            level.reserved = max(0, level.reserved - Int64(a.quantity))
            draft.put(level, in: self)
        }
        var ended = r
        ended.status = status
        ended.updatedAt = ctx.now
        return ended
    }

    /// CreateOrder's conversion of `c.reservationId`: the reservation must be usable and its
    /// lines (sku and quantity) must equal the order's. Returns the allocations the order takes,
    /// the changes that end the reservation (ledger moves and the CONVERTED reservation).
    func convertReservation(
        for c: CreateOrderCommand, orderId: String, _ ctx: RuleContext
    ) throws(DomainError) -> (allocations: [Allocation], changes: [StoreChange]) {
        var r = try usableReservation(c.reservationId, ctx, to: "be converted")
        let held = Dictionary(r.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        let wanted = Dictionary(c.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        if held != wanted {
            let describe = { (d: [String: Int32]) in d.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ") }
            throw .precondition(
                "lines do not match reservation \(r.reservationId): it holds \(describe(held)), the order asks for \(describe(wanted))")
        }
        if c.shippingMethod == .storePickup, let away = r.allocations.first(where: { $0.locationId != c.pickupLocationId }) {
            throw .precondition(
                "reservation \(r.reservationId) holds sku \(away.sku) at \(away.locationId), not at pickup location \(c.pickupLocationId)")
        }
        var ended = StockDraft(.reservationEnded, reference: r.reservationId, ctx)
        var allocated = StockDraft(.allocated, reference: orderId, ctx)
        for a in r.allocations where a.quantity > 0 {
            let key = StockKey(locationId: a.locationId, sku: a.sku)
            ended.record(key, StockBuckets(reserved: -Int64(a.quantity)))
            allocated.record(key, StockBuckets(reserved: Int64(a.quantity)))
        }
        r.status = .converted
        r.orderId = orderId
        r.updatedAt = ctx.now
        return (r.allocations.map { Allocation(locationId: $0.locationId, sku: $0.sku, quantity: $0.quantity) },
                ended.changes() + allocated.changes() + [.reservationPut(r, requestId: "")])
    }

    /// Per level, the units ACTIVE reservations hold (for VerifyInventory).
    func reservationHoldings() -> [StockKey: Int64] {
        var held: [StockKey: Int64] = [:]
        for r in reservations where r.status == .active {
            for a in r.allocations {
                held[StockKey(locationId: a.locationId, sku: a.sku), default: 0] += Int64(a.quantity)
            }
        }
        return held
    }

    mutating func putReservation(_ reservation: Reservation, requestId: String) {
        let position = reservations.upsert(reservation, id: reservation.reservationId, index: &reservationIndex)
        if !requestId.isEmpty { reservationRequests[requestId] = position }
        if reservation.status == .active { expiries.push(.init(at: reservation.expiresAt, position: position)) }
        while let top = expiries.top {
            let r = reservations[Int(top.position)]
            if r.status == .active && r.expiresAt == top.at { break }
            expiries.popTop()
        }
    }
}

extension ReserveStockCommand {
    /// The routing inputs as a CreateOrder command (the channel and currency are placeholders
    /// routing does not read); an unset method is STANDARD, or STORE_PICKUP with a pickup location.
    var routingCommand: CreateOrderCommand {
        let method: ShippingMethod = shippingMethod != .unspecified
            ? shippingMethod : (pickupLocationId.isEmpty ? .standard : .storePickup)
        return CreateOrderCommand(
            channel: .web, lines: lines, currency: "USD", shippingAddress: shippingAddress,
            shippingMethod: method, pickupLocationId: pickupLocationId)
    }
}
