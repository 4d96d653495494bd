// Fulfilment settings: UpsertCarrierService and SetRoutingPolicy (each one journaled change),
// and the checks of the fulfilment fields of a location.

extension StoreState {
    /// UpsertCarrierService: creates or replaces a carrier service.
    public func upsertCarrierService(_ s: CarrierService, _ ctx: RuleContext) throws(DomainError) -> Mutation<CarrierService> {
        try Validate.carrierService(s, limits: ctx.limits)
        if carrierServices[s.carrierServiceId] == s { return Mutation(changes: [], result: s) }
        return Mutation(changes: [.carrierServicePut(s)], result: s)
    }

    /// ListCarrierServices: every carrier service by id.
    public func allCarrierServices() -> [CarrierService] {
        carrierServices.values.sorted { $0.carrierServiceId < $1.carrierServiceId }
    }

    /// SetRoutingPolicy: replaces the routing policy (UNSPECIFIED is stored as DISTANCE).
    public func setRoutingPolicy(_ p: RoutingPolicy, _ ctx: RuleContext) throws(DomainError) -> Mutation<RoutingPolicy> {
        if p.maxLocations < 0 { throw .invalid("max_locations must be >= 0") }
        if p.splitPenaltyMinor < 0 { throw .invalid("split_penalty_minor must be >= 0") }
        var policy = p
        policy.objective = p.effectiveObjective
        if policy == routingPolicy { return Mutation(changes: [], result: policy) }
        return Mutation(changes: [.routingPolicyPut(policy)], result: policy)
    }
}

extension Validate {
    /// Longest transit or handling time accepted, in days.
    static let maxDays: Int32 = 365

    static func fulfilment(_ l: Location) throws(DomainError) {
        if TimeZones.named(l.timeZone) == nil {
            throw .invalid("time_zone \"\(l.timeZone)\" is not an IANA time zone known to this server (e.g. Europe/Berlin)")
        }
        if Cutoff.minutes(l.cutoffLocalTime) == nil {
            throw .invalid("cutoff_local_time must be HH:MM (00:00...23:59), got \"\(l.cutoffLocalTime)\"")
        }
        if l.handlingDays < 0 || l.handlingDays > maxDays { throw .invalid("handling_days must be within 0...\(maxDays)") }
        if l.dailyOrderCapacity < 0 { throw .invalid("daily_order_capacity must be >= 0") }
    }

    static func carrierService(_ s: CarrierService, limits: DomainLimits) throws(DomainError) {
        try id(s.carrierServiceId, "carrier_service_id", limits: limits)
        try id(s.carrier, "carrier", required: false, limits: limits)
        try text(s.name, "name", limits: limits)
        try specified(s.method, "method")
        if s.method == .storePickup { throw .invalid("method STORE_PICKUP travels with no carrier") }
        try currency(s.currency)
        if s.bands.isEmpty { throw .invalid("bands must not be empty") }
        if s.bands.count > 100 { throw .invalid("bands has more than 100 entries") }
        var previous = -Double.infinity
        for (i, b) in s.bands.enumerated() {
            guard b.maxKm.isFinite, b.maxKm > 0 else { throw .invalid("bands[\(i)].max_km must be a finite number > 0") }
            guard b.maxKm > previous else { throw .invalid("bands[\(i)].max_km must be larger than the band before (bands sorted by max_km)") }
            previous = b.maxKm
            if b.transitDays < 0 || b.transitDays > maxDays { throw .invalid("bands[\(i)].transit_days must be within 0...\(maxDays)") }
            // Bounded so that a parcel's cost (base + per unit × an int32 quantity) and an
            // order's sum over 500 parcels stay far inside int64.
            let ceiling: Int64 = 1 << 40
            if b.baseCostMinor < 0 || b.baseCostMinor > ceiling { throw .invalid("bands[\(i)].base_cost_minor must be within 0...\(ceiling)") }
            if b.perUnitCostMinor < 0 || b.perUnitCostMinor > 1 << 20 {
                throw .invalid("bands[\(i)].per_unit_cost_minor must be within 0...\(1 << 20)")
            }
        }
        try text(s.trackingUrlTemplate, "tracking_url_template", limits: limits)
        if !s.trackingUrlTemplate.isEmpty && !s.trackingUrlTemplate.contains("{tracking}") {
            throw .invalid("tracking_url_template must contain {tracking}")
        }
        if s.trackingUrlTemplate.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalid("tracking_url_template contains control characters")
        }
    }
}
