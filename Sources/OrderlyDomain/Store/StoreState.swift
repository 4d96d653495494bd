// StoreState: every entity plus the indexes that make lookups, idempotency, listing and reports
// cheap. It is a value (copy-on-write arrays and dictionaries), so a snapshot is a cheap copy.
// The only way to change it is `apply(_:)`, which keeps the indexes in step.

/// (channel, channel_order_ref): the second CreateOrder idempotency key.
struct ChannelRef: Hashable, Sendable {
    var channel: SalesChannel
    var ref: String
}

/// What an AdjustStock idempotency key made: the level it changed and its request's digest.
struct AdjustRequest: Hashable, Sendable {
    var key: StockKey
    /// 0 when unknown (written before fingerprints existed).
    var fingerprint: UInt64
}

/// Orders a location accepted on one local day.
struct CapacityDay: Hashable, Sendable {
    /// Local day number (days since 1970-01-01 on the location's wall clock).
    var day: Int64
    var orders: Int64
}

/// The whole in-memory state.
public struct StoreState: Sendable {
    var locations: [String: Location] = [:]
    var stock = StockTable()
    /// Orders in creation order; an order's position is its creation sequence − 1.
    var orders = ChunkedArray<Order>()
    var orderIndex = OrderIdIndex()
    var orderRequests = ShardedDictionary<String, Int32>()
    var channelRefs = ChannelRefIndex<FNVChannelRefDigest>()
    var byCustomer = ShardedDictionary<String, [Int32]>()
    var byStatus: [Bitset] = Array(repeating: Bitset(), count: OrderStatus.allCases.count)
    var byChannel: [Bitset] = Array(repeating: Bitset(), count: SalesChannel.allCases.count)
    /// Orders with an active hold, per HoldReason raw value (ListOrders' hold_reason filter).
    var byHold: [Bitset] = Array(repeating: Bitset(), count: HoldReason.allCases.count)
    /// Orders waiting for stock (rebuilt by `putOrder`, never stored).
    var backorders = BackorderBook()
    var shipments = ChunkedArray<Shipment>()
    var shipmentIndex = ShardedDictionary<String, Int32>()
    var returns = ChunkedArray<Return>()
    var returnIndex = ShardedDictionary<String, Int32>()
    var returnRequests = ShardedDictionary<String, Int32>()
    var returnsByOrder = ShardedDictionary<String, [Int32]>()
    var adjustRequests = ShardedDictionary<String, AdjustRequest>()
    /// The sequence of the newest order event.
    public internal(set) var lastSequence: Int64 = 0
    var reports = ReportBook()
    var insights = InsightBook()
    var ledger = StockLedger()
    var transfers = ChunkedArray<Transfer>()
    var transferIndex = ShardedDictionary<String, Int32>()
    var transferRequests = ShardedDictionary<String, Int32>()
    var reservations = ChunkedArray<Reservation>()
    var reservationIndex = ShardedDictionary<String, Int32>()
    var reservationRequests = ShardedDictionary<String, Int32>()
    /// ACTIVE reservations by expiry (rebuilt by `apply`, never stored).
    var expiries = ExpiryQueue()
    /// Carrier services by id.
    var carrierServices: [String: CarrierService] = [:]
    /// The same by shipping method, each list by id (rebuilt by `apply`, never stored).
    var carrierServicesByMethod: [ShippingMethod: [CarrierService]] = [:]
    /// The routing policy (DISTANCE until one is set).
    public internal(set) var routingPolicy = RoutingPolicy()
    /// Each location's resolved cutoff rhythm (rebuilt by `apply`, never stored).
    var cutoffs: [String: Cutoff] = [:]
    /// Orders accepted per location on its newest local day (rebuilt from the orders by
    /// `apply`, so it survives a restart without being stored).
    var capacity: [String: CapacityDay] = [:]

    /// An empty state.
    public init() {}

    /// Number of orders ever created.
    public var orderCount: Int { orders.count }

    // MARK: Lookups

    /// The position of the order created with `ref`, if any.
    func position(of ref: ChannelRef) -> Int32? {
        channelRefs.position(of: ref) { holds(Int($0), ref) }
    }

