// orderly.v1.OrderService: order capture (with routing and reservation), lookups, listing,
// cancellation, the routing dry run, the routing policy and the live order-event feed.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.OrderService over an `OrderBackend` (usually the `OrderStore`).
public struct OrderService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.OrderService"

    private let answering: Answering

    /// Creates the service; mutations are acknowledged when `gate` says they are durable.
    public init(store: any OrderBackend, gate: any CommitGate) {
        answering = Answering(store: store, gate: gate)
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        a.mutation(&router, Self.name, "CreateOrder") {
            (request: Orderly_V1_CreateOrderRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.createOrder(try request.domain()))
        }
        a.query(&router, Self.name, "GetOrder") {
            (request: Orderly_V1_GetOrderRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.order(request.orderID))
        }
        a.query(&router, Self.name, "ListOrders") {
            (request: Orderly_V1_ListOrdersRequest) -> Orderly_V1_ListOrdersResponse in
            Orderly_V1_ListOrdersResponse(try store.listOrders(try request.domain()))
        }
        a.mutation(&router, Self.name, "CancelOrder") {
            (request: Orderly_V1_CancelOrderRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(
                try store.cancelOrder(
                    orderId: request.orderID, reason: request.reason, expectedVersion: request.expectedVersion))
        }
        a.query(&router, Self.name, "PlanRouting") {
            (request: Orderly_V1_CreateOrderRequest) -> Orderly_V1_RoutingPlan in
            Orderly_V1_RoutingPlan(try store.planRouting(try request.planningDomain()))
        }
        a.mutation(&router, Self.name, "SetRoutingPolicy") {
            (request: Orderly_V1_RoutingPolicy) -> Orderly_V1_RoutingPolicy in
            Orderly_V1_RoutingPolicy(try store.setRoutingPolicy(try request.domain()))
        }
        a.query(&router, Self.name, "GetRoutingPolicy") {
            (_: Orderly_V1_GetRoutingPolicyRequest) -> Orderly_V1_RoutingPolicy in
            Orderly_V1_RoutingPolicy(store.routingPolicy())
        }
        a.mutation(&router, Self.name, "RejectAllocation") {
            (request: Orderly_V1_RejectAllocationRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.rejectAllocation(try request.domain()))
        }
        a.mutation(&router, Self.name, "CancelOrderLines") {
            (request: Orderly_V1_CancelOrderLinesRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.cancelOrderLines(request.domain))
        }
        a.mutation(&router, Self.name, "MoveAllocation") {
            (request: Orderly_V1_MoveAllocationRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.moveAllocation(request.domain))
        }
        a.mutation(&router, Self.name, "PlaceHold") {
            (request: Orderly_V1_PlaceHoldRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.placeHold(try request.domain()))
        }
        a.mutation(&router, Self.name, "ReleaseHold") {
            (request: Orderly_V1_ReleaseHoldRequest) -> Orderly_V1_Order in
            Orderly_V1_Order(try store.releaseHold(try request.domain()))
        }
        router.serverStreamingDeferred(Self.name, "WatchOrders") {
            (request: Orderly_V1_WatchOrdersRequest, writer: ResponseWriter<Orderly_V1_OrderEvent>, context) in
            WatchPump.run(
                writer: writer, context: context,
                subscribe: { ready throws(DomainError) in
                    try store.watchOrders(
                        orderId: request.orderID, customerId: request.customerID, fromSequence: request.fromSequence,
                        onReady: ready)
                },
                message: Orderly_V1_OrderEvent.init)
        }
    }

}
