// Stock ledger messages between wire and domain: StockMovement and ListStockMovements.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_StockMovement {
    /// The wire form of one ledger movement.
    init(_ m: StockMovement) {
        self.init(
            sequence: m.sequence, locationID: m.key.locationId, sku: m.key.sku,
            onHandDelta: m.delta.onHand, reservedDelta: m.delta.reserved, damagedDelta: m.delta.damaged,
            incomingDelta: m.delta.incoming, reason: Orderly_V1_MovementReason(m.cause.reason),
            reference: m.cause.reference, actor: m.cause.actor, note: m.cause.note,
            at: Google_Protobuf_Timestamp(m.at))
    }
}

extension Orderly_V1_ListStockMovementsRequest {
    /// The domain query; malformed timestamps are INVALID_ARGUMENT naming the field.
    func domain() throws(DomainError) -> MovementQuery {
        MovementQuery(
            locationId: locationID, sku: sku, from: try from.domain("from"), to: try to.domain("to"),
            pageSize: pageSize, pageToken: pageToken)
    }
}

extension Orderly_V1_ListStockMovementsResponse {
    /// The wire form of one ledger page.
    init(_ page: MovementPage) {
        self.init(movements: page.movements.map(Orderly_V1_StockMovement.init), nextPageToken: page.nextPageToken)
    }
}
