// The enums of API.md. Raw values equal the protobuf numbers so the message layer maps them with
// `init(wire:field:)`, which turns an unknown or unset number into INVALID_ARGUMENT.

/// An enum that mirrors a protobuf enum; case 0 (`*_UNSPECIFIED`) is `.unspecified`.
public protocol WireEnum: RawRepresentable, Hashable, Sendable, CaseIterable where RawValue == Int32 {
    /// The protobuf value prefix, e.g. "ORDER_STATUS_".
    static var protoPrefix: String { get }
}

extension WireEnum {
    /// Maps a wire number; unknown numbers throw INVALID_ARGUMENT naming `field`.
    public init(wire: Int32, field: String) throws(DomainError) {
        guard let value = Self(rawValue: wire) else {
            throw .invalid("\(field) has unknown value \(wire)")
        }
        self = value
    }

    /// The protobuf value name, e.g. "ORDER_STATUS_PARTIALLY_SHIPPED" (used in messages).
    public var protoName: String {
        var out = Self.protoPrefix
        for ch in String(describing: self) {
            if ch.isUppercase { out.append("_") }
            out.append(contentsOf: ch.uppercased())
        }
        return out
    }
}

/// Where an order came from.
public enum SalesChannel: Int32, WireEnum {
    public static let protoPrefix = "SALES_CHANNEL_"
    case unspecified = 0, web, mobileApp, pos, marketplace, erp
}

/// How an order travels to the customer.
public enum ShippingMethod: Int32, WireEnum {
    public static let protoPrefix = "SHIPPING_METHOD_"
    case unspecified = 0, standard, express, sameDay, storePickup
}

/// Lifecycle of an order.
public enum OrderStatus: Int32, WireEnum {
    public static let protoPrefix = "ORDER_STATUS_"
    case unspecified = 0, allocated, partiallyShipped, shipped, delivered, cancelled
    case partiallyReturned, returned
    /// Some units wait for stock (backordered) and nothing has shipped.
    case backordered
}

/// Why an order is held (a held order does not ship).
public enum HoldReason: Int32, WireEnum {
    public static let protoPrefix = "HOLD_REASON_"
    case unspecified = 0, fraudReview, payment, address, customerRequest
    /// Placed by the server when a rejection leaves units no location can fill.
    case unfillable
}

/// Why a location cannot fill allocated units.
public enum RejectReason: Int32, WireEnum {
    public static let protoPrefix = "REJECT_REASON_"
    case unspecified = 0
    /// The units are not there: on_hand drops by them.
    case notInStock
    /// The units are there but not sellable: they move from on_hand to damaged.
    case damaged
    /// Any other reason: the stock figures stay.
    case other
}

/// Lifecycle of a shipment, as reported by tracking events.
public enum ShipmentStatus: Int32, WireEnum {
    public static let protoPrefix = "SHIPMENT_STATUS_"
    case unspecified = 0, labelCreated, inTransit, outForDelivery, delivered, exception
}

/// Lifecycle of a return.
public enum ReturnStatus: Int32, WireEnum {
    public static let protoPrefix = "RETURN_STATUS_"
    case unspecified = 0, requested, approved, rejected, received, refunded
}

/// Why a customer sends something back.
public enum ReturnReason: Int32, WireEnum {
    public static let protoPrefix = "RETURN_REASON_"
    case unspecified = 0, damaged, wrongItem, notAsDescribed, noLongerNeeded, other
}

/// What kind of place holds stock.
public enum LocationKind: Int32, WireEnum {
    public static let protoPrefix = "LOCATION_KIND_"
    case unspecified = 0, warehouse, store, fulfillmentCenter
}
