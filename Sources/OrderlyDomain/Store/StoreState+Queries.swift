// Read-only queries: ListOrders (filtered pages over creation order, using the customer,
// status and channel indexes), shipment/return/location listings, availability and the
// VerifyInventory audit.

/// ListOrders input. Unset filters (empty / UNSPECIFIED) match anything.
public struct OrderQuery: Hashable, Sendable {
    /// Page size; 0 → 50, capped at 1000.
    public var pageSize: Int32
    /// Token from the previous page ("" = first page).
    public var pageToken: String
    /// Status filter.
    public var status: OrderStatus
    /// Channel filter.
    public var channel: SalesChannel
    /// Customer filter.
    public var customerId: String
    /// Only orders with this active hold (UNSPECIFIED = any).
    public var holdReason: HoldReason = .unspecified

    /// Creates a query.
    public init(pageSize: Int32 = 0, pageToken: String = "", status: OrderStatus = .unspecified,
                channel: SalesChannel = .unspecified, customerId: String = "", holdReason: HoldReason = .unspecified) {
        self.holdReason = holdReason
        self.pageSize = pageSize
        self.pageToken = pageToken
        self.status = status
        self.channel = channel
        self.customerId = customerId
    }
}

/// One page of ListOrders.
public struct OrderPage: Hashable, Sendable {
    /// Matching orders in creation order.
    public var orders: [Order]
    /// Token for the next page; empty on the last page.
    public var nextPageToken: String
}

/// GetAvailability per sku.
public struct SkuAvailability: Hashable, Sendable {
    /// The sku.
    public var sku: String
    /// Σ on_hand.
    public var onHand: Int64
    /// Σ reserved.
    public var reserved: Int64
    /// Σ available.
    public var available: Int64
    /// Per location, by location id.
    public var locations: [StockLevel]
}

/// VerifyInventory result.
public struct InventoryReport: Hashable, Sendable {
    /// True when no problem was found.
    public var consistent: Bool
    /// Stock levels checked.
    public var levelsChecked: Int64
    /// One line per mismatch.
    public var problems: [String]
}

extension StoreState {
    static let defaultPageSize = 50
    static let maxPageSize = 1000

