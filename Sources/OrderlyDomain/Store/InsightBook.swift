// Incremental aggregates behind the insight reports, kept in step with the orders exactly as the
// hourly report buckets are (`StoreState.apply` → `replace(old:new:)`, and so rebuilt at start-up
// by applying the recovered orders): per customer, their totals and first order ever, and per day
// an entry per order (`CustomerDayLog`); per sku, per-day "bought together" counts; per sku and per stock
// level, per-day units ordered. Each order change takes the order's old contribution out and puts
// its new one in; changes that move no insight figure (shipments, tracking, returns) cost one
// comparison. A query sums whole UTC days from these and recomputes at most two partial days at
// the edges of its range exactly, from the orders created in them (the report book's hourly
// positions), so any `[from, to)` is exact without scanning the orders.
// Returns change no insight: revenue is the order total, as in the sales summary (refunds are
// reported apart); cancelled orders contribute nothing.

/// UTC day arithmetic on nanosecond instants.
enum Day {
    /// Nanoseconds in a day.
    static let nanos: Int64 = 86_400_000_000_000

    /// The day holding `t` (floor), as days since the epoch.
    static func of(_ t: Int64) -> Int32 {
        Int32(t >= 0 ? t / nanos : (t + 1) / nanos - 1)
    }

    /// The first instant of `day`, saturating at the ends of the Int64 range.
    static func start(_ day: Int32) -> Int64 {
        let (v, overflow) = Int64(day).multipliedReportingOverflow(by: nanos)
        return overflow ? (day < 0 ? .min : .max) : v
    }

    /// The first day starting at or after `t`.
    static func ceiling(_ t: Int64) -> Int32 {
        let d = of(t)
        return start(d) == t ? d : d + 1
    }

    /// (year, month 1...12) of `day` (proleptic Gregorian, H. Hinnant's civil_from_days).
    static func yearMonth(_ day: Int32) -> (year: Int, month: Int) {
        let z = Int(day) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month)
    }

    /// Months since year 0 of the month holding `t`.
    static func monthIndex(_ t: Int64) -> Int32 {
        let (y, m) = yearMonth(of(t))
        return Int32(y * 12 + m - 1)
    }

    /// "YYYY-MM" of a month index.
    static func monthName(_ index: Int32) -> String {
        let y = Int(index) >= 0 ? Int(index) / 12 : (Int(index) - 11) / 12
        let m = Int(index) - y * 12 + 1
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + (m < 10 ? "-0" : "-") + String(m)
    }
}

/// A `[from, to)` range as the whole UTC days inside it plus the (at most two) partial-day
/// windows at its edges, which queries recompute from the orders created in them.
struct DaySplit {
    /// Days wholly inside the range (may be empty).
    var whole: Range<Int32>
    /// Partial windows `[lo, hi)` in nanoseconds, outside `whole`.
    var edges: [(lo: Int64, hi: Int64)] = []

    init(from: Int64?, to: Int64?) {
        let d0 = from.map(Day.ceiling) ?? .min
        let d1 = to.map(Day.of) ?? .max
        guard d0 < d1 else {
            whole = 0..<0
            if let from, let to, from < to { edges = [(from, to)] }
            return
        }
        whole = d0..<d1
        if let from, from < Day.start(d0) { edges.append((from, Day.start(d0))) }
        if let to, Day.start(d1) < to { edges.append((Day.start(d1), to)) }
    }
}

/// Every insight aggregate: customers, and one record per interned sku (pairs and demand).
struct InsightBook {
    var customers = CustomerBook()
    /// Per-sku aggregates, by interned sku index.
    var skus = ChunkedArray<SkuInsights>()
    /// Sku → dense index.
    var skuIndex = ShardedDictionary<String, Int32>()
    var skuNames = ChunkedArray<String>()
    /// Location → dense index (demand entries hold it).
    var locationIndex: [String: Int32] = [:]

    /// The index of `sku`, interning it when new.
    mutating func intern(_ sku: String) -> Int32 {
        if let i = skuIndex[sku] { return i }
        let i = Int32(skuNames.count)
        skuIndex[sku] = i
        skuNames.append(sku)
        skus.append(SkuInsights())
        return i
    }

