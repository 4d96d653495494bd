// Policy-aware routing for CreateOrder, PlanRouting and ReserveStock: which locations may
// serve (same-day radius, daily capacity, carrier bands), the objective of the routing policy
// (DISTANCE through `Router.plan`, round 1's rules; COST / SPEED through `PolicyRouter`), the
// parcel cap, and the delivery promise of the result.

extension StoreState {
    /// Routes `c` under the store's routing policy; the plan carries its promise.
    func route(_ c: CreateOrderCommand, _ ctx: RuleContext, trace wantTrace: Bool) throws(DomainError) -> RoutingPlan {
        let demand = c.lines.map { Router.Demand(sku: $0.sku, quantity: Int64($0.quantity)) }
        let available = { (location: String, sku: String) -> Int64 in
            stock[StockKey(locationId: location, sku: sku)]?.available ?? 0
        }
        if c.shippingMethod == .storePickup {
            let candidates = locations[c.pickupLocationId].map { [$0] } ?? []
            return try Router.plan(
                demand: demand, method: c.shippingMethod, address: c.shippingAddress,
                pickupLocationId: c.pickupLocationId, locations: candidates, config: ctx.routing,
                wantTrace: wantTrace, available: available)
        }
        var seen = Set<String>()
        var found: [Location] = []
        for d in demand {
            for level in stock.levels(of: d.sku) where demand.count == 1 || seen.insert(level.locationId).inserted {
                if let location = locations[level.locationId] { found.append(location) }
            }
        }
        let policy = routingPolicy
        let services = carrierServices(for: c.shippingMethod, currency: c.currency)
        var trace: [String] = []
        var open: [Location] = []
        var sites: [String: RoutingSite] = [:]
        for location in found {
            let distance = Geo.distanceKm(c.shippingAddress, location.address)
            let cutoff = cutoffs[location.locationId] ?? location.cutoff
            if location.dailyOrderCapacity > 0,
               let day = capacity[location.locationId], day.day == cutoff.localDay(ctx.now),
               day.orders >= Int64(location.dailyOrderCapacity) {
                if wantTrace {
                    trace.append("\(location.locationId) (\(Geo.format(distance))): at capacity (\(day.orders) of \(location.dailyOrderCapacity) orders today) — passed over")
                }
                continue
            }
            guard let site = site(location, demand, c.shippingAddress, services, ctx, available: available) else {
                if wantTrace {
                    trace.append("\(location.locationId) (\(Geo.format(distance))): beyond every \(c.shippingMethod.protoName) carrier band — passed over")
                }
                continue
            }
            open.append(location)
            sites[location.locationId] = site
        }
        let speed = policy.effectiveObjective == .speed
        var plan: RoutingPlan
        if policy.effectiveObjective == .distance {
            plan = try Router.plan(
                demand: demand, method: c.shippingMethod, address: c.shippingAddress,
                pickupLocationId: c.pickupLocationId, locations: open, config: ctx.routing,
                wantTrace: wantTrace, available: available)
            let parcels = Set(plan.allocations.map(\.locationId)).count
            if policy.maxLocations > 0 && parcels > Int(policy.maxLocations) {
                throw .precondition("the order needs \(parcels) locations, more than max_locations \(policy.maxLocations) of the routing policy")
            }
        } else {
            plan = try policyPlan(demand, c, open.compactMap { sites[$0.locationId] }, policy, ctx, wantTrace: wantTrace)
        }
        plan.promise = Self.promise(for: plan.allocations, sites: sites, speed: speed)
        if wantTrace {
            plan.trace = trace + plan.trace.map { line in Self.annotate(line, sites: sites, plan: plan, speed: speed) }
        }
        return plan
    }

