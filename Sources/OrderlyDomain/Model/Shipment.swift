// Shipments and returns: the two entities that hang off an order.

/// Units of one sku in a shipment.
public struct ShipmentLine: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units (> 0).
    public var quantity: Int32

    /// Creates a line.
    public init(sku: String, quantity: Int32) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// One carrier scan or status update.
public struct TrackingEvent: Hashable, Sendable {
    /// The shipment's status after this event.
    public var status: ShipmentStatus
    /// Free text from the carrier.
    public var description: String
    /// When it happened.
    public var occurredAt: Timestamp

    /// Creates an event.
    public init(status: ShipmentStatus, description: String, occurredAt: Timestamp) {
        self.status = status
        self.description = description
        self.occurredAt = occurredAt
    }
}

/// A parcel leaving one location for one order.
public struct Shipment: Hashable, Sendable {
    /// Store-generated id ("s-000001").
    public var shipmentId: String
    /// The order shipped.
    public var orderId: String
    /// Where it left from.
    public var locationId: String
    /// What is inside.
    public var lines: [ShipmentLine]
    /// Carrier name.
    public var carrier: String
    /// Carrier tracking number.
    public var trackingNumber: String
    /// Latest status.
    public var status: ShipmentStatus
    /// Tracking history in arrival order.
    public var events: [TrackingEvent]
    /// Creation time.
    public var createdAt: Timestamp

    /// Creates a shipment.
    public init(
        shipmentId: String, orderId: String, locationId: String, lines: [ShipmentLine],
        carrier: String = "", trackingNumber: String = "", status: ShipmentStatus = .labelCreated,
        events: [TrackingEvent] = [], createdAt: Timestamp
    ) {
        self.shipmentId = shipmentId
        self.orderId = orderId
        self.locationId = locationId
        self.lines = lines
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.status = status
        self.events = events
        self.createdAt = createdAt
    }
}

/// Units of one sku sent back, and why.
public struct ReturnLine: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units (> 0).
    public var quantity: Int32
    /// Why.
    public var reason: ReturnReason

    /// Creates a line.
    public init(sku: String, quantity: Int32, reason: ReturnReason = .unspecified) {
        self.sku = sku
        self.quantity = quantity
        self.reason = reason
    }
}

/// A return of shipped units.
public struct Return: Hashable, Sendable {
    /// Store-generated id ("r-000001").
    public var returnId: String
    /// The order returned from.
    public var orderId: String
    /// What comes back.
    public var lines: [ReturnLine]
    /// Lifecycle status.
    public var status: ReturnStatus
    /// Σ quantity × unit price, set when received.
    public var refundMinor: Int64
    /// Where it was received.
    public var locationId: String
    /// Creation time.
    public var createdAt: Timestamp
    /// Time of the last change.
    public var updatedAt: Timestamp
    /// A digest of the RequestReturn request (not in the API); 0 when unknown (older data).
    public var requestFingerprint: UInt64 = 0

    /// Creates a return.
    public init(
        returnId: String, orderId: String, lines: [ReturnLine], status: ReturnStatus = .requested,
        refundMinor: Int64 = 0, locationId: String = "", createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.returnId = returnId
        self.orderId = orderId
        self.lines = lines
        self.status = status
        self.refundMinor = refundMinor
        self.locationId = locationId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