    /// ListOrders: filters AND-combined; the token is the creation position to resume from, so
    /// orders created meanwhile only ever appear after it and every match is visited once.
    public func listOrders(_ q: OrderQuery, limits: DomainLimits = DomainLimits()) throws(DomainError) -> OrderPage {
        if q.pageSize < 0 { throw .invalid("page_size must be >= 0") }
        try Validate.id(q.customerId, "customer_id", required: false, limits: limits)
        let size = q.pageSize == 0 ? Self.defaultPageSize : min(Int(q.pageSize), Self.maxPageSize)
        var start = 0
        if !q.pageToken.isEmpty {
            guard q.pageToken.first == "p", let n = Int(q.pageToken.dropFirst()), n >= 0, n <= orders.count else {
                throw .invalid("page_token is not a token this server issued")
            }
            start = n
        }
        let matches: (Int) -> Bool = { i in
            let o = self.orders[i]
            return (q.status == .unspecified || o.status == q.status)
                && (q.channel == .unspecified || o.channel == q.channel)
                && (q.holdReason == .unspecified || o.holds.contains { $0.reason == q.holdReason })
                && (q.customerId.isEmpty || o.customer.customerId == q.customerId)
        }
        let next: (Int) -> Int?
        if !q.customerId.isEmpty {
            let list = byCustomer[q.customerId] ?? []
            next = { from in
                var lo = 0, hi = list.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if Int(list[mid]) < from { lo = mid + 1 } else { hi = mid }
                }
                var k = lo
                while k < list.count {
                    if matches(Int(list[k])) { return Int(list[k]) }
                    k += 1
                }
                return nil
            }
        } else if q.status != .unspecified || q.channel != .unspecified || q.holdReason != .unspecified {
            // The hold index first: held orders are few, the work queue of their reason.
            let bits = q.holdReason != .unspecified ? byHold[Int(q.holdReason.rawValue)]
                : q.status != .unspecified ? byStatus[Int(q.status.rawValue)] : byChannel[Int(q.channel.rawValue)]
            next = { from in
                var at = from
                while let i = bits.next(from: at) {
                    if matches(i) { return i }
                    at = i + 1
                }
                return nil
            }
        } else {
            next = { from in from < self.orders.count ? from : nil }
        }
        var page: [Order] = []
        var at = start
        while page.count < size, let i = next(at) {
            page.append(orders[i])
            at = i + 1
        }
        let more = page.count == size && next(at) != nil
        return OrderPage(orders: page, nextPageToken: more ? "p\(at)" : "")
    }

    /// ListShipments of an order, in creation order.
    public func shipments(ofOrder orderId: String) throws(DomainError) -> [Shipment] {
        guard let order = order(orderId) else { throw .notFound("order \(orderId) does not exist") }
        return order.shipmentIds.compactMap { shipment($0) }
    }

    /// ListReturns of an order, in creation order.
    public func returns(ofOrder orderId: String) throws(DomainError) -> [Return] {
        guard order(orderId) != nil else { throw .notFound("order \(orderId) does not exist") }
        return (returnsByOrder[orderId] ?? []).map { returns[Int($0)] }
    }

    /// ListLocations, by id.
    public func allLocations() -> [Location] {
        locations.values.sorted { $0.locationId < $1.locationId }
    }

    /// GetAvailability; no skus = every sku, by sku.
    public func availability(skus: [String]) -> [SkuAvailability] {
        let wanted = skus.isEmpty ? Array(stock.sortedSkus) : skus
        return wanted.map { sku in
            let levels = stock.levels(of: sku)
            return SkuAvailability(
                sku: sku, onHand: levels.reduce(0) { $0 &+ $1.onHand },
                reserved: levels.reduce(0) { $0 &+ $1.reserved },
                available: levels.reduce(0) { $0 &+ $1.available }, locations: levels)
        }
    }

    /// VerifyInventory: recomputes reserved from the open allocations of all non-cancelled
    /// orders, requested transfers and active cart reservations, and checks 0 ≤ reserved ≤ on_hand at every level.
    public func verifyInventory() -> InventoryReport {
        let held = transferHoldings()
        var expected = held.reserved
        for (key, units) in reservationHoldings() { expected[key, default: 0] += units }
        var expectedIncoming = held.incoming
        for order in orders where order.status != .cancelled {
            for a in order.allocations where a.open > 0 {
                expected[StockKey(locationId: a.locationId, sku: a.sku), default: 0] += Int64(a.open)
            }
        }
        var problems: [String] = []
        for level in stock.values.sorted(by: { ($0.locationId, $0.sku) < ($1.locationId, $1.sku) }) {
            let want = expected.removeValue(forKey: level.key) ?? 0
            let at = "sku \(level.sku) at location \(level.locationId)"
            if level.reserved != want {
                problems.append("\(at): reserved \(level.reserved) but open allocations, requested transfers and active reservations total \(want)")
            }
            let incoming = expectedIncoming.removeValue(forKey: level.key) ?? 0
            if level.incoming != incoming {
                problems.append("\(at): incoming \(level.incoming) but transfers in transit total \(incoming)")
            }
            if level.reserved < 0 { problems.append("\(at): reserved \(level.reserved) is negative") }
            if level.reserved > level.onHand {
                problems.append("\(at): reserved \(level.reserved) exceeds on_hand \(level.onHand)")
            }
        }
        for (key, want) in expected.sorted(by: { ($0.key.locationId, $0.key.sku) < ($1.key.locationId, $1.key.sku) }) {
            problems.append("sku \(key.sku) at location \(key.locationId): no stock level but open allocations total \(want)")
        }
        for (key, want) in expectedIncoming.sorted(by: { ($0.key.locationId, $0.key.sku) < ($1.key.locationId, $1.key.sku) }) where want != 0 {
            problems.append("sku \(key.sku) at location \(key.locationId): no stock level but transfers in transit total \(want)")
        }
        problems += ledgerProblems()
        return InventoryReport(consistent: problems.isEmpty, levelsChecked: Int64(stock.count), problems: problems)
    }
}
