// OrderBackend: the operations the services need, as one protocol, so a second backend (e.g. a
// SQL engine, DESIGN.md "Later") can replace the in-memory OrderStore without touching them.

/// Everything the gRPC services ask of the state, one method per API operation.
public protocol OrderBackend: Sendable {
    /// UpsertLocation.
    func upsertLocation(_ location: Location) throws(DomainError) -> Location
    /// ListLocations.
    func listLocations() -> [Location]
    /// SetStock.
    func setStock(_ c: SetStockCommand) throws(DomainError) -> StockLevel
    /// AdjustStock.
    func adjustStock(_ c: AdjustStockCommand) throws(DomainError) -> StockLevel
    /// GetAvailability.
    func availability(skus: [String]) -> [SkuAvailability]
    /// ImportStock.
    func importStock(_ rows: [SetStockCommand]) throws(DomainError) -> ImportStockResult
    /// VerifyInventory.
    func verifyInventory() -> InventoryReport
    /// ListStockMovements.
    func listStockMovements(_ q: MovementQuery) throws(DomainError) -> MovementPage
    /// CreateTransfer.
    func createTransfer(_ c: CreateTransferCommand) throws(DomainError) -> Transfer
    /// ShipTransfer.
    func shipTransfer(_ transferId: String) throws(DomainError) -> Transfer
    /// ReceiveTransfer.
    func receiveTransfer(_ transferId: String, lines: [TransferLine]) throws(DomainError) -> Transfer
    /// CancelTransfer.
    func cancelTransfer(_ transferId: String) throws(DomainError) -> Transfer
    /// GetTransfer.
    func transfer(_ transferId: String) throws(DomainError) -> Transfer
    /// ReserveStock.
    func reserveStock(_ c: ReserveStockCommand) throws(DomainError) -> Reservation
    /// ExtendReservation.
    func extendReservation(_ reservationId: String, ttlSeconds: Int32) throws(DomainError) -> Reservation
    /// ReleaseReservation.
    func releaseReservation(_ reservationId: String) throws(DomainError) -> Reservation
    /// GetReservation.
    func reservation(_ reservationId: String) throws(DomainError) -> Reservation
    /// CreateOrder.
    func createOrder(_ c: CreateOrderCommand) throws(DomainError) -> Order
    /// PlanRouting.
    func planRouting(_ c: CreateOrderCommand) throws(DomainError) -> RoutingPlan
    /// SetRoutingPolicy.
    func setRoutingPolicy(_ policy: RoutingPolicy) throws(DomainError) -> RoutingPolicy
    /// GetRoutingPolicy.
    func routingPolicy() -> RoutingPolicy
    /// UpsertCarrierService.
    func upsertCarrierService(_ service: CarrierService) throws(DomainError) -> CarrierService
    /// ListCarrierServices.
    func listCarrierServices() -> [CarrierService]
    /// GetOrder.
    func order(_ orderId: String) throws(DomainError) -> Order
    /// ListOrders.
    func listOrders(_ q: OrderQuery) throws(DomainError) -> OrderPage
    /// CancelOrder.
    func cancelOrder(orderId: String, reason: String, expectedVersion: Int64) throws(DomainError) -> Order
    /// RejectAllocation.
    func rejectAllocation(_ c: RejectAllocationCommand) throws(DomainError) -> Order
    /// CancelOrderLines.
    func cancelOrderLines(_ c: CancelOrderLinesCommand) throws(DomainError) -> Order
    /// MoveAllocation.
    func moveAllocation(_ c: MoveAllocationCommand) throws(DomainError) -> Order
    /// PlaceHold.
    func placeHold(_ c: HoldCommand) throws(DomainError) -> Order
    /// ReleaseHold.
    func releaseHold(_ c: HoldCommand) throws(DomainError) -> Order
    /// CreateShipment.
    func createShipment(_ c: CreateShipmentCommand) throws(DomainError) -> Shipment
    /// AddTrackingEvent.
    func addTrackingEvent(_ c: AddTrackingEventCommand) throws(DomainError) -> Shipment
    /// GetShipment.
    func shipment(_ shipmentId: String) throws(DomainError) -> Shipment
    /// ListShipments.
    func shipments(ofOrder orderId: String) throws(DomainError) -> [Shipment]
    /// RequestReturn.
    func requestReturn(_ c: RequestReturnCommand) throws(DomainError) -> Return
    /// ApproveReturn.
    func approveReturn(returnId: String) throws(DomainError) -> Return
    /// RejectReturn.
    func rejectReturn(returnId: String, reason: String) throws(DomainError) -> Return
    /// ReceiveReturn.
    func receiveReturn(returnId: String, locationId: String, restock: Bool) throws(DomainError) -> Return
    /// RefundReturn.
    func refundReturn(returnId: String) throws(DomainError) -> Return
    /// GetReturn.
    func returnRecord(_ returnId: String) throws(DomainError) -> Return
    /// ListReturns.
    func returns(ofOrder orderId: String) throws(DomainError) -> [Return]
    /// GetSalesSummary.
    func salesSummary(_ range: ReportRange, currency: String) throws(DomainError) -> SalesSummary
    /// GetTopProducts.
    func topProducts(_ range: ReportRange, currency: String, limit: Int32) throws(DomainError) -> [ProductSales]
    /// GetFulfillmentStats.
    func fulfillmentStats(_ range: ReportRange) -> FulfillmentStats
    /// GetLowStock.
    func lowStock(threshold: Int64) throws(DomainError) -> [StockLevel]
    /// GetCustomerInsights.
    func customerInsights(_ range: ReportRange, currency: String, top: Int32) throws(DomainError) -> CustomerInsights
    /// GetProductAffinity.
    func productAffinity(sku: String, _ range: ReportRange, limit: Int32) throws(DomainError) -> [ProductPair]
    /// GetStockCover.
    func stockCover(_ q: StockCoverQuery) throws(DomainError) -> StockCoverReport
    /// WatchOrders.
    func watchOrders(orderId: String, customerId: String, fromSequence: Int64,
                     onReady: @escaping @Sendable () -> Void) throws(DomainError) -> WatchSubscription<OrderEvent>
    /// WatchInventory.
    func watchInventory(skus: [String], onReady: @escaping @Sendable () -> Void) -> WatchSubscription<StockLevel>
}

extension OrderStore: OrderBackend {}
