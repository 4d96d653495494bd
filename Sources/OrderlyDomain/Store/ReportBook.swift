// Incremental report aggregates: one bucket per creation hour holding the sums every report
// needs, money kept apart per currency (JPY is never added to EUR). Each order change replaces
// the order's old contribution with its new one, so a report over a range sums a few buckets
// instead of scanning a million orders. Cancelled orders contribute nothing.
// All-time totals bound every bucket and every range sum (no contribution is negative), so a
// write whose figures would overflow an all-time total is refused before it changes anything
// (`ReportBook.overflow(adding:)`); below that bound the sums here cannot wrap.

/// The fulfillment facts of one order that reports aggregate.
struct OrderFacts: Equatable {
    var shipMillis: Int64?
    var deliverMillis: Int64?
    var shipments: Int
    var unitsShipped: Int64
    var unitsReturned: Int64
    var counted: Bool
    /// Delivered with a promise: whether it became DELIVERED by `promise.latest` (nil otherwise).
    var promiseKept: Bool?

    init(_ order: Order) {
        counted = order.status != .cancelled
        if let latest = order.promise?.latest, latest.nanos != 0, let delivered = order.deliveredAt {
            promiseKept = delivered <= latest
        }
        shipMillis = order.firstShippedAt.map { ($0.nanos - order.createdAt.nanos) / 1_000_000 }
        deliverMillis = order.deliveredAt.map { ($0.nanos - order.createdAt.nanos) / 1_000_000 }
        shipments = order.shipmentIds.count
        unitsShipped = order.unitsShipped
        unitsReturned = order.unitsReturned
    }
}

/// Units and revenue of one sku.
struct SkuTotals: Hashable {
    var units: Int64 = 0
    var revenue: Int64 = 0

    mutating func add(units: Int64, revenue: Int64) {
        self.units &+= units
        self.revenue &+= revenue
    }
}

/// Sales of the orders in one currency: counts, and money in that currency's minor units.
struct CurrencySums {
    var orders: Int64 = 0
    var units: Int64 = 0
    var revenue: Int64 = 0
    var refunded: Int64 = 0
    /// Per channel raw value: orders, units, revenue.
    var channelOrders = [Int64](repeating: 0, count: SalesChannel.allCases.count)
    var channelUnits = [Int64](repeating: 0, count: SalesChannel.allCases.count)
    var channelRevenue = [Int64](repeating: 0, count: SalesChannel.allCases.count)
    var skus: [String: SkuTotals] = [:]

    mutating func addSales(_ order: Order, sign: Int64) {
        orders &+= sign
        let c = Int(order.channel.rawValue)
        channelOrders[c] &+= sign
        // Cancelled units count nowhere (quantityCounted = quantity − quantity_cancelled).
        for line in order.lines where line.quantityCounted > 0 {
            let amount = Int64(line.quantityCounted) &* line.unitPriceMinor &* sign
            units &+= Int64(line.quantityCounted) &* sign
            revenue &+= amount
            channelUnits[c] &+= Int64(line.quantityCounted) &* sign
            channelRevenue[c] &+= amount
            // In place (one hash); only a removal can leave an empty entry to drop.
            skus[line.sku, default: SkuTotals()].add(units: Int64(line.quantityCounted) &* sign, revenue: amount)
            if sign < 0, skus[line.sku] == SkuTotals() { skus[line.sku] = nil }
        }
    }

    mutating func add(_ other: CurrencySums) {
        orders &+= other.orders
        units &+= other.units
        revenue &+= other.revenue
        refunded &+= other.refunded
        for c in channelOrders.indices {
            channelOrders[c] &+= other.channelOrders[c]
            channelUnits[c] &+= other.channelUnits[c]
            channelRevenue[c] &+= other.channelRevenue[c]
        }
        for (sku, t) in other.skus {
            skus[sku, default: SkuTotals()].units &+= t.units
            skus[sku, default: SkuTotals()].revenue &+= t.revenue
        }
    }
}

/// Sums over the orders of one creation hour (or of any set of orders).
struct ReportBucket {
    /// Sales per currency code.
    var sales: [String: CurrencySums] = [:]
    var shipped: Int64 = 0
    var shipMillisSum: Int64 = 0
    var shipMillis: [Int64] = []
    var delivered: Int64 = 0
    var deliverMillisSum: Int64 = 0
    var split: Int64 = 0
    var unitsShipped: Int64 = 0
    var unitsReturned: Int64 = 0
    /// Delivered orders with a promise, and those delivered by it.
    var promised: Int64 = 0
    var promisesKept: Int64 = 0
    /// Shipments by the location they left from.
    var byLocation: [String: LocationSums] = [:]
    /// Positions of the orders created in this hour (for exact partial-hour ranges).
    var positions: [Int32] = []