    /// `location` as routing sees it for this request; nil when carrier services of the method
    /// exist but none has a band reaching the address.
    func site(
        _ location: Location, _ demand: [Router.Demand], _ address: Address?, _ services: [CarrierService],
        _ ctx: RuleContext, available: (String, String) -> Int64
    ) -> RoutingSite? {
        let distance = Geo.distanceKm(address, location.address)
        let cutoff = cutoffs[location.locationId] ?? location.cutoff
        let shipBy = cutoff.shipBy(now: ctx.now, handlingDays: location.handlingDays)
        var options: [RoutingSite.Option] = []
        for s in services {
            guard let band = s.band(forKm: distance) else { continue }
            options.append(RoutingSite.Option(
                serviceId: s.carrierServiceId, band: band, deliverBy: cutoff.adding(days: band.transitDays, to: shipBy)))
        }
        if !services.isEmpty && options.isEmpty { return nil }
        return RoutingSite(
            locationId: location.locationId, distance: distance,
            has: demand.map { min($0.quantity, max(0, available(location.locationId, $0.sku))) },
            shipBy: shipBy, options: options)
    }

    /// The promise of allocations made elsewhere (a converted reservation), promised now.
    func promise(for allocations: [Allocation], _ c: CreateOrderCommand, _ ctx: RuleContext) -> DeliveryPromise? {
        guard c.shippingMethod != .storePickup else { return nil }
        let services = carrierServices(for: c.shippingMethod, currency: c.currency)
        var sites: [String: RoutingSite] = [:]
        for a in allocations where sites[a.locationId] == nil {
            guard let location = locations[a.locationId] else { continue }
            sites[a.locationId] = site(location, [], c.shippingAddress, services, ctx) { _, _ in 0 }
        }
        return Self.promise(for: allocations, sites: sites, speed: routingPolicy.effectiveObjective == .speed)
    }

    /// Carrier services of `method`, in `currency` when one is given, by id.
    func carrierServices(for method: ShippingMethod, currency: String) -> [CarrierService] {
        carrierServicesByMethod[method]?.filter { currency.isEmpty || $0.currency == currency } ?? []
    }

    /// COST / SPEED routing over the open sites.
    private func policyPlan(
        _ demand: [Router.Demand], _ c: CreateOrderCommand, _ candidates: [RoutingSite], _ policy: RoutingPolicy,
        _ ctx: RuleContext, wantTrace: Bool
    ) throws(DomainError) -> RoutingPlan {
        var sites = candidates
        if c.shippingMethod == .sameDay {
            let radius = ctx.routing.sameDayRadiusKm
            sites.removeAll { !($0.distance <= radius) }
        }
        sites.sort { ($0.distance, $0.locationId) < ($1.distance, $1.locationId) }
        for (j, d) in demand.enumerated() {
            let total = sites.reduce(Int64(0)) { $0 + $1.has[j] }
            if total < d.quantity {
                let scope = c.shippingMethod == .sameDay ? " within \(Geo.format(ctx.routing.sameDayRadiusKm))" : ""
                throw .precondition("not enough stock for sku \(d.sku): requested \(d.quantity), available \(total)\(scope)")
            }
        }
        let problem = RoutingProblem(
            demand: demand.map(\.quantity), sites: sites, objective: policy.effectiveObjective,
            maxLocations: Int(policy.maxLocations), splitPenaltyMinor: policy.splitPenaltyMinor)
        guard let choice = PolicyRouter.solve(problem) else {
            throw .precondition("the order cannot be filled from at most \(policy.maxLocations) locations (max_locations of the routing policy)")
        }
        var allocations: [Allocation] = []
        for (k, i) in choice.score.sites.enumerated() {
            for (j, d) in demand.enumerated() where choice.gives[k][j] > 0 {
                allocations.append(Allocation(locationId: sites[i].locationId, sku: d.sku, quantity: Int32(clamping: choice.gives[k][j])))
            }
        }
        var trace: [String] = []
        if wantTrace {
            let what = policy.effectiveObjective == .cost ? "lowest-cost" : "fastest"
            let how = choice.exact ? "exact search" : "heuristic search"
            let chosen = Set(choice.score.sites)
            for (i, s) in sites.enumerated() {
                let label = "\(s.locationId) (\(Geo.format(s.distance)))"
                if let k = choice.score.sites.firstIndex(of: i), chosen.contains(i) {
                    let gives = demand.indices.filter { choice.gives[k][$0] > 0 }
                        .map { "\(demand[$0].sku)×\(choice.gives[k][$0])" }.joined(separator: ", ")
                    trace.append("\(label): part of the \(what) \(choice.score.sites.count)-location allocation (\(how)), gives \(gives) — chosen")
                } else if !s.has.contains(where: { $0 > 0 }) {
                    trace.append("\(label): no usable stock of any ordered sku — passed over")
                } else {
                    trace.append("\(label): not in the \(what) allocation — passed over")
                }
            }
        }
        return RoutingPlan(allocations: allocations, trace: trace)
    }

