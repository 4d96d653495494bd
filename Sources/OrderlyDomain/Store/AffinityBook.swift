// Per-sku insight aggregates, one record per interned sku so an order line touches one record
// and few arrays (each a likely cache miss at a million orders):
// - pairs for GetProductAffinity: per UTC day, how many counted orders held the sku together
//   with each other sku, as flat runs (one run per day, partners sorted inside it), so an order
//   adds to the newest run at the end of the array and a query sums the runs of its days. Only
//   the first `InsightLimits.maxPairSkus` distinct skus of an order form pairs (at most 32 × 31
//   directed counts per order);
// - demand for GetStockCover: units ordered per day, for the sku over every location (by line
//   quantity) and per location (by the units allocated there), keeping only the days a window
//   can reach (`InsightLimits.maxDays` and a margin): bounded by skus × locations × days.

/// Where one day's partners start in `SkuPairs.pairs`.
struct PairRun: Equatable {
    var day: Int32
    var start: Int32
}

/// Orders holding both skus (0 after cancellations; left in place).
struct PairCount: Equatable {
    var partner: Int32
    var count: Int32
}

/// One sku's companions, day by day.
struct SkuPairs {
    /// Ascending by day.
    var runs: [PairRun] = []
    /// Partner sku indexes, sorted within each run.
    var pairs: [PairCount] = []

    private func runEnd(_ k: Int) -> Int { k + 1 < runs.count ? Int(runs[k + 1].start) : pairs.count }

    /// Adds `sign` to the count of (`partner`, `day`).
    mutating func add(partner: Int32, day: Int32, sign: Int32) {
        var k = runs.count
        if let last = runs.last, last.day >= day {
            k = last.day == day ? runs.count - 1 : Self.firstRun(atOrAfter: day, in: runs)
        }
        if k == runs.count || runs[k].day != day {
            guard sign > 0 else { return }
            runs.insert(PairRun(day: day, start: k < runs.count ? runs[k].start : Int32(pairs.count)), at: k)
        }
        var lo = Int(runs[k].start)
        let end = runEnd(k)
        var hi = end
        while lo < hi {
            let mid = (lo + hi) / 2
            if pairs[mid].partner < partner { lo = mid + 1 } else { hi = mid }
        }
        if lo < end && pairs[lo].partner == partner {
            pairs[lo].count &+= sign
            return
        }
        guard sign > 0 else { return }
        pairs.insert(PairCount(partner: partner, count: sign), at: lo)
        for m in (k + 1)..<runs.count { runs[m].start += 1 }
    }

    private static func firstRun(atOrAfter day: Int32, in runs: [PairRun]) -> Int {
        var lo = 0
        var hi = runs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if runs[mid].day < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Adds every count of the days in `whole` into `into` (by partner index).
    func sum(_ whole: Range<Int32>, into: inout [Int32: Int64]) {
        var k = Self.firstRun(atOrAfter: whole.lowerBound, in: runs)
        while k < runs.count && runs[k].day < whole.upperBound {
            for j in Int(runs[k].start)..<runEnd(k) where pairs[j].count != 0 {
                into[pairs[j].partner, default: 0] &+= Int64(pairs[j].count)
            }
            k += 1
        }
    }
}

/// Units of one sku on one day, over every location (`location` −1) or at one location index.
struct DemandEntry: Equatable {
    var day: Int32
    var location: Int32
    var units: Int64
}

/// One sku's recent daily demand, sorted by (day, location).
struct SkuDemand {
    var entries: [DemandEntry] = []

    /// Days older than the newest by more than this are dropped: no window reaches them.
    static let keptDays: Int32 = InsightLimits.maxDays + 2

    /// Adds `amount` units (negative when an order is taken out) on `day` at `location`.
    mutating func add(_ amount: Int64, day: Int32, location: Int32) {
        // Most changes land in the newest day, whose entries (one per location) are at the end.
        var i = entries.count
        while i > 0 && (entries[i - 1].day, entries[i - 1].location) > (day, location) { i -= 1 }
        if i > 0 && entries[i - 1].day == day && entries[i - 1].location == location {
            entries[i - 1].units &+= amount
            return
        }
        guard amount > 0 else { return }
        if let newest = entries.last?.day, day < newest &- Self.keptDays { return }
        entries.insert(DemandEntry(day: day, location: location, units: amount), at: i)
        if let first = entries.first, first.day < day &- Self.keptDays {
            let cutoff = day &- Self.keptDays
            entries.removeFirst(entries.firstIndex { $0.day >= cutoff } ?? entries.count)
        }
    }

    /// Units on `from` and every later day, at `location` (−1: every location). Read from the
    /// newest entry back: a window ends at the newest day, so only its own entries are touched
    /// (a search from the front missed the cache on older days, per sku of a 10,000-sku report).
    func sum(from: Int32, location: Int32) -> Int64 {
        entries.withUnsafeBufferPointer { e in
            var total: Int64 = 0
            var i = e.count
            while i > 0 && e[i - 1].day >= from {
                i -= 1
                if e[i].location == location { total &+= e[i].units }
            }
            return total
        }
    }
}

/// Everything kept per sku.
struct SkuInsights {
    var pairs = SkuPairs()
    var demand = SkuDemand()
}
