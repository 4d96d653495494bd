// Routing under the COST and SPEED objectives (API.md "Routing policy"). The choice is a set
// of locations, one parcel each; inside a set every sku is filled from its locations in the
// objective's order (COST: lowest per-unit rate first; SPEED: earliest delivery first; then
// nearest), each giving as much as it can. A set is scored by
//   COST:  Σ parcel cost + split_penalty × (parcels − 1), then fewest parcels, then distance;
//   SPEED: the latest parcel's deliver_by, then that cost, then fewest parcels, then distance.
// `exact` is a branch-and-bound over sets (include / exclude each location, best bound first)
// whose bounds never exceed a set's true score, so when it finishes within its node budget its
// answer is optimal; `greedy` (weighted set cover: cheapest cost per newly covered unit, then
// dropping parcels that do not pay) answers beyond the budget. Both respect the parcel cap
// and never give more than a location's usable units.

/// One location as routing sees it for one request.
public struct RoutingSite: Sendable {
    /// A carrier option for parcels from here: a service and the band that covers the distance.
    public struct Option: Sendable {
        public var serviceId: String
        public var band: TransitBand
        public var deliverBy: Timestamp

        public init(serviceId: String, band: TransitBand, deliverBy: Timestamp) {
            self.serviceId = serviceId
            self.band = band
            self.deliverBy = deliverBy
        }
    }

    public var locationId: String
    public var distance: Double
    /// Usable units per demand index, capped at the demand.
    public var has: [Int64]
    public var shipBy: Timestamp
    /// Services of the order's method covering the distance (empty: the method has none).
    public var options: [Option]

    public init(locationId: String, distance: Double, has: [Int64], shipBy: Timestamp, options: [Option]) {
        self.locationId = locationId
        self.distance = distance
        self.has = has
        self.shipBy = shipBy
        self.options = options
    }

    /// The option a parcel of `units` takes: SPEED the earliest delivery (then cheapest), else
    /// the cheapest (then earliest); ties by service id.
    public func option(units: Int64, speed: Bool) -> Option? {
        var best: Option?
        for o in options {
            guard let b = best else { best = o; continue }
            let c = o.band.cost(units: units), cb = b.band.cost(units: units)
            let better = speed
                ? (o.deliverBy, c, o.serviceId) < (b.deliverBy, cb, b.serviceId)
                : (c, o.deliverBy, o.serviceId) < (cb, b.deliverBy, b.serviceId)
            if better { best = o }
        }
        return best
    }

    /// When a parcel from here arrives at the earliest (ship_by when there is no service).
    var speedKey: Int64 { options.lazy.map(\.deliverBy.nanos).min() ?? shipBy.nanos }
    /// Lowest base cost of any option (0 without a service).
    var minBase: Int64 { options.lazy.map(\.band.baseCostMinor).min() ?? 0 }
    /// Lowest per-unit cost of any option (0 without a service).
    var minPerUnit: Int64 { options.lazy.map(\.band.perUnitCostMinor).min() ?? 0 }
}

/// A routing problem for the COST / SPEED objectives.
public struct RoutingProblem: Sendable {
    public var demand: [Int64]
    public var sites: [RoutingSite]
    public var objective: RoutingObjective
    /// Parcel cap (0 = none).
    public var maxLocations: Int
    public var splitPenaltyMinor: Int64

    public init(demand: [Int64], sites: [RoutingSite], objective: RoutingObjective, maxLocations: Int,
                splitPenaltyMinor: Int64) {
        self.demand = demand
        self.sites = sites
        self.objective = objective
        self.maxLocations = maxLocations
        self.splitPenaltyMinor = splitPenaltyMinor
    }

    var cap: Int { maxLocations > 0 ? maxLocations : sites.count }
    var speed: Bool { objective == .speed }
}

/// How good a set of locations is: smaller is better, compared field by field.
public struct RoutingScore: Comparable, Sendable {
    /// COST: total cost; SPEED: latest deliver_by (ns).
    public var primary: Int64
    /// SPEED: total cost; COST: 0.
    public var secondary: Int64
    public var parcels: Int
    public var distance: Double
    /// Site indexes, ascending (the final, deterministic tie-break).
    public var sites: [Int]

    public static func < (a: RoutingScore, b: RoutingScore) -> Bool {
        if a.primary != b.primary { return a.primary < b.primary }
        if a.secondary != b.secondary { return a.secondary < b.secondary }
        if a.parcels != b.parcels { return a.parcels < b.parcels }
        if a.distance != b.distance { return a.distance < b.distance }
        return a.sites.lexicographicallyPrecedes(b.sites)
    }
}