    /// Takes the channel references a rebuild collected beside the orders it put.
    mutating func adoptChannelRefs(_ builder: consuming ChannelRefIndex<FNVChannelRefDigest>.Builder) {
        channelRefs = builder.finish { holds(Int($0), $1) }
    }

    private func holds(_ position: Int, _ ref: ChannelRef) -> Bool {
        orders[position].channel == ref.channel && orders[position].channelOrderRef == ref.ref
    }

    /// The order with `id`, if any.
    public func order(_ id: String) -> Order? { orderIndex.position(of: id, in: orders).map { orders[$0] } }
    /// The shipment with `id`, if any.
    public func shipment(_ id: String) -> Shipment? { shipmentIndex[id].map { shipments[Int($0)] } }
    /// The return with `id`, if any.
    public func returnRecord(_ id: String) -> Return? { returnIndex[id].map { returns[Int($0)] } }
    /// The stock level for `key`, if any.
    public func level(_ key: StockKey) -> StockLevel? { stock[key] }
    /// The location with `id`, if any.
    public func location(_ id: String) -> Location? { locations[id] }

    // MARK: Applying changes

    /// Applies one change; the single door through which state changes.
    public mutating func apply(_ change: StoreChange) {
        var effects = ChangeEffects.discarded
        apply(change, effects: &effects)
    }

    /// Applies one change and collects what watchers should see.
    public mutating func apply(_ change: StoreChange, effects: inout ChangeEffects) {
        switch change {
        case .locationPut(let location):
            locations[location.locationId] = location
            cutoffs[location.locationId] = location.cutoff
        case .carrierServicePut(let service):
            carrierServices[service.carrierServiceId] = service
            carrierServicesByMethod = Dictionary(grouping: carrierServices.values, by: \.method)
                .mapValues { $0.sorted { $0.carrierServiceId < $1.carrierServiceId } }
        case .routingPolicyPut(let policy):
            routingPolicy = policy
        case .stockPut(let level, let requestId, let fingerprint, let ledgered):
            let old = stock.updateValue(level, forKey: level.key)
            if !ledgered {
                let before = old.map(StockBuckets.init) ?? StockBuckets()
                let after = StockBuckets(level)
                ledger.carry(StockBuckets(
                    onHand: after.onHand &- before.onHand, reserved: after.reserved &- before.reserved,
                    damaged: after.damaged &- before.damaged, incoming: after.incoming &- before.incoming),
                    for: level.key)
            }
            if !requestId.isEmpty { adjustRequests[requestId] = AdjustRequest(key: level.key, fingerprint: fingerprint) }
            if effects.collecting { effects.stockLevels.append(level) }
        case .orderPut(let order, let requestId):
            putOrder(order, requestId: requestId, effects: &effects)
        case .shipmentPut(let shipment):
            let old = shipmentIndex[shipment.shipmentId].map { shipments[Int($0)] }
            shipments.upsert(shipment, id: shipment.shipmentId, index: &shipmentIndex)
            if let order = order(shipment.orderId) { reports.replaceShipment(old: old, new: shipment, order: order) }
        case .returnPut(let record, let requestId):
            putReturn(record, requestId: requestId)
        case .stockMoved(let movement):
            ledger.append(movement)
        case .transferPut(let transfer, let requestId):
            let position = transfers.upsert(transfer, id: transfer.transferId, index: &transferIndex)
            if !requestId.isEmpty { transferRequests[requestId] = position }
        case .reservationPut(let reservation, let requestId):
            putReservation(reservation, requestId: requestId)
        }
    }

