// ReportingService queries over the hourly buckets: whole hours inside `[from, to)` are summed
// from their buckets; the (at most two) partially covered hours are recomputed exactly from the
// orders created in them.

/// GetSalesSummary per channel: orders and units of every currency, revenue of the summary's.
public struct ChannelSales: Hashable, Sendable {
    /// The channel.
    public var channel: SalesChannel
    /// Orders.
    public var orders: Int64
    /// Units.
    public var units: Int64
    /// Revenue in minor units, of the summary's currency only.
    public var revenueMinor: Int64
}

/// GetSalesSummary: the sales of one currency.
public struct CurrencySales: Hashable, Sendable {
    /// ISO 4217 code.
    public var currency: String
    /// Orders in this currency.
    public var orders: Int64
    /// Units of those orders.
    public var units: Int64
    /// Σ their totals, in this currency's minor units.
    public var revenueMinor: Int64
    /// Σ refunds of their REFUNDED returns, in this currency's minor units.
    public var refundedMinor: Int64
}

/// GetSalesSummary result. Money counts only the orders in `currency`; counts count all.
public struct SalesSummary: Hashable, Sendable {
    /// Non-cancelled orders created in range, every currency.
    public var orders: Int64
    /// Units ordered, every currency.
    public var units: Int64
    /// Σ order totals of the orders in `currency`.
    public var revenueMinor: Int64
    /// Σ refunds of REFUNDED returns of the orders in `currency`.
    public var refundedMinor: Int64
    /// Per channel, channels with orders only, in enum order (money in `currency` only).
    public var byChannel: [ChannelSales]
    /// The currency the money figures are in.
    public var currency: String
    /// One row per currency with orders (or refunds) in range, by currency code.
    public var byCurrency: [CurrencySales]
}

/// GetTopProducts entry.
public struct ProductSales: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units ordered, every currency.
    public var units: Int64
    /// Units × unit price of the orders in the requested currency, in its minor units.
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
    /// Delivered orders with a promise delivered by `promise.latest` / delivered orders with a promise.
    public var promiseKeptRate: Double = 0
    /// Per location that shipped, by location id.
    public var byLocation: [LocationFulfillment] = []
}

/// GetFulfillmentStats per location.
public struct LocationFulfillment: Hashable, Sendable {
    /// The location.
    public var locationId: String
    /// Shipments it created for orders in range.
    public var shipments: Int64
    /// Mean hours from order creation to those shipments.
    public var meanHoursToShip: Double
    /// Its delivered shipments with a promised deliver_by that arrived by it / such shipments.
    public var promiseKeptRate: Double
}

extension StoreState {
    /// Sums the report contributions of orders created in `range`. The `&+` sums in the buckets
    /// cannot wrap: every figure is bounded by `ReportBook.allTime`, which writes keep in range.
    func reportTotals(_ range: ReportRange) -> ReportBucket {
        var total = ReportBucket()
        let lo = range.from?.nanos ?? .min
        let hi = range.to?.nanos ?? .max
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
        if facts.counted {
            for id in order.shipmentIds {
                if let s = shipment(id) { b.addShipment(ShipmentFacts(s, of: order), sign: 1) }
            }
        }
        if let positions = returnsByOrder[order.orderId] {
            for position in positions {
                let r = returns[Int(position)]
                if r.status == .refunded { b.sales[order.currency, default: CurrencySums()].refunded &+= r.refundMinor }
            }
        }
    }

    /// GetSalesSummary over `range`, its money in `currency` (checked: three uppercase letters).
    public func salesSummary(_ range: ReportRange, currency: String) throws(DomainError) -> SalesSummary {
        try Validate.currency(currency)
        return summary(range, currency: currency)
    }

    /// Every sales figure over `[from, to)` (an empty or reversed range sums nothing), money in
    /// USD and `byCurrency` for all, unchecked: for comparing two states (e.g. across a restart).
    public func salesSummary(from: Timestamp?, to: Timestamp?) -> SalesSummary {
        summary(ReportRange(unchecked: from, to), currency: "USD")
    }

