// The insight queries over `InsightBook`: whole days come from the aggregates, the partial days
// at a range's edges are recomputed exactly from the orders created in them (found through the
// report book's hourly positions), so no query scans the orders.

extension StoreState {
    /// Calls `body` with every counted order created in `[lo, hi)` (at most about two days of
    /// orders: the edges of a `DaySplit`).
    func forEachCountedOrder(in lo: Int64, _ hi: Int64, _ body: (Order) -> Void) {
        guard lo < hi else { return }
        let first = ReportBook.hour(of: Timestamp(nanos: lo))
        let last = ReportBook.hour(of: Timestamp(nanos: hi &- 1))
        var hour = first
        while hour <= last {
            for p in reports.buckets[hour]?.positions ?? [] {
                let order = orders[Int(p)]
                let t = order.createdAt.nanos
                if t >= lo && t < hi && order.status != .cancelled { body(order) }
            }
            hour += 1
        }
    }

    /// A `top` / `limit` request field: 0 → the default, negative or above the maximum refused.
    static func insightCount(_ value: Int32, _ field: String) throws(DomainError) -> Int {
        if value < 0 || value > InsightLimits.maxCount {
            throw .invalid("\(field) must be within 0...\(InsightLimits.maxCount) (0 = \(InsightLimits.defaultCount)), got \(value)")
        }
        return Int(value == 0 ? InsightLimits.defaultCount : value)
    }

    /// A `window_days` / `target_days` request field, as `insightCount` does for counts.
    static func insightDays(_ value: Int32, _ field: String) throws(DomainError) -> Int32 {
        if value < 0 || value > InsightLimits.maxDays {
            throw .invalid("\(field) must be within 0...\(InsightLimits.maxDays) (0 = \(InsightLimits.defaultDays)), got \(value)")
        }
        return value == 0 ? InsightLimits.defaultDays : value
    }

    /// This state with its insight aggregates rebuilt from the orders alone, exactly as start-up
    /// builds them (each order applied once): for measuring that cost, and for tests.
    public func rebuildingInsights() -> StoreState {
        var s = self
        s.insights = InsightBook()
        for order in orders { _ = s.insights.replace(old: nil, new: order) }
        return s
    }

    // MARK: GetCustomerInsights

    /// GetCustomerInsights over `range`, money in `currency`; `top` 0 → 10, at most 1000.
    public func customerInsights(_ range: ReportRange, currency: String, top: Int32) throws(DomainError) -> CustomerInsights {
        try customerInsights(range, currency: currency, top: top, summing: .cheaper)
    }

    /// The same, with the whole days summed as `summing` says (tests compare both ways).
    func customerInsights(_ range: ReportRange, currency: String, top: Int32, summing: DaySumming) throws(DomainError) -> CustomerInsights {
        try Validate.currency(currency)
        let keep = try Self.insightCount(top, "top")
        let book = insights.customers
        let money = book.currencyIndex[currency]
        let lo = range.from?.nanos ?? .min
        let hi = range.to?.nanos ?? .max
        let split = DaySplit(from: range.from?.nanos, to: range.to?.nanos)
        // Per customer index: the whole days from the day log, then the edge orders added in.
        var sums = book.daySums(split.whole, currency: money, summing: summing)
        for edge in split.edges {
            forEachCountedOrder(in: edge.lo, edge.hi) { order in
                guard let c = book.index[order.customer.customerId] else { return }
                sums[Int(c)].orders += 1
                if order.currency == currency {
                    sums[Int(c)].ordersInCurrency += 1
                    sums[Int(c)].revenue &+= order.totalMinor
                }
            }
        }
        var result = CustomerInsights(
            customers: 0, newCustomers: 0, repeatCustomers: 0, repeatPurchaseRate: 0, averageOrderValueMinor: 0,
            ordersPerCustomer: 0, topCustomers: [], cohorts: [], currency: currency, orders: 0, revenueMinor: 0)
        var ordersInCurrency: Int64 = 0
        let cohortBase = book.minCohort
        let cohortCount = book.maxCohort >= book.minCohort ? Int(book.maxCohort - book.minCohort) + 1 : 0
        var cohortCustomers = [Int64](repeating: 0, count: cohortCount)
        var cohortRepeat = [Int64](repeating: 0, count: cohortCount)
        var cohortRevenue = [Int64](repeating: 0, count: cohortCount)
        var best = TopCustomers(capacity: keep)
        sums.withUnsafeBufferPointer { table in
            book.records.forEachChunk { base, chunk in
                guard let first = chunk.baseAddress else { return }
                for j in 0..<chunk.count {
                    let c = base + j
                    let s = table[c]
                    guard s.orders > 0 else { continue }
                    let record = first + j
                    let orders = Int64(s.orders)
                    result.customers += 1
                    result.orders += orders
                    result.revenueMinor &+= s.revenue
                    ordersInCurrency += Int64(s.ordersInCurrency)
                    let isRepeat = orders >= 2
                    if isRepeat { result.repeatCustomers += 1 }
                    let firstOrder = record.pointee.first
                    if firstOrder >= lo && firstOrder < hi { result.newCustomers += 1 }
                    if cohortCount > 0 && firstOrder != .max {
                        let k = Int(record.pointee.cohort - cohortBase)
                        cohortCustomers[k] += 1
                        if isRepeat { cohortRepeat[k] += 1 }
                        cohortRevenue[k] &+= s.revenue
                    }
                    best.offer(revenue: s.revenue, orders: orders, index: Int32(c), id: record.pointee.id)
                }
            }
        }
        if result.customers > 0 {
            result.repeatPurchaseRate = Double(result.repeatCustomers) / Double(result.customers)
            result.ordersPerCustomer = Double(result.orders) / Double(result.customers)
        }
        if ordersInCurrency > 0 { result.averageOrderValueMinor = result.revenueMinor / ordersInCurrency }
        result.topCustomers = best.sorted().map {
            CustomerValue(customerId: book.records[Int($0.index)].id, orders: $0.orders, revenueMinor: $0.revenue)
        }
        for k in 0..<cohortCount where cohortCustomers[k] > 0 {
            result.cohorts.append(CohortRow(
                firstOrderMonth: Day.monthName(cohortBase + Int32(k)), customers: cohortCustomers[k],
                repeatCustomers: cohortRepeat[k], revenueMinor: cohortRevenue[k]))
        }
        return result
    }

