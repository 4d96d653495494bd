// Automated order routing as a pure function of the demand, the locations and their available
// stock. Rules (API.md): STORE_PICKUP from the named pickup store; else the nearest single
// location that fills everything; else the fewest locations (exact search while small, greedy
// when large), among equally few the nearest (smallest total distance), each giving as much as it
// can nearest first. SAME_DAY only considers locations within the configured radius.

/// Tuning knobs for routing.
public struct RoutingConfig: Hashable, Sendable {
    /// SAME_DAY orders only use locations this close to the address (kilometres).
    public var sameDayRadiusKm: Double = 50
    /// Exact minimal-set search runs only while the work (sets × set size × skus) stays under this.
    public var exactSearchBudget: Int = 2_000_000

    /// The defaults.
    public init() {}
}

/// What routing decided: the allocations and one trace line per location considered.
public struct RoutingPlan: Hashable, Sendable {
    /// Units per (location, sku), nearest location first.
    public var allocations: [Allocation]
    /// Why each location was chosen or passed over (empty unless a trace was asked for).
    public var trace: [String]
    /// Ship-by, deliver-by and cost per parcel (nil when no parcel has a carrier service).
    public var promise: DeliveryPromise?

    /// Creates a plan.
    public init(allocations: [Allocation], trace: [String]) {
        self.allocations = allocations
        self.trace = trace
    }
}

/// The routing rules.
public enum Router {
    /// One unit of demand: a sku and how many.
    public struct Demand: Hashable, Sendable {
        /// The product.
        public var sku: String
        /// Units needed (> 0).
        public var quantity: Int64

        /// Creates a demand.
        public init(sku: String, quantity: Int64) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    private struct Candidate {
        var location: Location
        var distance: Double
        /// Usable units per demand index, capped at the demand.
        var has: [Int64]
        var label: String { "\(location.locationId) (\(Geo.format(distance)))" }
    }

    /// Plans where `demand` comes from.
    /// - Parameter available: usable units of a sku at a location (its `available`).
    public static func plan(
        demand: [Demand], method: ShippingMethod, address: Address?, pickupLocationId: String,
        locations: [Location], config: RoutingConfig = RoutingConfig(), wantTrace: Bool = false,
        available: (_ locationId: String, _ sku: String) -> Int64
    ) throws(DomainError) -> RoutingPlan {
        if method == .storePickup {
            return try pickup(demand: demand, locationId: pickupLocationId, locations: locations,
                              available: available)
        }
        var trace: [String] = []
        var candidates: [Candidate] = []
        for location in locations {
            let distance = Geo.distanceKm(address, location.address)
            let has = demand.map { min($0.quantity, max(0, available(location.locationId, $0.sku))) }
            candidates.append(Candidate(location: location, distance: distance, has: has))
        }
        candidates.sort { ($0.distance, $0.location.locationId) < ($1.distance, $1.location.locationId) }
        if method == .sameDay {
            let radius = config.sameDayRadiusKm
            if wantTrace {
                for c in candidates where !(c.distance <= radius) {
                    trace.append("\(c.label): beyond the same-day radius of \(Geo.format(radius)) — passed over")
                }
            }
            candidates.removeAll { !($0.distance <= radius) }
        }

        if let single = candidates.firstIndex(where: { c in zip(c.has, demand).allSatisfy { $0 == $1.quantity } }) {
            if wantTrace {
                for (i, c) in candidates.enumerated() {
                    if i < single {
                        trace.append("\(c.label): \(shortfall(c, demand)) — passed over")
                    } else if i == single {
                        trace.append("\(c.label): nearest location that fills every line — chosen")
                    } else {
                        trace.append("\(c.label): farther than \(candidates[single].location.locationId) — passed over")
                    }
                }
            }
            let allocations = demand.map {
                Allocation(locationId: candidates[single].location.locationId, sku: $0.sku, quantity: Int32(clamping: $0.quantity))
            }
            return RoutingPlan(allocations: allocations, trace: trace)
        }

        for (j, d) in demand.enumerated() {
            let total = candidates.reduce(Int64(0)) { $0 + $1.has[j] }
            if total < d.quantity {
                let all = candidates.reduce(Int64(0)) { $0 + max(0, available($1.location.locationId, d.sku)) }
                let scope = method == .sameDay ? " within \(Geo.format(config.sameDayRadiusKm))" : ""
                throw .precondition(
                    "not enough stock for sku \(d.sku): requested \(d.quantity), available \(all)\(scope)")
            }
        }

        let useful = candidates.indices.filter { candidates[$0].has.contains { $0 > 0 } }
        let chosen = exactCover(useful, candidates, demand, budget: config.exactSearchBudget)
            ?? greedyCover(useful, candidates, demand)
        let chosenSet = Set(chosen)

        var remaining = demand.map(\.quantity)
        var allocations: [Allocation] = []
        var gives: [Int: [String]] = [:]
        for i in chosen.sorted() {
            for (j, d) in demand.enumerated() where remaining[j] > 0 {
                let take = min(candidates[i].has[j], remaining[j])
                guard take > 0 else { continue }
                remaining[j] -= take
                allocations.append(Allocation(
                    locationId: candidates[i].location.locationId, sku: d.sku, quantity: Int32(clamping: take)))
                gives[i, default: []].append("\(d.sku)×\(take)")
            }
        }
        if wantTrace {
            for (i, c) in candidates.enumerated() {
                if chosenSet.contains(i) {
                    let what = gives[i, default: []].joined(separator: ", ")
                    trace.append("\(c.label): part of the nearest \(chosen.count)-location split, gives \(what) — chosen")
                } else if !c.has.contains(where: { $0 > 0 }) {
                    trace.append("\(c.label): no usable stock of any ordered sku — passed over")
                } else {
                    trace.append("\(c.label): \(shortfall(c, demand)); not needed in the nearest \(chosen.count)-location split — passed over")
                }
            }
        }
        return RoutingPlan(allocations: allocations, trace: trace)
    }

