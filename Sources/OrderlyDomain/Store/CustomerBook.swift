// Per-customer aggregates for GetCustomerInsights: each customer's first order ever (not
// cancelled) and, per UTC day and currency, their order count and revenue. A query walks the
// customers once (a customer whose days all fall outside the range is skipped on two integers),
// sums the days inside the range and adds the partial-day edges; its cost grows with customers,
// not orders. Records live in a chunked array and the id index is sharded, so the first write
// after a snapshot's copy copies one chunk, not every customer.

/// One customer's orders of one day in one currency.
struct CustomerDay: Equatable {
    var day: Int32
    var currency: UInt16
    var orders: Int32
    var revenue: Int64
}

/// One customer.
struct CustomerRecord {
    var id: String
    /// Creation time (nanoseconds) of the first counted order; `.max` when none is left.
    var first: Int64 = .max
    /// Month index (`Day.monthIndex`) of `first`.
    var cohort: Int32 = 0
    /// The first and last day of `days` (`.max` / `.min` when empty), to skip without reading it.
    var firstDay: Int32 = .max
    var lastDay: Int32 = .min
    /// Counted orders in all, and per currency for the first `InlineMoney.slots` currencies the
    /// store met (USD, EUR, … in practice): a customer wholly inside a range is summed from these
    /// in place, without reading `days` (one cache miss per customer at a million orders).
    var orders: Int32 = 0
    var money = InlineMoney()
    /// Whether any counted order was ever in a currency beyond the inline slots (sticky).
    var otherCurrencies = false
    /// A copy of the last entry of `days`, and the day of the one before it (`.min` if none): a
    /// range that holds only the last entry ("the last 30 days" for most customers) is summed
    /// without reading `days` either.
    var last = CustomerDay(day: .min, currency: 0, orders: 0, revenue: 0)
    var dayBeforeLast: Int32 = .min
    /// Sorted by (day, currency); no entry has 0 orders.
    var days: [CustomerDay] = []

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

/// A customer's figures in one range (summed from days and edges).
struct CustomerSums {
    var orders: Int64 = 0
    var ordersInCurrency: Int64 = 0
    var revenue: Int64 = 0
}

/// Every customer with an order.
struct CustomerBook {
    var index = ShardedDictionary<String, Int32>()
    var records = ChunkedArray<CustomerRecord>()
    /// Currency codes, interned (a day entry holds the index).
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
        var lost: Int32?
        let cohort: Int32? = (sign > 0 && t < records[Int(c)].first) ? Day.monthIndex(t) : nil
        Self.update(&records[Int(c)], day: day, currency: currency, sign: sign, revenue: order.totalMinor)
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

    private static func update(_ r: inout CustomerRecord, day: Int32, currency: UInt16, sign: Int32, revenue: Int64) {
        var lo = 0
        var hi = r.days.count
        if let last = r.days.last, (last.day, last.currency) < (day, currency) {
            lo = hi
        } else {
            while lo < hi {
                let mid = (lo + hi) / 2
                if (r.days[mid].day, r.days[mid].currency) < (day, currency) { lo = mid + 1 } else { hi = mid }
            }
        }
        if lo < r.days.count && r.days[lo].day == day && r.days[lo].currency == currency {
            r.days[lo].orders &+= sign
            r.days[lo].revenue &+= revenue &* Int64(sign)
            if r.days[lo].orders <= 0 { r.days.remove(at: lo) }
        } else if sign > 0 {
            r.days.insert(CustomerDay(day: day, currency: currency, orders: 1, revenue: revenue), at: lo)
        }
        r.firstDay = r.days.first?.day ?? .max
        r.lastDay = r.days.last?.day ?? .min
        r.last = r.days.last ?? CustomerDay(day: .min, currency: 0, orders: 0, revenue: 0)
        r.dayBeforeLast = r.days.count >= 2 ? r.days[r.days.count - 2].day : .min
        r.orders &+= sign
        if Int(currency) < InlineMoney.slots {
            r.money.add(slot: Int(currency), orders: sign, revenue: revenue &* Int64(sign))
        } else {
            r.otherCurrencies = true
        }
    }

    /// The customer at `r`'s orders on the days in `whole`, money counted for `currency` (nil =
    /// none). Reads the record in place; `days` only when the customer straddles the range.
    static func sums(_ r: UnsafePointer<CustomerRecord>, whole: Range<Int32>, currency: UInt16?) -> CustomerSums {
        var s = CustomerSums()
        let firstDay = r.pointee.firstDay
        let lastDay = r.pointee.lastDay
        guard lastDay >= whole.lowerBound, firstDay < whole.upperBound else { return s }
        if firstDay >= whole.lowerBound && lastDay < whole.upperBound {
            s.orders = Int64(r.pointee.orders)
            guard let currency else { return s }  // a currency no order is in: no money
            if Int(currency) < InlineMoney.slots {
                let m = r.pointee.money.get(slot: Int(currency))
                s.ordersInCurrency = Int64(m.orders)
                s.revenue = m.revenue
                return s
            }
            if !r.pointee.otherCurrencies { return s }
            s = CustomerSums()  // its orders in that currency are only in `days`
        }
        if lastDay < whole.upperBound && r.pointee.dayBeforeLast < whole.lowerBound {
            // Only the last entry is inside the range.
            let d = r.pointee.last
            s.orders = Int64(d.orders)
            if d.currency == currency {
                s.ordersInCurrency = Int64(d.orders)
                s.revenue = d.revenue
            }
            return s
        }
        let days = r.pointee.days
        var i = 0
        if firstDay < whole.lowerBound {
            var hi = days.count
            while i < hi {
                let mid = (i + hi) / 2
                if days[mid].day < whole.lowerBound { i = mid + 1 } else { hi = mid }
            }
        }
        while i < days.count {
            let d = days[i]
            if d.day >= whole.upperBound { break }
            s.orders &+= Int64(d.orders)
            if d.currency == currency {
                s.ordersInCurrency &+= Int64(d.orders)
                s.revenue &+= d.revenue
            }
            i += 1
        }
        return s
    }
}
