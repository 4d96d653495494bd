// A deliberately simple model of the insight reports: it keeps the raw orders a test created
// (and which of them it cancelled) and recomputes every figure by scanning them, with none of
// the store's buckets, day splits or indexes. The insight tests compare the store against it.
import Glibc
@testable import OrderlyDomain

/// One order as the test saw it.
struct RawOrder {
    var id: String
    var customer: String
    var currency: String
    var at: Int64
    var total: Int64
    var lines: [(sku: String, quantity: Int64)]
    var allocations: [(location: String, sku: String, quantity: Int64)]
    var cancelled = false

    init(_ o: Order) {
        id = o.orderId
        customer = o.customer.customerId
        currency = o.currency
        at = o.createdAt.nanos
        total = o.lines.reduce(0) { $0 + Int64($1.quantity) * $1.unitPriceMinor }
        lines = o.lines.map { ($0.sku, Int64($0.quantity)) }
        allocations = o.allocations.map { ($0.locationId, $0.sku, Int64($0.quantity)) }
    }
}

/// The figures, recomputed by brute force.
struct InsightModel {
    var orders: [RawOrder] = []

    /// "YYYY-MM" of an instant, through the C library's calendar (not the store's arithmetic).
    static func month(_ nanos: Int64) -> String {
        var seconds = time_t(nanos >= 0 ? nanos / 1_000_000_000 : (nanos + 1) / 1_000_000_000 - 1)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let m = Int(parts.tm_mon) + 1
        return "\(Int(parts.tm_year) + 1900)-\(m < 10 ? "0" : "")\(m)"
    }

    func customers(from: Int64?, to: Int64?, currency: String, top: Int) -> CustomerInsights {
        let counted = orders.filter { !$0.cancelled && !$0.customer.isEmpty }
        var first: [String: Int64] = [:]
        for o in counted { first[o.customer] = min(first[o.customer] ?? .max, o.at) }
        let inRange = counted.filter { $0.at >= (from ?? .min) && $0.at < (to ?? .max) }
        var perCustomer: [String: (orders: Int64, money: Int64)] = [:]
        var ordersInCurrency: Int64 = 0
        for o in inRange {
            var v = perCustomer[o.customer] ?? (0, 0)
            v.orders += 1
            if o.currency == currency {
                v.money += o.total
                ordersInCurrency += 1
            }
            perCustomer[o.customer] = v
        }
        let customers = Int64(perCustomer.count)
        let repeats = Int64(perCustomer.values.filter { $0.orders >= 2 }.count)
        let newOnes = Int64(perCustomer.keys.filter { first[$0]! >= (from ?? .min) && first[$0]! < (to ?? .max) }.count)
        let orderCount = perCustomer.values.reduce(0) { $0 + $1.orders }
        let revenue = perCustomer.values.reduce(0) { $0 + $1.money }
        let ranked = perCustomer.map { CustomerValue(customerId: $0.key, orders: $0.value.orders, revenueMinor: $0.value.money) }
            .sorted { ($1.revenueMinor, $1.orders, $0.customerId) < ($0.revenueMinor, $0.orders, $1.customerId) }
        var cohorts: [String: CohortRow] = [:]
        for (c, v) in perCustomer {
            let m = Self.month(first[c]!)
            var row = cohorts[m] ?? CohortRow(firstOrderMonth: m, customers: 0, repeatCustomers: 0, revenueMinor: 0)
            row.customers += 1
            if v.orders >= 2 { row.repeatCustomers += 1 }
            row.revenueMinor += v.money
            cohorts[m] = row
        }
        return CustomerInsights(
            customers: customers, newCustomers: newOnes, repeatCustomers: repeats,
            repeatPurchaseRate: customers > 0 ? Double(repeats) / Double(customers) : 0,
            averageOrderValueMinor: ordersInCurrency > 0 ? revenue / ordersInCurrency : 0,
            ordersPerCustomer: customers > 0 ? Double(orderCount) / Double(customers) : 0,
            topCustomers: Array(ranked.prefix(top)),
            cohorts: cohorts.values.sorted { $0.firstOrderMonth < $1.firstOrderMonth },
            currency: currency, orders: orderCount, revenueMinor: revenue)
    }

    func affinity(_ sku: String, from: Int64?, to: Int64?, limit: Int) -> [ProductPair] {
        var together: [String: Int64] = [:]
        for o in orders where !o.cancelled && o.at >= (from ?? .min) && o.at < (to ?? .max) {
            var distinct: [String] = []
            for line in o.lines where !distinct.contains(line.sku) && distinct.count < 32 { distinct.append(line.sku) }
            guard distinct.contains(sku) else { continue }
            for other in distinct where other != sku { together[other, default: 0] += 1 }
        }
        return together.map { ProductPair(sku: $0.key, ordersTogether: $0.value) }
            .sorted { ($1.ordersTogether, $0.sku) < ($0.ordersTogether, $1.sku) }
            .prefix(limit).map { $0 }
    }

    /// Units ordered of `sku` (at `location`, by allocation, when given) since `start`.
    func windowUnits(_ sku: String, location: String, since start: Int64) -> Int64 {
        var units: Int64 = 0
        for o in orders where !o.cancelled && o.at >= start {
            if location.isEmpty {
                units += o.lines.filter { $0.sku == sku }.reduce(0) { $0 + $1.quantity }
            } else {
                units += o.allocations.filter { $0.location == location && $0.sku == sku }.reduce(0) { $0 + $1.quantity }
            }
        }
        return units
    }
}