    /// The promise of `allocations`: one parcel per location, in allocation order; nil when no
    /// parcel has a carrier service.
    static func promise(for allocations: [Allocation], sites: [String: RoutingSite], speed: Bool) -> DeliveryPromise? {
        var parcels: [ParcelPromise] = []
        var units: [Int64] = []
        for a in allocations {
            if let k = parcels.firstIndex(where: { $0.locationId == a.locationId }) {
                units[k] += Int64(a.quantity)
            } else {
                parcels.append(ParcelPromise(locationId: a.locationId, carrierServiceId: "", shippingCostMinor: 0,
                                             shipBy: .zero, deliverBy: .zero))
                units.append(Int64(a.quantity))
            }
        }
        var any = false
        for k in parcels.indices {
            guard let site = sites[parcels[k].locationId] else { continue }
            parcels[k].shipBy = site.shipBy
            if let o = site.option(units: units[k], speed: speed) {
                any = true
                parcels[k].carrierServiceId = o.serviceId
                parcels[k].shippingCostMinor = o.band.cost(units: units[k])
                parcels[k].deliverBy = o.deliverBy
            }
        }
        return any ? DeliveryPromise(parcels: parcels) : nil
    }

    /// A trace line with its location's parcel cost and delivery date (for the units it gives
    /// in the plan, or could give when passed over).
    static func annotate(_ line: String, sites: [String: RoutingSite], plan: RoutingPlan, speed: Bool) -> String {
        // Trace lines start with the location id and a space.
        guard let space = line.utf8.firstIndex(of: 0x20), let site = sites[String(line[..<space])] else { return line }
        var planned: Int64 = 0
        for a in plan.allocations where a.locationId == site.locationId { planned += Int64(a.quantity) }
        let units = planned > 0 ? planned : site.has.reduce(0, +)
        guard units > 0 else { return line }
        let note: String
        if let o = site.option(units: units, speed: speed) {
            note = " [parcel of \(units) via \(o.serviceId): cost \(o.band.cost(units: units)), ship by \(Self.format(site.shipBy)), deliver by \(Self.format(o.deliverBy))]"
        } else {
            note = " [parcel of \(units): no carrier service, ship by \(Self.format(site.shipBy))]"
        }
        // Before the verdict (" — chosen" / " — passed over") that ends the line.
        let dash = Array(" — ".utf8)
        let bytes = line.utf8
        var i = bytes.endIndex
        while i > bytes.startIndex {
            i = bytes.index(before: i)
            if bytes[i...].starts(with: dash) { return String(line[..<i]) + note + String(line[i...]) }
        }
        return line + note
    }

    /// "2026-12-05T15:00Z".
    static func format(_ t: Timestamp) -> String {
        let s = t.seconds
        let (y, m, d) = CivilDate.fromDays(CivilDate.floorDiv(s, 86_400))
        let sec = s - CivilDate.floorDiv(s, 86_400) * 86_400
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(Int64(m)))-\(two(Int64(d)))T\(two(sec / 3600)):\(two(sec / 60 % 60))Z"
    }
}
