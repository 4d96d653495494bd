// Cart reservation messages between wire and domain.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_Reservation {
    /// The wire form of a reservation (its owner and fingerprint stay internal).
    init(_ r: Reservation) {
        self.init(
            reservationID: r.reservationId,
            lines: r.lines.map { Orderly_V1_OrderLineInput(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor) },
            allocations: r.allocations.map(Orderly_V1_Allocation.init),
            expiresAt: Google_Protobuf_Timestamp(r.expiresAt), status: Orderly_V1_ReservationStatus(r.status),
            createdAt: Google_Protobuf_Timestamp(r.createdAt), updatedAt: Google_Protobuf_Timestamp(r.updatedAt),
            orderID: r.orderId)
    }
}

extension Orderly_V1_ReserveStockRequest {
    /// The domain command; an unknown shipping method is INVALID_ARGUMENT (unset is allowed).
    func domain() throws(DomainError) -> ReserveStockCommand {
        let method: ShippingMethod = try WireEnums.domain(shippingMethod.rawValue, "shipping_method")
        return ReserveStockCommand(
            requestId: requestID,
            lines: lines.map { OrderLineInput(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor) },
            shippingAddress: shippingAddress?.domain, shippingMethod: method, pickupLocationId: pickupLocationID,
            channelId: channelID, ttlSeconds: ttlSeconds)
    }
}