/// A scored set and what each of its locations gives.
public struct RoutingChoice: Sendable {
    public var score: RoutingScore
    /// Per chosen site (same order as `score.sites`): units per demand index.
    public var gives: [[Int64]]
    /// Whether the exact search proved it optimal.
    public var exact: Bool
}

public enum PolicyRouter {
    /// Branch-and-bound nodes before the search gives way to `greedy`.
    public static let defaultNodeBudget = 20_000

    /// Scores the set `set` (site indexes); nil when it does not cover the demand, exceeds the
    /// cap, or holds a location that would give nothing (a smaller set is then as good).
    public static func evaluate(_ p: RoutingProblem, _ set: [Int]) -> RoutingChoice? {
        guard !set.isEmpty, set.count <= p.cap else { return nil }
        let sorted = set.sorted()
        // Slots of `sorted`, in the order they give.
        let order = sorted.indices.sorted { fillOrder(p, sorted[$0], sorted[$1]) }
        var remaining = p.demand
        var gives = Array(repeating: Array(repeating: Int64(0), count: p.demand.count), count: sorted.count)
        for slot in order {
            let s = p.sites[sorted[slot]]
            for j in remaining.indices where remaining[j] > 0 {
                let take = min(s.has[j], remaining[j])
                remaining[j] -= take
                gives[slot][j] = take
            }
        }
        for r in remaining where r != 0 { return nil }
        var cost: Int64 = 0
        var latest: Int64 = .min
        var distance = 0.0
        for (k, i) in sorted.enumerated() {
            let units = gives[k].reduce(0, +)
            guard units > 0 else { return nil }
            let s = p.sites[i]
            let o = s.option(units: units, speed: p.speed)
            cost = cost.addingSaturating(o?.band.cost(units: units) ?? 0)
            latest = max(latest, o?.deliverBy.nanos ?? s.shipBy.nanos)
            distance += s.distance
        }
        cost = cost.addingSaturating(p.splitPenaltyMinor.multipliedSaturating(Int64(set.count - 1)))
        let score = RoutingScore(
            primary: p.speed ? latest : cost, secondary: p.speed ? cost : 0, parcels: set.count,
            distance: distance, sites: sorted)
        return RoutingChoice(score: score, gives: gives, exact: false)
    }

    /// Which of two sites of one set gives first.
    static func fillOrder(_ p: RoutingProblem, _ a: Int, _ b: Int) -> Bool {
        let x = p.sites[a], y = p.sites[b]
        if p.speed, x.speedKey != y.speedKey { return x.speedKey < y.speedKey }
        if x.minPerUnit != y.minPerUnit { return x.minPerUnit < y.minPerUnit }
        if x.distance != y.distance { return x.distance < y.distance }
        return a < b
    }

