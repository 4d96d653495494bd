// "Bought together" counts for GetProductAffinity and per-day units for GetStockCover.
// Pairs: per sku, per UTC day, how many counted orders held it together with each other sku,
// as flat sorted runs (one run per day, partners sorted inside it), so an order adds to the
// newest run at the end of the arrays and a query sums the runs of its days. Only the first
// `InsightLimits.maxPairSkus` distinct skus of an order form pairs (at most 32 × 31 directed
// counts per order). Demand: per sku and per stock level, units per day, keeping only the days
// a stock-cover window can reach (`InsightLimits.maxDays` and a margin), so its memory is
// bounded by skus × levels × days, not by orders.

/// One sku's companions, day by day.
struct SkuPairs {
    /// Days with a run, ascending.
    var days: [Int32] = []
    /// Where each day's run starts in `partners` / `counts`.
    var starts: [Int32] = []
    /// Partner sku indexes, sorted within each run.
    var partners: [Int32] = []
    /// Orders together (0 after cancellations; left in place).
    var counts: [Int32] = []

    private func runEnd(_ k: Int) -> Int { k + 1 < starts.count ? Int(starts[k + 1]) : partners.count }

    /// Adds `sign` to the count of (`partner`, `day`).
    mutating func add(partner: Int32, day: Int32, sign: Int32) {
        var k = days.count
        if let last = days.last, last >= day {
            var lo = 0
            var hi = days.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if days[mid] < day { lo = mid + 1 } else { hi = mid }
            }
            k = lo
        }
        if k == days.count || days[k] != day {
            guard sign > 0 else { return }
            days.insert(day, at: k)
            starts.insert(k < starts.count ? starts[k] : Int32(partners.count), at: k)
        }
        var lo = Int(starts[k])
        var hi = runEnd(k)
        while lo < hi {
            let mid = (lo + hi) / 2
            if partners[mid] < partner { lo = mid + 1 } else { hi = mid }
        }
        if lo < runEnd(k) && partners[lo] == partner {
            counts[lo] &+= sign
            return
        }
        guard sign > 0 else { return }
        partners.insert(partner, at: lo)
        counts.insert(sign, at: lo)
        for m in (k + 1)..<starts.count { starts[m] += 1 }
    }

    /// Adds every count of the days in `whole` into `into` (by partner index).
    func sum(_ whole: Range<Int32>, into: inout [Int32: Int64]) {
        var k = 0
        var hi = days.count
        while k < hi {
            let mid = (k + hi) / 2
            if days[mid] < whole.lowerBound { k = mid + 1 } else { hi = mid }
        }
        while k < days.count && days[k] < whole.upperBound {
            for j in Int(starts[k])..<runEnd(k) where counts[j] != 0 {
                into[partners[j], default: 0] &+= Int64(counts[j])
            }
            k += 1
        }
    }
}

/// The pair counts of every sku, by interned sku index.
struct AffinityBook {
    var bySku = ChunkedArray<SkuPairs>()
}

/// Units per day of one sku (or one stock level), recent days only.
struct DaySeries {
    var days: [Int32] = []
    var units: [Int64] = []

    /// Days older than the newest by more than this are dropped: no window reaches them.
    static let keptDays: Int32 = InsightLimits.maxDays + 2

    /// Adds `amount` units (negative when an order is taken out) on `day`.
    mutating func add(_ amount: Int64, day: Int32) {
        if let last = days.last, last == day {
            units[units.count - 1] &+= amount
            return
        }
        if days.last.map({ $0 < day }) ?? true {
            guard amount > 0 else { return }
            days.append(day)
            units.append(amount)
            let cutoff = day &- Self.keptDays
            if let first = days.first, first < cutoff {
                let drop = days.firstIndex { $0 >= cutoff } ?? days.count
                days.removeFirst(drop)
                units.removeFirst(drop)
            }
            return
        }
        var lo = 0
        var hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        if lo < days.count && days[lo] == day {
            units[lo] &+= amount
        } else if amount > 0 && (days.last.map { day >= $0 &- Self.keptDays } ?? true) {
            days.insert(day, at: lo)
            units.insert(amount, at: lo)
        }
    }

    /// Units on `from` and every later day.
    func sum(from: Int32) -> Int64 {
        var lo = 0
        var hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < from { lo = mid + 1 } else { hi = mid }
        }
        var total: Int64 = 0
        for i in lo..<units.count { total &+= units[i] }
        return total
    }
}

/// Units ordered per day, per sku (every location, by line quantity) and per stock level (by
/// the units allocated there).
struct DemandBook {
    var bySku = ChunkedArray<DaySeries>()
    var byLevel = ShardedDictionary<StockKey, DaySeries>()
}