    /// The index of `location`, interning it when new.
    mutating func internLocation(_ location: String) -> Int32 {
        if let i = locationIndex[location] { return i }
        let i = Int32(locationIndex.count)
        locationIndex[location] = i
        return i
    }

    /// Whether two versions of an order count the same in every insight.
    static func sameFacts(_ a: Order, _ b: Order) -> Bool {
        guard (a.status == .cancelled) == (b.status == .cancelled), a.totalMinor == b.totalMinor,
              a.lines.count == b.lines.count, a.allocations.count == b.allocations.count else { return false }
        for (x, y) in zip(a.lines, b.lines) where x.sku != y.sku || x.quantityCounted != y.quantityCounted { return false }
        for (x, y) in zip(a.allocations, b.allocations)
        where x.locationId != y.locationId || x.sku != y.sku || x.quantity != y.quantity { return false }
        return true
    }

    /// Whether two versions of an order count the same for their customer. (Total, currency,
    /// customer and creation time are fixed at creation; compared anyway, so that nothing else
    /// can leave the book wrong.)
    static func sameCustomerFacts(_ a: Order, _ b: Order) -> Bool {
        (a.status == .cancelled) == (b.status == .cancelled) && a.totalMinor == b.totalMinor
            && a.currency == b.currency && a.customer.customerId == b.customer.customerId
            && a.createdAt == b.createdAt
    }

    /// Replaces `old`'s contribution with `new`'s. Returns the customer index whose first order
    /// was taken out (the caller finds their next one), or nil. The customer book is touched only
    /// when the customer's figures move (a reallocation adds no entries to its day log).
    mutating func replace(old: Order?, new: Order) -> Int32? {
        if let old, Self.sameFacts(old, new) { return nil }
        if let old, old.status != .cancelled { addSkus(old, day: Day.of(old.createdAt.nanos), sign: -1) }
        if new.status != .cancelled { addSkus(new, day: Day.of(new.createdAt.nanos), sign: 1) }
        if let old, Self.sameCustomerFacts(old, new) { return nil }
        var lostFirst: Int32?
        if let old, old.status != .cancelled, !old.customer.customerId.isEmpty {
            lostFirst = customers.add(old, day: Day.of(old.createdAt.nanos), sign: -1)
        }
        if new.status != .cancelled && !new.customer.customerId.isEmpty {
            _ = customers.add(new, day: Day.of(new.createdAt.nanos), sign: 1)
        }
        return lostFirst
    }

    /// The skus whose pairs `order` counts: its first `maxPairSkus` distinct skus, in line order.
    static func pairSkus(_ order: Order) -> [String] {
        var out: [String] = []
        for line in order.lines where !out.contains(line.sku) {
            out.append(line.sku)
            if out.count == InsightLimits.maxPairSkus { break }
        }
        return out
    }

    private mutating func addSkus(_ order: Order, day: Int32, sign: Int32) {
        // Skus are unique within an order (CreateOrder refuses repeats); dedupe anyway for the bound.
        var ids: [Int32] = []
        var lineIds: [Int32] = []
        lineIds.reserveCapacity(order.lines.count)
        for line in order.lines {
            let i = intern(line.sku)
            lineIds.append(i)
            skus[Int(i)].demand.add(Int64(line.quantityCounted) * Int64(sign), day: day, location: -1)
            if ids.count < InsightLimits.maxPairSkus && !ids.contains(i) { ids.append(i) }
        }
        if ids.count > 1 {
            for a in ids {
                for b in ids where b != a { skus[Int(a)].pairs.add(partner: b, day: day, sign: sign) }
            }
        }
        for a in order.allocations {
            let location = internLocation(a.locationId)
            let i = order.lines.firstIndex { $0.sku == a.sku }.map { lineIds[$0] } ?? intern(a.sku)
            skus[Int(i)].demand.add(Int64(a.quantity) * Int64(sign), day: day, location: location)
        }
    }
}
