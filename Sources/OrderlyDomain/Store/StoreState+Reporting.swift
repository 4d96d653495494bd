// ReportingService queries over the hourly buckets: whole hours inside `[from, to)` are summed
// from their buckets; the (at most two) partially covered hours are recomputed exactly from the
// orders created in them.

/// GetSalesSummary per channel.
public struct ChannelSales: Hashable, Sendable {
    /// The channel.
    public var channel: SalesChannel
    /// Orders.
    public var orders: Int64
    /// Units.
    public var units: Int64
    /// Revenue in minor units.
    public var revenueMinor: Int64
}

/// GetSalesSummary result.
public struct SalesSummary: Hashable, Sendable {
    /// Non-cancelled orders created in range.
    public var orders: Int64
    /// Units ordered.
    public var units: Int64
    /// Σ order totals.
    public var revenueMinor: Int64
    /// Σ refunds of REFUNDED returns of those orders.
    public var refundedMinor: Int64
    /// Per channel, channels with orders only, in enum order.
    public var byChannel: [ChannelSales]
}

/// GetTopProducts entry.
public struct ProductSales: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units ordered.
    public var units: Int64
    /// Revenue in minor units.
    public var revenueMinor: Int64
}

/// GetFulfillmentStats result.
public struct FulfillmentStats: Hashable, Sendable {
    /// Orders with at least one shipment.
    public var ordersShipped: Int64
    /// Mean hours from creation to first shipment.
    public var meanHoursToShip: Double
    /// 90th percentile (nearest rank) of hours to first shipment.
    public var p90HoursToShip: Double
    /// Mean hours from creation to DELIVERED, over delivered orders.
    public var meanHoursToDeliver: Double
    /// Shipped orders with more than one shipment / shipped orders.
    public var splitShipmentRate: Double
    /// Units received back / units shipped.
    public var returnRate: Double
}

extension StoreState {
    /// Sums the report contributions of orders created in `[from, to)` (nil = open bound).
    func reportTotals(from: Timestamp?, to: Timestamp?) -> ReportBucket {
        var total = ReportBucket()
        let lo = from?.nanos ?? .min
        let hi = to?.nanos ?? .max
        guard lo < hi else { return total }
        for (hour, bucket) in reports.buckets {
            let start = hour &* ReportBook.hourNanos
            let end = start &+ ReportBook.hourNanos
            if end <= lo || start >= hi { continue }
            if start >= lo && end <= hi {
                total.add(bucket)
                continue
            }
            for position in bucket.positions {
                let order = orders[Int(position)]
                guard order.createdAt.nanos >= lo && order.createdAt.nanos < hi else { continue }
                addContribution(of: order, into: &total)
            }
        }
        return total
    }

    /// One order's contribution, computed from scratch (must equal what the buckets hold).
    func contribution(of order: Order) -> ReportBucket {
        var b = ReportBucket()
        addContribution(of: order, into: &b)
        return b
    }

    /// Adds one order's contribution to `b` (no temporary bucket: the partial-hour path runs
    /// this for thousands of orders).
    func addContribution(of order: Order, into b: inout ReportBucket) {
        let facts = OrderFacts(order)
        if facts.counted { b.addSales(order, sign: 1) }
        b.addFulfillment(facts, sign: 1)
        if let positions = returnsByOrder[order.orderId] {
            for position in positions {
                let r = returns[Int(position)]
                if r.status == .refunded { b.refunded &+= r.refundMinor }
            }
        }
    }

    /// GetSalesSummary.
    public func salesSummary(from: Timestamp?, to: Timestamp?) -> SalesSummary {
        let t = reportTotals(from: from, to: to)
        let channels = SalesChannel.allCases.compactMap { c -> ChannelSales? in
            let i = Int(c.rawValue)
            guard t.channelOrders[i] != 0 else { return nil }
            return ChannelSales(channel: c, orders: t.channelOrders[i], units: t.channelUnits[i],
                                revenueMinor: t.channelRevenue[i])
        }
        return SalesSummary(orders: t.orders, units: t.units, revenueMinor: t.revenue,
                            refundedMinor: t.refunded, byChannel: channels)
    }

    /// GetTopProducts: most units first (then revenue, then sku); `limit` 0 → 10, capped at 1000.
    public func topProducts(from: Timestamp?, to: Timestamp?, limit: Int32) throws(DomainError) -> [ProductSales] {
        if limit < 0 { throw .invalid("limit must be >= 0") }
        let count = limit == 0 ? 10 : min(Int(limit), 1000)
        let t = reportTotals(from: from, to: to)
        let all = t.skus.map { ProductSales(sku: $0.key, units: $0.value.units, revenueMinor: $0.value.revenue) }
            .filter { $0.units > 0 }
        return all.sorted {
            ($1.units, $1.revenueMinor, $0.sku) < ($0.units, $0.revenueMinor, $1.sku)
        }.prefix(count).map { $0 }
    }

    /// GetFulfillmentStats.
    public func fulfillmentStats(from: Timestamp?, to: Timestamp?) -> FulfillmentStats {
        let t = reportTotals(from: from, to: to)
        let msPerHour = 3_600_000.0
        var p90 = 0.0
        if !t.shipMillis.isEmpty {
            let sorted = t.shipMillis.sorted()
            let rank = (sorted.count * 9 + 9) / 10
            p90 = Double(sorted[max(0, rank - 1)]) / msPerHour
        }
        return FulfillmentStats(
            ordersShipped: t.shipped,
            meanHoursToShip: t.shipped > 0 ? Double(t.shipMillisSum) / Double(t.shipped) / msPerHour : 0,
            p90HoursToShip: p90,
            meanHoursToDeliver: t.delivered > 0 ? Double(t.deliverMillisSum) / Double(t.delivered) / msPerHour : 0,
            splitShipmentRate: t.shipped > 0 ? Double(t.split) / Double(t.shipped) : 0,
            returnRate: t.unitsShipped > 0 ? Double(t.unitsReturned) / Double(t.unitsShipped) : 0)
    }

    /// GetLowStock: every level with `available <= threshold`, by location then sku.
    public func lowStock(threshold: Int64) -> [StockLevel] {
        stock.values.filter { $0.available <= threshold }
            .sorted { ($0.locationId, $0.sku) < ($1.locationId, $1.sku) }
    }
}
