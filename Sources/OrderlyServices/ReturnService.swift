// orderly.v1.ReturnService: the return lifecycle REQUESTED → APPROVED / REJECTED → RECEIVED →
// REFUNDED, with restocking and refunds.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.ReturnService over an `OrderBackend` (usually the `OrderStore`).
public struct ReturnService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.ReturnService"

    private let answering: Answering

    /// Creates the service; mutations are acknowledged when `gate` says they are durable.
    public init(store: any OrderBackend, gate: any CommitGate) {
        answering = Answering(store: store, gate: gate)
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        a.mutation(&router, Self.name, "RequestReturn") {
            (request: Orderly_V1_RequestReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(try store.requestReturn(try request.domain()))
        }
        a.mutation(&router, Self.name, "ApproveReturn") {
            (request: Orderly_V1_ApproveReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(try store.approveReturn(returnId: request.returnID))
        }
        a.mutation(&router, Self.name, "RejectReturn") {
            (request: Orderly_V1_RejectReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(try store.rejectReturn(returnId: request.returnID, reason: request.reason))
        }
        a.mutation(&router, Self.name, "ReceiveReturn") {
            (request: Orderly_V1_ReceiveReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(
                try store.receiveReturn(
                    returnId: request.returnID, locationId: request.locationID, restock: request.restock))
        }
        a.mutation(&router, Self.name, "RefundReturn") {
            (request: Orderly_V1_RefundReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(try store.refundReturn(returnId: request.returnID))
        }
        a.query(&router, Self.name, "GetReturn") {
            (request: Orderly_V1_GetReturnRequest) -> Orderly_V1_Return in
            Orderly_V1_Return(try store.returnRecord(request.returnID))
        }
        a.query(&router, Self.name, "ListReturns") {
            (request: Orderly_V1_ListReturnsRequest) -> Orderly_V1_ListReturnsResponse in
            Orderly_V1_ListReturnsResponse(
                returns: try store.returns(ofOrder: request.orderID).map(Orderly_V1_Return.init))
        }
    }
}