    /// Fulfillment figures over `[from, to)`, unchecked (see `salesSummary(from:to:currency:)`).
    public func fulfillmentStats(from: Timestamp?, to: Timestamp?) -> FulfillmentStats {
        fulfillmentStats(ReportRange(unchecked: from, to))
    }

    private func summary(_ range: ReportRange, currency: String) -> SalesSummary {
        let t = reportTotals(range)
        let money = t.sales[currency] ?? CurrencySums()
        var all = CurrencySums()
        for sums in t.sales.values { all.add(sums) }
        let channels = SalesChannel.allCases.compactMap { c -> ChannelSales? in
            let i = Int(c.rawValue)
            guard all.channelOrders[i] != 0 else { return nil }
            return ChannelSales(channel: c, orders: all.channelOrders[i], units: all.channelUnits[i],
                                revenueMinor: money.channelRevenue[i])
        }
        let rows = t.sales.filter { $0.value.orders != 0 || $0.value.refunded != 0 }
            .sorted { $0.key < $1.key }
            .map { CurrencySales(currency: $0.key, orders: $0.value.orders, units: $0.value.units,
                                 revenueMinor: $0.value.revenue, refundedMinor: $0.value.refunded) }
        return SalesSummary(orders: all.orders, units: all.units, revenueMinor: money.revenue,
                            refundedMinor: money.refunded, byChannel: channels, currency: currency,
                            byCurrency: rows)
    }

    /// GetTopProducts: most units first (then revenue, then sku); `limit` 0 → 10, capped at 1000.
    /// Units count every currency; revenue only `currency`'s orders.
    public func topProducts(_ range: ReportRange, currency: String, limit: Int32) throws(DomainError) -> [ProductSales] {
        if limit < 0 { throw .invalid("limit must be >= 0") }
        try Validate.currency(currency)
        let count = limit == 0 ? 10 : min(Int(limit), 1000)
        let t = reportTotals(range)
        var units: [String: Int64] = [:]
        for sums in t.sales.values {
            for (sku, totals) in sums.skus { units[sku, default: 0] &+= totals.units }
        }
        let revenue = t.sales[currency]?.skus ?? [:]
        let all = units.filter { $0.value > 0 }
            .map { ProductSales(sku: $0.key, units: $0.value, revenueMinor: revenue[$0.key]?.revenue ?? 0) }
        return all.sorted {
            ($1.units, $1.revenueMinor, $0.sku) < ($0.units, $0.revenueMinor, $1.sku)
        }.prefix(count).map { $0 }
    }

    /// GetFulfillmentStats.
    public func fulfillmentStats(_ range: ReportRange) -> FulfillmentStats {
        let t = reportTotals(range)
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
            returnRate: t.unitsShipped > 0 ? Double(t.unitsReturned) / Double(t.unitsShipped) : 0,
            promiseKeptRate: t.promised > 0 ? Double(t.promisesKept) / Double(t.promised) : 0,
            byLocation: t.byLocation.filter { $0.value.shipments > 0 }.sorted { $0.key < $1.key }.map { id, l in
                LocationFulfillment(
                    locationId: id, shipments: l.shipments,
                    meanHoursToShip: Double(l.shipMillisSum) / Double(l.shipments) / msPerHour,
                    promiseKeptRate: l.promised > 0 ? Double(l.kept) / Double(l.promised) : 0)
            })
    }

    /// GetLowStock: every level with `available <= threshold`, by location then sku; a negative
    /// threshold (no level's `available` is below 0) is a mistake → INVALID_ARGUMENT.
    public func lowStock(threshold: Int64) throws(DomainError) -> [StockLevel] {
        if threshold < 0 { throw .invalid("threshold must be >= 0, got \(threshold)") }
        return stock.values.filter { $0.available <= threshold }
            .sorted { ($0.locationId, $0.sku) < ($1.locationId, $1.sku) }
    }
}