    // MARK: GetProductAffinity

    /// GetProductAffinity: the skus most often in the same (counted) order as `sku` in `range`.
    public func productAffinity(sku: String, _ range: ReportRange, limit: Int32, limits: DomainLimits) throws(DomainError) -> [ProductPair] {
        try Validate.id(sku, "sku", limits: limits)
        let keep = try Self.insightCount(limit, "limit")
        guard let target = insights.skuIndex[sku] else { return [] }
        let split = DaySplit(from: range.from?.nanos, to: range.to?.nanos)
        var counts: [Int32: Int64] = [:]
        if !split.whole.isEmpty { insights.skus[Int(target)].pairs.sum(split.whole, into: &counts) }
        for edge in split.edges {
            forEachCountedOrder(in: edge.lo, edge.hi) { order in
                let skus = InsightBook.pairSkus(order)
                guard skus.contains(sku) else { return }
                for other in skus where other != sku {
                    if let i = insights.skuIndex[other] { counts[i, default: 0] += 1 }
                }
            }
        }
        return counts.filter { $0.value > 0 }
            .map { ProductPair(sku: insights.skuNames[Int($0.key)], ordersTogether: $0.value) }
            .sorted { ($1.ordersTogether, $0.sku) < ($0.ordersTogether, $1.sku) }
            .prefix(keep).map { $0 }
    }

    // MARK: GetStockCover

    /// GetStockCover at `now`: demand over the last `windowDays` × 24 h, cover, stock-out, reorder.
    public func stockCover(_ q: StockCoverQuery, now: Timestamp, limits: DomainLimits) throws(DomainError) -> StockCoverReport {
        let window = try Self.insightDays(q.windowDays, "window_days")
        let target = try Self.insightDays(q.targetDays, "target_days")
        try Validate.id(q.locationId, "location_id", required: false, limits: limits)
        if !q.locationId.isEmpty && locations[q.locationId] == nil {
            throw .notFound("location \(q.locationId) does not exist")
        }
        if q.skus.count > InsightLimits.maxCoverSkus {
            throw .invalid("skus names \(q.skus.count) skus; at most \(InsightLimits.maxCoverSkus)")
        }
        for (i, sku) in q.skus.enumerated() { try Validate.id(sku, "skus[\(i)]", limits: limits) }
        let start = now.nanos &- Int64(window) * Day.nanos
        let firstWhole = Day.ceiling(start)
        let book = insights
        // The partial first day of the window, exactly, from its orders: units by sku index (a
        // counted order's skus are all interned), for every sku; only the listed ones are read.
        var edge: [Int32: Int64] = [:]
        forEachCountedOrder(in: start, Day.start(firstWhole)) { order in
            if q.locationId.isEmpty {
                for line in order.lines {
                    if let i = book.skuIndex[line.sku] { edge[i, default: 0] += Int64(line.quantityCounted) }
                }
            } else {
                for a in order.allocations where a.locationId == q.locationId {
                    if let i = book.skuIndex[a.sku] { edge[i, default: 0] += Int64(a.quantity) }
                }
            }
        }
        // The demand column: every location (−1), or the location's index (nil: never allocated from).
        let location: Int32? = q.locationId.isEmpty ? -1 : book.locationIndex[q.locationId]
        func row(_ sku: String, available: Int64, incoming: Int64) -> StockCover {
            var units: Int64 = 0
            if let i = book.skuIndex[sku] {
                units = edge.isEmpty ? 0 : edge[i] ?? 0
                if let column = location { units &+= book.skus[Int(i)].demand.sum(from: firstWhole, location: column) }
            }
            return Self.cover(sku: sku, locationId: q.locationId, units: units, available: available,
                              incoming: incoming, window: window, target: target, now: now)
        }
        var items: [StockCover] = []
        if q.skus.isEmpty {
            // Every sku with a level (at the location), in the stock table's kept sku order.
            items.reserveCapacity(stock.sortedSkus.count)
            for sku in stock.sortedSkus {
                let levels = stock.levels(of: sku)
                if q.locationId.isEmpty {
                    let (available, incoming) = Self.totals(levels)
                    items.append(row(sku, available: available, incoming: incoming))
                } else if let level = StockTable.level(at: q.locationId, in: levels) {
                    items.append(row(sku, available: level.available, incoming: level.incoming))
                }
            }
        } else {
            var seen = Set<String>()
            for sku in q.skus where seen.insert(sku).inserted {
                let levels = stock.levels(of: sku)
                if q.locationId.isEmpty {
                    let (available, incoming) = Self.totals(levels)
                    items.append(row(sku, available: available, incoming: incoming))
                } else {
                    let level = StockTable.level(at: q.locationId, in: levels)
                    items.append(row(sku, available: level?.available ?? 0, incoming: level?.incoming ?? 0))
                }
            }
        }
        return StockCoverReport(items: items, windowDays: window, targetDays: target)
    }

