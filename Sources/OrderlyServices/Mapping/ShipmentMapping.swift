// Shipment messages between wire and domain: Shipment, its lines and tracking events, and the
// CreateShipment / AddTrackingEvent requests.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_ShipmentLine {
    /// The wire form of a shipment line.
    init(_ l: ShipmentLine) {
        self.init(sku: l.sku, quantity: l.quantity)
    }
}

extension Orderly_V1_TrackingEvent {
    /// The wire form of a tracking event.
    init(_ e: TrackingEvent) {
        self.init(
            status: Orderly_V1_ShipmentStatus(e.status), description: e.description,
            occurredAt: Google_Protobuf_Timestamp(e.occurredAt))
    }
}

extension Orderly_V1_Shipment {
    /// The wire form of a shipment.
    init(_ s: Shipment) {
        self.init(
            shipmentID: s.shipmentId, orderID: s.orderId, locationID: s.locationId,
            lines: s.lines.map(Orderly_V1_ShipmentLine.init), carrier: s.carrier, trackingNumber: s.trackingNumber,
            status: Orderly_V1_ShipmentStatus(s.status), events: s.events.map(Orderly_V1_TrackingEvent.init),
            createdAt: Google_Protobuf_Timestamp(s.createdAt))
    }
}

extension Orderly_V1_CreateShipmentRequest {
    /// The domain command.
    var domain: CreateShipmentCommand {
        CreateShipmentCommand(
            orderId: orderID, locationId: locationID,
            lines: lines.map { ShipmentLine(sku: $0.sku, quantity: $0.quantity) },
            carrier: carrier, trackingNumber: trackingNumber)
    }
}

extension Orderly_V1_AddTrackingEventRequest {
    /// The domain command. The shipment id is checked before the status so a request missing
    /// both names the id; the status must be a known, set value.
    func domain() throws(DomainError) -> AddTrackingEventCommand {
        if shipmentID.isEmpty { throw DomainError(.invalidArgument, "shipment_id is required") }
        let status: ShipmentStatus = try WireEnums.domain(status.rawValue, "status", required: true)
        return AddTrackingEventCommand(
            shipmentId: shipmentID, status: status, description: description,
            occurredAt: try occurredAt.domain("occurred_at"))
    }
}
