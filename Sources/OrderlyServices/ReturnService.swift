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
        router.unaryDeferred(Self.name, "RequestReturn") {
            (request: Orderly_V1_RequestReturnRequest, _, responder: UnaryResponder<Orderly_V1_Return>) in
            a.mutate(responder) { Orderly_V1_Return(try store.requestReturn(try request.domain())) }
        }
        router.unaryDeferred(Self.name, "ApproveReturn") {
            (request: Orderly_V1_ApproveReturnRequest, _, responder: UnaryResponder<Orderly_V1_Return>) in
            a.mutate(responder) { Orderly_V1_Return(try store.approveReturn(returnId: request.returnID)) }
        }
        router.unaryDeferred(Self.name, "RejectReturn") {
            (request: Orderly_V1_RejectReturnRequest, _, responder: UnaryResponder<Orderly_V1_Return>) in
            a.mutate(responder) {
                Orderly_V1_Return(try store.rejectReturn(returnId: request.returnID, reason: request.reason))
            }
        }
        router.unaryDeferred(Self.name, "ReceiveReturn") {
            (request: Orderly_V1_ReceiveReturnRequest, _, responder: UnaryResponder<Orderly_V1_Return>) in
            a.mutate(responder) {
                Orderly_V1_Return(
                    try store.receiveReturn(
                        returnId: request.returnID, locationId: request.locationID, restock: request.restock))
            }
        }
        router.unaryDeferred(Self.name, "RefundReturn") {
            (request: Orderly_V1_RefundReturnRequest, _, responder: UnaryResponder<Orderly_V1_Return>) in
            a.mutate(responder) { Orderly_V1_Return(try store.refundReturn(returnId: request.returnID)) }
        }
        router.unary(Self.name, "GetReturn") {
            (request: Orderly_V1_GetReturnRequest, _) throws(RPCError) -> Orderly_V1_Return in
            try a.read {
                Orderly_V1_Return(try store.returnRecord(request.returnID))
            }
        }
        router.unary(Self.name, "ListReturns") {
            (request: Orderly_V1_ListReturnsRequest, _) throws(RPCError) -> Orderly_V1_ListReturnsResponse in
            try a.read {
                Orderly_V1_ListReturnsResponse(
                    returns: try store.returns(ofOrder: request.orderID).map(Orderly_V1_Return.init))
            }
        }
    }
}