    private static func pickup(
        demand: [Demand], locationId: String, locations: [Location],
        available: (String, String) -> Int64
    ) throws(DomainError) -> RoutingPlan {
        guard let store = locations.first(where: { $0.locationId == locationId }) else {
            throw .notFound("pickup location \(locationId) does not exist")
        }
        guard store.kind == .store, store.pickupEnabled else {
            throw .precondition("location \(locationId) is not a store with pickup enabled")
        }
        for d in demand {
            let have = max(0, available(locationId, d.sku))
            if have < d.quantity {
                throw .precondition(
                    "not enough stock for sku \(d.sku) at pickup location \(locationId): requested \(d.quantity), available \(have)")
            }
        }
        return RoutingPlan(
            allocations: demand.map { Allocation(locationId: locationId, sku: $0.sku, quantity: Int32(clamping: $0.quantity)) },
            trace: ["\(locationId): pickup store named by the order, fills every line — chosen"])
    }

    private static func shortfall(_ c: Candidate, _ demand: [Demand]) -> String {
        for (j, d) in demand.enumerated() where c.has[j] < d.quantity {
            return "short of sku \(d.sku) (has \(c.has[j]) of \(d.quantity))"
        }
        return "fills every line"
    }

    private static func covers(_ set: [Int], _ candidates: [Candidate], _ demand: [Demand]) -> Bool {
        for (j, d) in demand.enumerated() {
            var sum: Int64 = 0
            for i in set { sum += candidates[i].has[j] }
            if sum < d.quantity { return false }
        }
        return true
    }

    /// The fewest candidates covering the demand, smallest total distance among equally few
    /// (first in distance order on ties); nil when the search would exceed `budget`.
    private static func exactCover(
        _ useful: [Int], _ candidates: [Candidate], _ demand: [Demand], budget: Int
    ) -> [Int]? {
        let n = useful.count
        var work = 0
        for k in 2...max(2, n) where k <= n {
            var best: [Int]?
            var bestDistance = Double.infinity
            var pick = Array(0..<k)
            while true {
                work += k * demand.count
                if work > budget { return nil }
                let set = pick.map { useful[$0] }
                if covers(set, candidates, demand) {
                    let distance = set.reduce(0.0) { $0 + candidates[$1].distance }
                    if best == nil || distance < bestDistance {
                        best = set
                        bestDistance = distance
                    }
                }
                var i = k - 1
                while i >= 0 && pick[i] == n - k + i { i -= 1 }
                if i < 0 { break }
                pick[i] += 1
                for m in (i + 1)..<k { pick[m] = pick[m - 1] + 1 }
            }
            if let best { return best }
        }
        return nil
    }

    /// Greedy set cover: repeatedly the candidate covering most of what is left (nearest on ties).
    private static func greedyCover(_ useful: [Int], _ candidates: [Candidate], _ demand: [Demand]) -> [Int] {
        var remaining = demand.map(\.quantity)
        var chosen: [Int] = []
        var left = Set(useful)
        while remaining.contains(where: { $0 > 0 }) {
            var bestIndex: Int?
            var bestGain: Int64 = 0
            for i in useful where left.contains(i) {
                var gain: Int64 = 0
                for j in remaining.indices { gain += min(candidates[i].has[j], remaining[j]) }
                if gain > bestGain {
                    bestGain = gain
                    bestIndex = i
                }
            }
            guard let pickIndex = bestIndex else { break }
            chosen.append(pickIndex)
            left.remove(pickIndex)
            for j in remaining.indices { remaining[j] -= min(candidates[pickIndex].has[j], remaining[j]) }
        }
        return chosen
    }
}