    mutating func addSales(_ order: Order, sign: Int64) {
        sales[order.currency, default: CurrencySums()].addSales(order, sign: sign)
    }

    mutating func addFulfillment(_ f: OrderFacts, sign: Int64) {
        guard f.counted else { return }
        if let ms = f.shipMillis {
            shipped &+= sign
            shipMillisSum &+= ms &* sign
            if sign > 0 {
                shipMillis.append(ms)
            } else if let i = shipMillis.lastIndex(of: ms) {
                shipMillis.remove(at: i)
            }
        }
        if let ms = f.deliverMillis {
            delivered &+= sign
            deliverMillisSum &+= ms &* sign
        }
        if f.shipments > 1 { split &+= sign }
        if let kept = f.promiseKept {
            promised &+= sign
            if kept { promisesKept &+= sign }
        }
        unitsShipped &+= f.unitsShipped &* sign
        unitsReturned &+= f.unitsReturned &* sign
    }

    mutating func add(_ other: ReportBucket) {
        for (currency, sums) in other.sales {
            sales[currency, default: CurrencySums()].add(sums)
        }
        shipped &+= other.shipped
        shipMillisSum &+= other.shipMillisSum
        shipMillis.append(contentsOf: other.shipMillis)
        delivered &+= other.delivered
        deliverMillisSum &+= other.deliverMillisSum
        split &+= other.split
        unitsShipped &+= other.unitsShipped
        unitsReturned &+= other.unitsReturned
        promised &+= other.promised
        promisesKept &+= other.promisesKept
        for (location, sums) in other.byLocation { byLocation[location, default: LocationSums()].add(sums, sign: 1) }
    }

    mutating func addShipment(_ f: ShipmentFacts, sign: Int64) {
        byLocation[f.locationId, default: LocationSums()].add(f, sign: sign)
        if sign < 0, byLocation[f.locationId] == LocationSums() { byLocation[f.locationId] = nil }
    }
}

/// The facts of one shipment that the per-location report aggregates.
struct ShipmentFacts: Equatable {
    var locationId: String
    /// Order creation → shipment creation.
    var shipMillis: Int64
    /// Delivered, of an order whose parcel from here has a deliver_by: whether the shipment's
    /// DELIVERED event occurred by it (nil otherwise).
    var promiseKept: Bool?

    init(_ s: Shipment, of order: Order) {
        locationId = s.locationId
        shipMillis = (s.createdAt.nanos &- order.createdAt.nanos) / 1_000_000
        if s.status == .delivered,
           let deliverBy = order.promise?.parcels.first(where: { $0.locationId == s.locationId })?.deliverBy,
           deliverBy.nanos != 0, let delivered = s.events.last(where: { $0.status == .delivered })?.occurredAt {
            promiseKept = delivered <= deliverBy
        }
    }
}

/// Shipments of one location (FulfillmentStats.by_location).
struct LocationSums: Equatable {
    var shipments: Int64 = 0
    var shipMillisSum: Int64 = 0
    var promised: Int64 = 0
    var kept: Int64 = 0

    mutating func add(_ f: ShipmentFacts, sign: Int64) {
        shipments &+= sign
        shipMillisSum &+= f.shipMillis &* sign
        if let k = f.promiseKept {
            promised &+= sign
            if k { kept &+= sign }
        }
    }

    mutating func add(_ o: LocationSums, sign: Int64) {
        shipments &+= o.shipments &* sign
        shipMillisSum &+= o.shipMillisSum &* sign
        promised &+= o.promised &* sign
        kept &+= o.kept &* sign
    }
}

/// Buckets by creation hour, kept in step with the orders by `StoreState.apply`.
struct ReportBook {
    static let hourNanos: Int64 = 3_600_000_000_000
    var buckets: [Int64: ReportBucket] = [:]
    /// Every counted order's sales, per currency: the bound below which no sum here wraps.
    var allTime = SalesCeiling()

    static func hour(of t: Timestamp) -> Int64 {
        t.nanos >= 0 ? t.nanos / hourNanos : (t.nanos + 1) / hourNanos - 1
    }

