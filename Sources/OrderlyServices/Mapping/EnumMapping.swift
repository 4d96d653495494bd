// Enums between wire and domain. Generated enums and domain enums share their numbers, so the
// mapping is by raw value; a number the contract does not know, or UNSPECIFIED where a value is
// required, is INVALID_ARGUMENT naming the field.
import OrderlyDomain
import OrderlyMessages

/// Wire enum numbers to domain enums and back.
enum WireEnums {
    /// Maps a wire number to a domain enum; unknown → INVALID_ARGUMENT naming `field`, and with
    /// `required` also UNSPECIFIED (0).
    static func domain<D: WireEnum>(_ raw: Int32, _ field: String, required: Bool = false) throws(DomainError) -> D {
        let value = try D(wire: raw, field: field)
        if required && raw == 0 {
            throw DomainError(.invalidArgument, "\(field) must be set")
        }
        return value
    }
}

extension Orderly_V1_SalesChannel {
    init(_ value: SalesChannel) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_ShippingMethod {
    init(_ value: ShippingMethod) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_OrderStatus {
    init(_ value: OrderStatus) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_ShipmentStatus {
    init(_ value: ShipmentStatus) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_ReturnStatus {
    init(_ value: ReturnStatus) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_ReturnReason {
    init(_ value: ReturnReason) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_LocationKind {
    init(_ value: LocationKind) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_MovementReason {
    init(_ value: MovementReason) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_TransferStatus {
    init(_ value: TransferStatus) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_ReservationStatus {
    init(_ value: ReservationStatus) { self.init(rawValue: value.rawValue) }
}
