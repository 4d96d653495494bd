// The commands of the fulfilment exceptions (API.md "Exceptions"): each names the order, the
// units it is about and the order version the caller last saw (0 = do not check).

/// RejectAllocation: a location cannot fill allocated units.
public struct RejectAllocationCommand: Hashable, Sendable {
    public var orderId: String
    public var locationId: String
    public var sku: String
    /// Units rejected (0 = every open unit of the sku there).
    public var quantity: Int32
    public var reason: RejectReason
    public var expectedVersion: Int64

    public init(orderId: String, locationId: String, sku: String, quantity: Int32 = 0,
                reason: RejectReason, expectedVersion: Int64 = 0) {
        self.orderId = orderId
        self.locationId = locationId
        self.sku = sku
        self.quantity = quantity
        self.reason = reason
        self.expectedVersion = expectedVersion
    }
}

/// CancelOrderLines: cancels unshipped units of some lines.
public struct CancelOrderLinesCommand: Hashable, Sendable {
    public var orderId: String
    /// Skus and units to cancel (each sku once, quantity > 0).
    public var lines: [ShipmentLine]
    public var reason: String
    public var expectedVersion: Int64

    public init(orderId: String, lines: [ShipmentLine], reason: String = "", expectedVersion: Int64 = 0) {
        self.orderId = orderId
        self.lines = lines
        self.reason = reason
        self.expectedVersion = expectedVersion
    }
}

/// MoveAllocation: open units of a sku go to another location.
public struct MoveAllocationCommand: Hashable, Sendable {
    public var orderId: String
    public var sku: String
    public var fromLocationId: String
    public var toLocationId: String
    /// Units moved (0 = every open unit of the sku at the source).
    public var quantity: Int32
    public var expectedVersion: Int64

    public init(orderId: String, sku: String, fromLocationId: String, toLocationId: String,
                quantity: Int32 = 0, expectedVersion: Int64 = 0) {
        self.orderId = orderId
        self.sku = sku
        self.fromLocationId = fromLocationId
        self.toLocationId = toLocationId
        self.quantity = quantity
        self.expectedVersion = expectedVersion
    }
}

/// PlaceHold / ReleaseHold.
public struct HoldCommand: Hashable, Sendable {
    public var orderId: String
    public var reason: HoldReason
    /// PlaceHold's note (ignored by ReleaseHold).
    public var note: String
    public var expectedVersion: Int64

    public init(orderId: String, reason: HoldReason, note: String = "", expectedVersion: Int64 = 0) {
        self.orderId = orderId
        self.reason = reason
        self.note = note
        self.expectedVersion = expectedVersion
    }
}