    mutating func replace(old: Order?, new: Order, position: Int32) {
        let hour = Self.hour(of: new.createdAt)
        let oldFacts = old.map(OrderFacts.init)
        let newFacts = OrderFacts(new)
        let wasCounted = oldFacts?.counted ?? false
        // Sales move when the order starts or stops counting, or when cancelled units change
        // what a counted order sells (CancelOrderLines, backorder expiry).
        let salesMove = wasCounted != newFacts.counted
            || (wasCounted && newFacts.counted && old.map { !Self.sameSales($0, new) } ?? false)
        if old != nil && oldFacts == newFacts && !salesMove { return }
        // The orders and the signs travel apart: an array or a tuple of them would copy them.
        let removeOld = salesMove && wasCounted
        let addNew = salesMove && newFacts.counted
        // The bucket is changed where it lives (one hash, no copy of it).
        Self.update(&buckets[hour, default: ReportBucket()], isNew: old == nil, position: position,
                    old: old, removeOld: removeOld, new: new, addNew: addNew, oldFacts: oldFacts, newFacts: newFacts)
        if removeOld, let old { allTime.addSales(old, sign: -1) }
        if addNew { allTime.addSales(new, sign: 1) }
    }

    /// Whether two versions of a counted order sell the same (total and units per line).
    private static func sameSales(_ a: Order, _ b: Order) -> Bool {
        guard a.totalMinor == b.totalMinor, a.lines.count == b.lines.count else { return false }
        for (x, y) in zip(a.lines, b.lines) where x.quantityCounted != y.quantityCounted || x.sku != y.sku { return false }
        return true
    }

    private static func update(
        _ bucket: inout ReportBucket, isNew: Bool, position: Int32, old: Order?, removeOld: Bool,
        new: Order, addNew: Bool, oldFacts: OrderFacts?, newFacts: OrderFacts
    ) {
        if isNew { bucket.positions.append(position) }
        if removeOld, let old { bucket.addSales(old, sign: -1) }
        if addNew { bucket.addSales(new, sign: 1) }
        if let oldFacts { bucket.addFulfillment(oldFacts, sign: -1) }
        bucket.addFulfillment(newFacts, sign: 1)
    }

    /// A shipment of `order` was created or changed: its per-location contribution is replaced.
    mutating func replaceShipment(old: Shipment?, new: Shipment, order: Order) {
        guard order.status != .cancelled else { return }
        let before = old.map { ShipmentFacts($0, of: order) }
        let after = ShipmentFacts(new, of: order)
        guard before != after else { return }
        let hour = Self.hour(of: order.createdAt)
        if let before { buckets[hour, default: ReportBucket()].addShipment(before, sign: -1) }
        buckets[hour, default: ReportBucket()].addShipment(after, sign: 1)
    }

    mutating func replaceRefund(old: Int64, new: Int64, currency: String, createdAt: Timestamp) {
        guard old != new else { return }
        buckets[Self.hour(of: createdAt), default: ReportBucket()]
            .sales[currency, default: CurrencySums()].refunded &+= new &- old
        allTime.refunded[currency, default: 0] &+= new &- old
    }
}

/// Folds the new orders of a snapshot into one aggregate (the report book, the insight book) on
/// a thread of its own while another thread builds the indexes: the same update as at run time,
/// with each order's position (they arrive in position order). Used by one thread at a time: the
/// decode pipeline hands it windows in order on one serial queue, and `take` is called after the
/// pipeline has finished.
final class NewOrderFold<Aggregate>: @unchecked Sendable {
    private var aggregate: Aggregate
    private var next: Int32
    /// Adds one chunk of orders, the first at position `first`. A chunk, not an order, per call:
    /// an order passed to a stored closure is copied first (a retain and a release of each of
    /// its strings and arrays, on several threads at once), and every call checks exclusive
    /// access to `aggregate`.
    private let add: (inout Aggregate, UnsafeBufferPointer<Order>, _ first: Int32) -> Void

    init(_ initial: Aggregate, firstPosition: Int32, add: @escaping (inout Aggregate, UnsafeBufferPointer<Order>, _ first: Int32) -> Void) {
        aggregate = initial
        next = firstPosition
        self.add = add
    }

    func add(_ window: [[Order]]) {
        for chunk in window {
            chunk.withUnsafeBufferPointer { add(&aggregate, $0, next) }
            next += Int32(chunk.count)
        }
    }

    func take() -> Aggregate { aggregate }
}
