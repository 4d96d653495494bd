// orderly.v1.ShipmentService: parcels leaving a location for an order, their tracking, and the
// carrier services that price and date them.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.ShipmentService over an `OrderBackend` (usually the `OrderStore`).
public struct ShipmentService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.ShipmentService"

    private let answering: Answering

    /// Creates the service; mutations are acknowledged when `gate` says they are durable.
    public init(store: any OrderBackend, gate: any CommitGate) {
        answering = Answering(store: store, gate: gate)
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        a.mutation(&router, Self.name, "CreateShipment") {
            (request: Orderly_V1_CreateShipmentRequest) -> Orderly_V1_Shipment in
            Orderly_V1_Shipment(try store.createShipment(request.domain))
        }
        a.mutation(&router, Self.name, "AddTrackingEvent") {
            (request: Orderly_V1_AddTrackingEventRequest) -> Orderly_V1_Shipment in
            Orderly_V1_Shipment(try store.addTrackingEvent(try request.domain()))
        }
        a.query(&router, Self.name, "GetShipment") {
            (request: Orderly_V1_GetShipmentRequest) -> Orderly_V1_Shipment in
            Orderly_V1_Shipment(try store.shipment(request.shipmentID))
        }
        a.query(&router, Self.name, "ListShipments") {
            (request: Orderly_V1_ListShipmentsRequest) -> Orderly_V1_ListShipmentsResponse in
            Orderly_V1_ListShipmentsResponse(
                shipments: try store.shipments(ofOrder: request.orderID).map(Orderly_V1_Shipment.init))
        }
        a.mutation(&router, Self.name, "UpsertCarrierService") {
            (request: Orderly_V1_CarrierService) -> Orderly_V1_CarrierService in
            Orderly_V1_CarrierService(try store.upsertCarrierService(try request.domain()))
        }
        a.query(&router, Self.name, "ListCarrierServices") {
            (_: Orderly_V1_ListCarrierServicesRequest) -> Orderly_V1_ListCarrierServicesResponse in
            Orderly_V1_ListCarrierServicesResponse(
                carrierServices: store.listCarrierServices().map(Orderly_V1_CarrierService.init))
        }
    }
}
