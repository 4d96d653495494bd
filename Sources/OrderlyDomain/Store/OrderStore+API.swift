// One method per API operation, so the services call the store without knowing the rules.

extension OrderStore {
    // MARK: InventoryService

    /// UpsertLocation.
    public func upsertLocation(_ location: Location) throws(DomainError) -> Location {
        try mutate { s, ctx throws(DomainError) in try s.upsertLocation(location, ctx) }
    }

    /// ListLocations.
    public func listLocations() -> [Location] {
        read { $0.allLocations() }
    }

    /// SetStock.
    public func setStock(_ c: SetStockCommand) throws(DomainError) -> StockLevel {
        try mutate { s, ctx throws(DomainError) in try s.setStock(c, ctx) }
    }

    /// AdjustStock.
    public func adjustStock(_ c: AdjustStockCommand) throws(DomainError) -> StockLevel {
        try mutate { s, ctx throws(DomainError) in try s.adjustStock(c, ctx) }
    }

    /// GetAvailability.
    public func availability(skus: [String]) -> [SkuAvailability] {
        read { $0.availability(skus: skus) }
    }

    /// ImportStock (the whole client stream at once).
    public func importStock(_ rows: [SetStockCommand]) throws(DomainError) -> ImportStockResult {
        try mutate { s, ctx in s.importStock(rows, ctx) }
    }

    /// VerifyInventory.
    public func verifyInventory() -> InventoryReport {
        read { $0.verifyInventory() }
    }

    /// ListStockMovements.
    public func listStockMovements(_ q: MovementQuery) throws(DomainError) -> MovementPage {
        try read { s throws(DomainError) in try s.listStockMovements(q) }
    }

    /// CreateTransfer.
    public func createTransfer(_ c: CreateTransferCommand) throws(DomainError) -> Transfer {
        try mutate { s, ctx throws(DomainError) in try s.createTransfer(c, ctx) }
    }

    /// ShipTransfer.
    public func shipTransfer(_ transferId: String) throws(DomainError) -> Transfer {
        try mutate { s, ctx throws(DomainError) in try s.shipTransfer(transferId, ctx) }
    }

    /// ReceiveTransfer.
    public func receiveTransfer(_ transferId: String, lines: [TransferLine]) throws(DomainError) -> Transfer {
        try mutate { s, ctx throws(DomainError) in try s.receiveTransfer(transferId, lines: lines, ctx) }
    }

    /// CancelTransfer.
    public func cancelTransfer(_ transferId: String) throws(DomainError) -> Transfer {
        try mutate { s, ctx throws(DomainError) in try s.cancelTransfer(transferId, ctx) }
    }

    /// GetTransfer.
    public func transfer(_ transferId: String) throws(DomainError) -> Transfer {
        let limits = configuration.limits
        return try read { s throws(DomainError) in try s.getTransfer(transferId, limits: limits) }
    }

    /// ReserveStock.
    public func reserveStock(_ c: ReserveStockCommand) throws(DomainError) -> Reservation {
        try mutate { s, ctx throws(DomainError) in try s.reserveStock(c, ctx) }
    }

    /// ExtendReservation.
    public func extendReservation(_ reservationId: String, ttlSeconds: Int32) throws(DomainError) -> Reservation {
        try mutate { s, ctx throws(DomainError) in try s.extendReservation(reservationId, ttlSeconds: ttlSeconds, ctx) }
    }

    /// ReleaseReservation.
    public func releaseReservation(_ reservationId: String) throws(DomainError) -> Reservation {
        try mutate { s, ctx throws(DomainError) in try s.releaseReservation(reservationId, ctx) }
    }

    /// GetReservation (as the current ``MutationActor`` may see it).
    public func reservation(_ reservationId: String) throws(DomainError) -> Reservation {
        let ctx = RuleContext(now: clock.now(), limits: configuration.limits, actor: MutationActor.current)
        return try read { s throws(DomainError) in try s.getReservation(reservationId, ctx) }
    }

    /// Expires every ACTIVE reservation whose time has come (by this store's clock), in
    /// mutations of at most 1000; returns how many expired. The expiry timer calls it, and
    /// recovery once at start-up for reservations whose time passed while the server was down.
    @discardableResult
    public func expireReservations() throws(DomainError) -> Int {
        var total = 0
        while true {
            // No caller: the stock movements of an expiry record the actor "system".
            let expired = try MutationActor.$current.withValue("system") {
                Result { () throws(DomainError) -> Int in try mutate { s, ctx in s.expireReservations(ctx) }.count }
            }.get()
            total += expired
            if expired == 0 { return total }
        }
    }

