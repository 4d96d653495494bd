// Per-customer aggregates for GetCustomerInsights: each customer's first order ever (not
// cancelled) and their counted orders and revenue in all (inline in the record), and per UTC day
// the entries of their orders (`CustomerDayLog`, day-major). A query sums the entries of the
// days it needs into a dense per-customer table, then walks the customers once in index order;
// its cost grows with the customers and the orders of the days it reads, never with a heap
// object per customer. Records live in a chunked array and the id index is sharded, so the first
// write after a snapshot's copy copies one chunk, not every customer.

/// One customer.
struct CustomerRecord {
    var id: String
    /// Creation time (nanoseconds) of the first counted order; `.max` when none is left.
    var first: Int64 = .max
    /// Month index (`Day.monthIndex`) of `first`.
    var cohort: Int32 = 0
    /// Counted orders in all, and per currency for the first `InlineMoney.slots` currencies the
    /// store met (USD, EUR, … in practice): a range covering most days is answered as these
    /// minus the days outside it.
    var orders: Int32 = 0
    var money = InlineMoney()

    init(id: String) { self.id = id }
}

/// Orders and revenue in the first three currencies, inline (no heap storage).
struct InlineMoney {
    static let slots = 3
    var orders: (Int32, Int32, Int32) = (0, 0, 0)
    var revenue: (Int64, Int64, Int64) = (0, 0, 0)

    mutating func add(slot: Int, orders n: Int32, revenue r: Int64) {
        switch slot {
        case 0: orders.0 &+= n; revenue.0 &+= r
        case 1: orders.1 &+= n; revenue.1 &+= r
        default: orders.2 &+= n; revenue.2 &+= r
        }
    }

    func get(slot: Int) -> (orders: Int32, revenue: Int64) {
        switch slot {
        case 0: (orders.0, revenue.0)
        case 1: (orders.1, revenue.1)
        default: (orders.2, revenue.2)
        }
    }
}

/// A customer's figures in one range.
struct CustomerSums {
    var orders: Int32 = 0
    var ordersInCurrency: Int32 = 0
    var revenue: Int64 = 0
}

/// Every customer with an order.
struct CustomerBook {
    var index = ShardedDictionary<String, Int32>()
    var records = ChunkedArray<CustomerRecord>()
    /// Every counted order's entry, by day.
    var log = CustomerDayLog()
    /// Currency codes, interned (an entry holds the index).
    var currencies: [String] = []
    var currencyIndex: [String: UInt16] = [:]
    /// The range of cohort months ever seen (never shrinks), to size a query's cohort table.
    var minCohort: Int32 = .max
    var maxCohort: Int32 = .min

    private mutating func currency(_ code: String) -> UInt16 {
        if let i = currencyIndex[code] { return i }
        let i = UInt16(currencies.count)
        currencies.append(code)
        currencyIndex[code] = i
        return i
    }

    /// Adds (`sign` 1) or takes out (−1) one counted order; returns the customer's index when
    /// the order taken out was their first (the caller then sets the next one with `setFirst`).
    mutating func add(_ order: Order, day: Int32, sign: Int32) -> Int32? {
        let id = order.customer.customerId
        let c: Int32
        if let i = index[id] {
            c = i
        } else {
            guard sign > 0 else { return nil }
            c = Int32(records.count)
            index[id] = c
            records.append(CustomerRecord(id: id))
        }
        let currency = currency(order.currency)
        let t = order.createdAt.nanos
        let revenue = order.totalMinor &* Int64(sign)
        log.append(CustomerEntry(customer: c, currency: currency, orders: Int16(sign), revenue: revenue), day: day)
        var lost: Int32?
        let cohort: Int32? = (sign > 0 && t < records[Int(c)].first) ? Day.monthIndex(t) : nil
        records[Int(c)].orders &+= sign
        if Int(currency) < InlineMoney.slots {
            records[Int(c)].money.add(slot: Int(currency), orders: sign, revenue: revenue)
        }
        if let cohort {
            records[Int(c)].first = t
            records[Int(c)].cohort = cohort
            noteCohort(cohort)
        } else if sign < 0 && t == records[Int(c)].first {
            lost = c
        }
        return lost
    }

    /// Sets customer `c`'s first counted order time (`.max` when they have none left).
    mutating func setFirst(_ c: Int32, _ t: Int64) {
        records[Int(c)].first = t
        if t != .max {
            let cohort = Day.monthIndex(t)
            records[Int(c)].cohort = cohort
            noteCohort(cohort)
        }
    }

    private mutating func noteCohort(_ cohort: Int32) {
        minCohort = min(minCohort, cohort)
        maxCohort = max(maxCohort, cohort)
    }
}

/// How a query sums whole days: the days inside its range, or every customer's inline totals
/// minus the days outside it (`cheaper`: whichever reads fewer entries; tests force either).
enum DaySumming {
    case cheaper, inside, outside
}

extension CustomerBook {
    /// Per customer index, their counted orders on the days in `whole` and, for `currency` (nil =
    /// a currency no order is in), their orders and revenue in it. Subtracting the days outside
    /// works only for an inline currency (or none); any other sums the days inside.
    func daySums(_ whole: Range<Int32>, currency: UInt16?, summing: DaySumming = .cheaper) -> [CustomerSums] {
        let inline = currency.map { Int($0) < InlineMoney.slots } ?? true
        let inner = log.positions(whole)
        let innerCount = log.count(inner)
        let outside = switch summing {
        case .cheaper: inline && log.count - innerCount < innerCount
        case .inside: false
        case .outside: inline
        }
        var table = [CustomerSums](repeating: CustomerSums(), count: records.count)
        table.withUnsafeMutableBufferPointer { t in
            let sums = t.baseAddress!
            let wanted = currency.map(Int32.init) ?? -1
            func add(_ entries: UnsafeBufferPointer<CustomerEntry>) {
                for e in entries {
                    let s = sums + Int(e.customer)
                    s.pointee.orders &+= Int32(e.orders)
                    if Int32(e.currency) == wanted {
                        s.pointee.ordersInCurrency &+= Int32(e.orders)
                        s.pointee.revenue &+= e.revenue
                    }
                }
            }
            guard outside else {
                log.forEachChunk(inner, add)
                return
            }
            log.forEachChunk(0..<inner.lowerBound, add)
            log.forEachChunk(inner.upperBound..<log.days.count, add)
            records.forEachChunk { base, chunk in
                guard let first = chunk.baseAddress else { return }
                for j in 0..<chunk.count {
                    let r = first + j  // in place: no copy of the record's id
                    let s = sums + (base + j)
                    let m = currency.map { r.pointee.money.get(slot: Int($0)) } ?? (orders: 0, revenue: 0)
                    s.pointee = CustomerSums(
                        orders: r.pointee.orders &- s.pointee.orders,
                        ordersInCurrency: m.orders &- s.pointee.ordersInCurrency,
                        revenue: m.revenue &- s.pointee.revenue)
                }
            }
        }
        return table
    }
}