    /// `rebuilding: true` when the caller builds the report and insight books, the
    /// per-customer lists and the channel references itself, from new orders only (see
    /// StoreState.decode and ``adoptChannelRefs(_:)``).
    mutating func putOrder(_ order: Order, requestId: String, effects: inout ChangeEffects, rebuilding: Bool = false) {
        let old: Order?
        let position: Int
        if let i = orderIndex.position(of: order.orderId, in: orders) {
            position = i
            old = orders[position]
            orders[position] = order
        } else {
            position = orders.count
            old = nil
            orders.append(order)
            orderIndex.insert(order.orderId, at: position)
            if !rebuilding && !order.channelOrderRef.isEmpty {
                let ref = ChannelRef(channel: order.channel, ref: order.channelOrderRef)
                let probe = channelRefs.probe(ref)
                let collides = probe.taken.map { $0 != Int32(position) && !holds(Int($0), ref) } ?? false
                channelRefs.insert(ref, at: Int32(position), probe: probe, collides: collides)
            }
            if !rebuilding && !order.customer.customerId.isEmpty {
                byCustomer[order.customer.customerId, default: []].append(Int32(position))
            }
            byChannel[Int(order.channel.rawValue)].insert(position)
            countCapacity(of: order)
        }
        if !requestId.isEmpty { orderRequests[requestId] = Int32(position) }
        if old?.status != order.status {
            if let old { byStatus[Int(old.status.rawValue)].remove(position) }
            byStatus[Int(order.status.rawValue)].insert(position)
        }
        let oldHolds = old?.holds ?? [], newHolds = order.holds
        if !oldHolds.isEmpty || !newHolds.isEmpty {
            for h in oldHolds where !newHolds.contains(where: { $0.reason == h.reason }) {
                byHold[Int(h.reason.rawValue)].remove(position)
            }
            for h in newHolds { byHold[Int(h.reason.rawValue)].insert(position) }
        }
        backorders.replace(old: old, new: order, position: Int32(position))
        dropStaleBackorderExpiries()
        // History is in sequence order: its last event is the newest.
        if let newest = order.history.last { lastSequence = max(lastSequence, newest.sequence) }
        if effects.collecting {
            for event in order.history.dropFirst(old?.history.count ?? 0) {
                effects.orderEvents.append((event, order.customer.customerId))
            }
        }
        if !rebuilding {
            reports.replace(old: old, new: order, position: Int32(position))
            if let customer = insights.replace(old: old, new: order) {
                insights.customers.setFirst(customer, firstCountedOrder(of: order.customer.customerId))
            }
        }
    }

    /// A snapshot's order (see `rebuilding`), refused when its id is already taken. Mutating so
    /// that the decoder's closure reaches the state in place: a non-mutating call there copied
    /// the whole state (≈ 30 retains and releases) for every order.
    mutating func putRebuiltOrder(_ order: Order, effects: inout ChangeEffects) throws(CodecError) {
        guard orderIndex.position(of: order.orderId, in: orders) == nil else {
            throw CodecError("duplicate order \(order.orderId)")
        }
        putOrder(order, requestId: "", effects: &effects, rebuilding: true)
    }

    /// One more order accepted on its creation's local day at each location it ships from.
    private mutating func countCapacity(of order: Order) {
        var counted: [String] = []
        for a in order.allocations where !counted.contains(a.locationId) {
            counted.append(a.locationId)
            guard let cutoff = cutoffs[a.locationId] else { continue }
            let day = cutoff.localDay(order.createdAt)
            let current = capacity[a.locationId]
            if current == nil || current!.day < day {
                capacity[a.locationId] = CapacityDay(day: day, orders: 1)
            } else if current!.day == day {
                capacity[a.locationId]!.orders += 1
            }
        }
    }

    /// Creation time of the customer's first order that is not cancelled (`.max` when none).
    private func firstCountedOrder(of customerId: String) -> Int64 {
        var first = Int64.max
        for p in byCustomer[customerId] ?? [] where orders[Int(p)].status != .cancelled {
            first = min(first, orders[Int(p)].createdAt.nanos)
        }
        return first
    }

    private mutating func putReturn(_ record: Return, requestId: String) {
        let old: Return?
        let position: Int32
        if let i = returnIndex[record.returnId] {
            position = i
            old = returns[Int(i)]
            returns[Int(i)] = record
        } else {
            position = Int32(returns.count)
            old = nil
            returns.append(record)
            returnIndex[record.returnId] = position
            returnsByOrder[record.orderId, default: []].append(position)
        }
        if !requestId.isEmpty { returnRequests[requestId] = position }
        if let order = order(record.orderId) {
            reports.replaceRefund(
                old: old?.status == .refunded ? old?.refundMinor ?? 0 : 0,
                new: record.status == .refunded ? record.refundMinor : 0,
                currency: order.currency, createdAt: order.createdAt)
        }
    }
}