    /// When the next ACTIVE reservation expires (nil: none).
    public var nextReservationExpiry: Timestamp? { read { $0.nextReservationExpiry } }

    // MARK: OrderService

    /// CreateOrder.
    public func createOrder(_ c: CreateOrderCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.createOrder(c, ctx) }
    }

    /// PlanRouting.
    public func planRouting(_ c: CreateOrderCommand) throws(DomainError) -> RoutingPlan {
        try mutate { s, ctx throws(DomainError) in Mutation(changes: [], result: try s.planRouting(c, ctx)) }
    }

    /// SetRoutingPolicy.
    public func setRoutingPolicy(_ policy: RoutingPolicy) throws(DomainError) -> RoutingPolicy {
        try mutate { s, ctx throws(DomainError) in try s.setRoutingPolicy(policy, ctx) }
    }

    /// GetRoutingPolicy.
    public func routingPolicy() -> RoutingPolicy {
        read { $0.routingPolicy }
    }

    /// UpsertCarrierService.
    public func upsertCarrierService(_ service: CarrierService) throws(DomainError) -> CarrierService {
        try mutate { s, ctx throws(DomainError) in try s.upsertCarrierService(service, ctx) }
    }

    /// ListCarrierServices.
    public func listCarrierServices() -> [CarrierService] {
        read { $0.allCarrierServices() }
    }

    /// GetOrder.
    public func order(_ orderId: String) throws(DomainError) -> Order {
        try Validate.id(orderId, "order_id", limits: configuration.limits)
        return try read { s throws(DomainError) in
            guard let order = s.order(orderId) else { throw .notFound("order \(orderId) does not exist") }
            return order
        }
    }

    /// ListOrders.
    public func listOrders(_ q: OrderQuery) throws(DomainError) -> OrderPage {
        let limits = configuration.limits
        return try read { s throws(DomainError) in try s.listOrders(q, limits: limits) }
    }

    /// CancelOrder.
    public func cancelOrder(orderId: String, reason: String = "", expectedVersion: Int64 = 0) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in
            try s.cancelOrder(orderId: orderId, reason: reason, expectedVersion: expectedVersion, ctx)
        }
    }

    /// RejectAllocation.
    public func rejectAllocation(_ c: RejectAllocationCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.rejectAllocation(c, ctx) }
    }

    /// CancelOrderLines.
    public func cancelOrderLines(_ c: CancelOrderLinesCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.cancelOrderLines(c, ctx) }
    }

    /// MoveAllocation.
    public func moveAllocation(_ c: MoveAllocationCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.moveAllocation(c, ctx) }
    }

    /// PlaceHold.
    public func placeHold(_ c: HoldCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.placeHold(c, ctx) }
    }

    /// ReleaseHold.
    public func releaseHold(_ c: HoldCommand) throws(DomainError) -> Order {
        try mutate { s, ctx throws(DomainError) in try s.releaseHold(c, ctx) }
    }

    /// Cancels the backordered units whose `backorder_cancel_after` has come (by this store's
    /// clock), in mutations of at most 1000 orders; returns how many orders changed. The expiry
    /// timer calls it with reservation expiry, and recovery once at start-up.
    @discardableResult
    public func expireBackorders() throws(DomainError) -> Int {
        var total = 0
        while true {
            let changed = try MutationActor.$current.withValue("system") {
                Result { () throws(DomainError) -> Int in try mutate { s, ctx in s.expireBackorders(ctx) }.count }
            }.get()
            total += changed
            if changed == 0 { return total }
        }
    }

    /// When the next backorder deadline comes (nil: none).
    public var nextBackorderExpiry: Timestamp? { read { $0.nextBackorderExpiry } }

    // MARK: ShipmentService

    /// CreateShipment.
    public func createShipment(_ c: CreateShipmentCommand) throws(DomainError) -> Shipment {
        try mutate { s, ctx throws(DomainError) in try s.createShipment(c, ctx) }
    }

    /// AddTrackingEvent.
    public func addTrackingEvent(_ c: AddTrackingEventCommand) throws(DomainError) -> Shipment {
        try mutate { s, ctx throws(DomainError) in try s.addTrackingEvent(c, ctx) }
    }

    /// GetShipment.
    public func shipment(_ shipmentId: String) throws(DomainError) -> Shipment {
        try Validate.id(shipmentId, "shipment_id", limits: configuration.limits)
        return try read { s throws(DomainError) in
            guard let shipment = s.shipment(shipmentId) else { throw .notFound("shipment \(shipmentId) does not exist") }
            return shipment
        }
    }

    /// ListShipments.
    public func shipments(ofOrder orderId: String) throws(DomainError) -> [Shipment] {
        try Validate.id(orderId, "order_id", limits: configuration.limits)
        return try read { s throws(DomainError) in try s.shipments(ofOrder: orderId) }
    }

    // MARK: ReturnService

    /// RequestReturn.
    public func requestReturn(_ c: RequestReturnCommand) throws(DomainError) -> Return {
        try mutate { s, ctx throws(DomainError) in try s.requestReturn(c, ctx) }
    }

    /// ApproveReturn.
    public func approveReturn(returnId: String) throws(DomainError) -> Return {
        try mutate { s, ctx throws(DomainError) in try s.approveReturn(returnId: returnId, ctx) }
    }

    /// RejectReturn.
    public func rejectReturn(returnId: String, reason: String = "") throws(DomainError) -> Return {
        try mutate { s, ctx throws(DomainError) in try s.rejectReturn(returnId: returnId, reason: reason, ctx) }
    }

    /// ReceiveReturn.
    public func receiveReturn(returnId: String, locationId: String, restock: Bool) throws(DomainError) -> Return {
        try mutate { s, ctx throws(DomainError) in
            try s.receiveReturn(returnId: returnId, locationId: locationId, restock: restock, ctx)
        }
    }

    /// RefundReturn.
    public func refundReturn(returnId: String) throws(DomainError) -> Return {
        try mutate { s, ctx throws(DomainError) in try s.refundReturn(returnId: returnId, ctx) }
    }

    /// GetReturn.
    public func returnRecord(_ returnId: String) throws(DomainError) -> Return {
        try Validate.id(returnId, "return_id", limits: configuration.limits)
        return try read { s throws(DomainError) in
            guard let record = s.returnRecord(returnId) else { throw .notFound("return \(returnId) does not exist") }
            return record
        }
    }

    /// ListReturns.
    public func returns(ofOrder orderId: String) throws(DomainError) -> [Return] {
        try Validate.id(orderId, "order_id", limits: configuration.limits)
        return try read { s throws(DomainError) in try s.returns(ofOrder: orderId) }
    }

    // MARK: ReportingService

    /// GetSalesSummary over `range`, money in `currency`.
    public func salesSummary(_ range: ReportRange, currency: String) throws(DomainError) -> SalesSummary {
        try read { s throws(DomainError) in try s.salesSummary(range, currency: currency) }
    }

    /// GetTopProducts over `range`, revenue in `currency`.
    public func topProducts(_ range: ReportRange, currency: String, limit: Int32) throws(DomainError) -> [ProductSales] {
        try read { s throws(DomainError) in try s.topProducts(range, currency: currency, limit: limit) }
    }

    /// GetFulfillmentStats.
    public func fulfillmentStats(_ range: ReportRange) -> FulfillmentStats {
        read { $0.fulfillmentStats(range) }
    }

    /// GetLowStock.
    public func lowStock(threshold: Int64) throws(DomainError) -> [StockLevel] {
        try read { s throws(DomainError) in try s.lowStock(threshold: threshold) }
    }

    /// GetCustomerInsights over `range`, money in `currency`.
    public func customerInsights(_ range: ReportRange, currency: String, top: Int32) throws(DomainError) -> CustomerInsights {
        try read { s throws(DomainError) in try s.customerInsights(range, currency: currency, top: top) }
    }

    /// GetProductAffinity.
    public func productAffinity(sku: String, _ range: ReportRange, limit: Int32) throws(DomainError) -> [ProductPair] {
        let limits = configuration.limits
        return try read { s throws(DomainError) in try s.productAffinity(sku: sku, range, limit: limit, limits: limits) }
    }

    /// GetStockCover, "now" from the store's clock.
    public func stockCover(_ q: StockCoverQuery) throws(DomainError) -> StockCoverReport {
        let limits = configuration.limits
        let now = clock.now()
        return try read { s throws(DomainError) in try s.stockCover(q, now: now, limits: limits) }
    }
}