    /// One sku's cover from its window units and levels. The reorder quantity is computed in
    /// integers (ceil(units × target / window)), so 10 units over 28 days for 28 days is 10.
    static func cover(
        sku: String, locationId: String, units: Int64, levels: [StockLevel], window: Int32, target: Int32,
        now: Timestamp
    ) -> StockCover {
        let (available, incoming) = totals(levels)
        return cover(sku: sku, locationId: locationId, units: units, available: available, incoming: incoming,
                     window: window, target: target, now: now)
    }

    /// Available and incoming units summed over `levels`.
    static func totals(_ levels: [StockLevel]) -> (available: Int64, incoming: Int64) {
        var available: Int64 = 0
        var incoming: Int64 = 0
        for level in levels {
            available &+= level.available
            incoming &+= level.incoming
        }
        return (available, incoming)
    }

    /// The same from the levels' summed available and incoming units.
    static func cover(
        sku: String, locationId: String, units: Int64, available: Int64, incoming: Int64, window: Int32,
        target: Int32, now: Timestamp
    ) -> StockCover {
        let demand = Double(units) / Double(window)
        var days = 0.0
        var stockout: Timestamp?
        if units > 0 {
            days = Double(available) / demand
            let offset = days * Double(Day.nanos)
            // Beyond what an instant can hold (year 2262) the date saturates there.
            stockout = Timestamp(nanos: offset < Double(Int64.max &- max(0, now.nanos)) ? now.nanos &+ Int64(offset) : .max)
        }
        let (need, overflow) = units.multipliedReportingOverflow(by: Int64(target))
        let wantUnits = overflow ? Int64.max : (need + Int64(window) - 1) / Int64(window)
        let reorder = max(0, wantUnits &- available &- incoming)
        return StockCover(sku: sku, locationId: locationId, available: available, incoming: incoming,
                          windowUnits: units, dailyDemand: demand, daysOfCover: days,
                          predictedStockout: stockout, reorderQuantity: reorder)
    }
}

/// The best `capacity` customers seen so far (most revenue, then most orders, then lowest id),
/// as a binary heap whose root is the worst one kept.
struct TopCustomers {
    struct Entry {
        var revenue: Int64
        var orders: Int64
        var index: Int32
        var id: String
    }

    let capacity: Int
    private var heap: [Entry] = []

    init(capacity: Int) { self.capacity = capacity }

    /// Whether `a` ranks before `b`.
    static func better(_ a: Entry, _ b: Entry) -> Bool {
        if a.revenue != b.revenue { return a.revenue > b.revenue }
        if a.orders != b.orders { return a.orders > b.orders }
        return a.id < b.id
    }

    mutating func offer(revenue: Int64, orders: Int64, index: Int32, id: @autoclosure () -> String) {
        guard capacity > 0 else { return }
        if heap.count == capacity {
            let root = heap[0]
            // Cheap rejection on the numbers before any string comparison.
            if revenue < root.revenue || (revenue == root.revenue && orders < root.orders) { return }
            let entry = Entry(revenue: revenue, orders: orders, index: index, id: id())
            guard Self.better(entry, root) else { return }
            heap[0] = entry
            siftDown(0)
        } else {
            heap.append(Entry(revenue: revenue, orders: orders, index: index, id: id()))
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.better(heap[parent], heap[i]) else { break }
                heap.swapAt(parent, i)
                i = parent
            }
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var worst = i
            if l < heap.count && Self.better(heap[worst], heap[l]) { worst = l }
            if r < heap.count && Self.better(heap[worst], heap[r]) { worst = r }
            if worst == i { return }
            heap.swapAt(i, worst)
            i = worst
        }
    }

    /// Best first.
    func sorted() -> [Entry] { heap.sorted(by: Self.better) }
}