    /// The best choice: exact within `nodeBudget`, else the better of the search's best so far
    /// and `greedy`. Nil when no set within the cap covers the demand.
    public static func solve(_ p: RoutingProblem, nodeBudget: Int = defaultNodeBudget) -> RoutingChoice? {
        let (found, complete) = exact(p, nodeBudget: nodeBudget)
        if complete {
            guard var found else { return nil }
            found.exact = true
            return found
        }
        let heuristic = greedy(p)
        switch (found, heuristic) {
        case (let a?, let b?): return a.score <= b.score ? a : b
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// Branch-and-bound over sets; `complete` is false when it stopped at the node budget.
    public static func exact(_ p: RoutingProblem, nodeBudget: Int) -> (RoutingChoice?, complete: Bool) {
        let useful = p.sites.indices.filter { i in p.sites[i].has.contains { $0 > 0 } }
        let totalUnits = p.demand.reduce(0, +)
        let unitFloor = (useful.map { p.sites[$0].minPerUnit }.min() ?? 0).multipliedSaturating(totalUnits)
        // Best bound first, so good sets are met early and prune the rest.
        let order = useful.sorted { a, b in
            let x = p.sites[a], y = p.sites[b]
            if p.speed, x.speedKey != y.speedKey { return x.speedKey < y.speedKey }
            if x.minBase != y.minBase { return x.minBase < y.minBase }
            return fillOrder(p, a, b)
        }
        // Units still coverable by the sites from position k on (to stop hopeless branches).
        var suffix = Array(repeating: Array(repeating: Int64(0), count: p.demand.count), count: order.count + 1)
        for k in stride(from: order.count - 1, through: 0, by: -1) {
            for j in p.demand.indices { suffix[k][j] = suffix[k + 1][j] + p.sites[order[k]].has[j] }
        }
        var best: RoutingChoice?
        var nodes = 0
        var set: [Int] = []
        var covered = Array(repeating: Int64(0), count: p.demand.count)
        var baseSum: Int64 = 0
        var latest: Int64 = .min
        let cap = p.cap

        // Lower bound of every set extending `set` (before the split penalty of parcels yet to come).
        func bound() -> (Int64, Int64) {
            let cost = baseSum.addingSaturating(unitFloor)
                .addingSaturating(p.splitPenaltyMinor.multipliedSaturating(Int64(max(0, set.count - 1))))
            return p.speed ? (latest, cost) : (cost, 0)
        }
        func hopeless() -> Bool {
            guard let best else { return false }
            let (a, b) = bound()
            return a > best.score.primary || (a == best.score.primary && b > best.score.secondary)
        }
        // Visits the sets extending `set` with sites from position k on; `set` itself was scored
        // when it was formed. False when the node budget ran out.
        func visit(_ k: Int) -> Bool {
            nodes += 1
            if nodes > nodeBudget { return false }
            guard k < order.count, set.count < cap else { return true }
            for j in p.demand.indices where covered[j] + suffix[k][j] < p.demand[j] { return true }
            // Include order[k].
            let s = p.sites[order[k]]
            let saved = (baseSum, latest)
            set.append(order[k])
            for j in covered.indices { covered[j] += s.has[j] }
            baseSum = baseSum.addingSaturating(s.minBase)
            latest = max(latest, s.speedKey)
            var included = true
            if !hopeless() {
                if covered.indices.allSatisfy({ covered[$0] >= p.demand[$0] }), let c = evaluate(p, set) {
                    if best == nil || c.score < best!.score { best = c }
                }
                included = visit(k + 1)
            }
            set.removeLast()
            for j in covered.indices { covered[j] -= s.has[j] }
            (baseSum, latest) = saved
            if !included { return false }
            // Exclude it.
            return visit(k + 1)
        }
        let complete = visit(0)
        return (best, complete)
    }

    /// Weighted greedy set cover within the cap, then drops parcels whose removal helps; also
    /// tries every single location that fills everything. Nil when it finds no covering set.
    public static func greedy(_ p: RoutingProblem) -> RoutingChoice? {
        var best: RoutingChoice?
        func consider(_ c: RoutingChoice?) {
            if let c, best == nil || c.score < best!.score { best = c }
        }
        for i in p.sites.indices where zip(p.sites[i].has, p.demand).allSatisfy({ $0 == $1 }) {
            consider(evaluate(p, [i]))
        }
        var set: [Int] = []
        var remaining = p.demand
        var left = Set(p.sites.indices.filter { i in p.sites[i].has.contains { $0 > 0 } })
        while remaining.contains(where: { $0 > 0 }), set.count < p.cap {
            var pick: (index: Int, key: (Int64, Double))?
            for i in left {
                let s = p.sites[i]
                var gain: Int64 = 0
                for j in remaining.indices { gain += min(s.has[j], remaining[j]) }
                guard gain > 0 else { continue }
                let added = s.minBase.addingSaturating(set.isEmpty ? 0 : p.splitPenaltyMinor)
                    .addingSaturating(s.minPerUnit.multipliedSaturating(gain))
                let ratio = Double(added) / Double(gain)
                let key = (p.speed ? s.speedKey : 0, ratio)
                if let current = pick, !(key < current.key || (key == current.key && i < current.index)) { continue }
                pick = (i, key)
            }
            guard let chosen = pick?.index else { break }
            set.append(chosen)
            left.remove(chosen)
            for j in remaining.indices { remaining[j] -= min(p.sites[chosen].has[j], remaining[j]) }
        }
        if var current = evaluate(p, set) {
            // Drop any parcel whose removal still covers and scores better, until none does.
            var improved = true
            while improved {
                improved = false
                for i in current.score.sites {
                    if let smaller = evaluate(p, current.score.sites.filter { $0 != i }), smaller.score < current.score {
                        current = smaller
                        improved = true
                        break
                    }
                }
            }
            consider(current)
        }
        return best
    }
}

extension Int64 {
    func addingSaturating(_ other: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }

    func multipliedSaturating(_ other: Int64) -> Int64 {
        let (r, o) = multipliedReportingOverflow(by: other)
        return o ? ((self < 0) != (other < 0) ? .min : .max) : r
    }
}
