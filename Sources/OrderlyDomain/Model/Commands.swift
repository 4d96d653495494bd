// The commands the store accepts: one value per mutating API request, already mapped from
// protobuf by the message layer (enums as Swift enums, unset messages as nil).

/// One requested order line.
public struct OrderLineInput: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units (> 0).
    public var quantity: Int32
    /// Unit price in minor units (≥ 0).
    public var unitPriceMinor: Int64

    /// Creates a line input.
    public init(sku: String, quantity: Int32, unitPriceMinor: Int64) {
        self.sku = sku
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
    }
}

/// CreateOrder / PlanRouting.
public struct CreateOrderCommand: Hashable, Sendable {
    /// Idempotency key; a retry with the same key returns the first order.
    public var requestId: String
    /// Where the order came from (required).
    public var channel: SalesChannel
    /// The channel's own reference; (channel, ref) is also an idempotency key.
    public var channelOrderRef: String
    /// Who orders.
    public var customer: Customer
    /// What is ordered (1...500 lines, distinct skus).
    public var lines: [OrderLineInput]
    /// ISO 4217 code.
    public var currency: String
    /// Required unless STORE_PICKUP.
    public var shippingAddress: Address?
    /// How it travels (required).
    public var shippingMethod: ShippingMethod
    /// The pickup store for STORE_PICKUP.
    public var pickupLocationId: String
    /// A cart reservation whose allocations the order takes instead of routing ("" = route).
    public var reservationId: String
    /// Units no location can fill now are accepted as backordered instead of refusing the order.
    public var allowBackorder = false
    /// Backordered units still waiting then are cancelled (nil: they wait; needs allowBackorder).
    public var backorderCancelAfter: Timestamp?

    /// Creates a command.
    public init(
        requestId: String = "", channel: SalesChannel, channelOrderRef: String = "",
        customer: Customer = Customer(), lines: [OrderLineInput], currency: String = "USD",
        shippingAddress: Address?, shippingMethod: ShippingMethod = .standard,
        pickupLocationId: String = "", reservationId: String = ""
    ) {
        self.reservationId = reservationId
        self.requestId = requestId
        self.channel = channel
        self.channelOrderRef = channelOrderRef
        self.customer = customer
        self.lines = lines
        self.currency = currency
        self.shippingAddress = shippingAddress
        self.shippingMethod = shippingMethod
        self.pickupLocationId = pickupLocationId
    }
}

/// SetStock: absolute counts.
public struct SetStockCommand: Hashable, Sendable {
    /// The location (must exist).
    public var locationId: String
    /// The sku.
    public var sku: String
    /// New on-hand count (≥ 0).
    public var onHand: Int64
    /// New safety stock (≥ 0).
    public var safetyStock: Int64

    /// Creates a command.
    public init(locationId: String, sku: String, onHand: Int64, safetyStock: Int64 = 0) {
        self.locationId = locationId
        self.sku = sku
        self.onHand = onHand
        self.safetyStock = safetyStock
    }
}

/// AdjustStock: a relative change.
public struct AdjustStockCommand: Hashable, Sendable {
    /// The location (must exist).
    public var locationId: String
    /// The sku.
    public var sku: String
    /// Units to add (negative removes).
    public var delta: Int64
    /// Why, in words.
    public var reason: String
    /// Idempotency key.
    public var requestId: String

    /// Creates a command.
    public init(locationId: String, sku: String, delta: Int64, reason: String = "", requestId: String = "") {
        self.locationId = locationId
        self.sku = sku
        self.delta = delta
        self.reason = reason
        self.requestId = requestId
    }
}

/// CreateShipment.
public struct CreateShipmentCommand: Hashable, Sendable {
    /// The order.
    public var orderId: String
    /// The location shipping.
    public var locationId: String
    /// What to ship; empty = everything still allocated there.
    public var lines: [ShipmentLine]
    /// Carrier name.
    public var carrier: String
    /// Tracking number.
    public var trackingNumber: String

    /// Creates a command.
    public init(
        orderId: String, locationId: String, lines: [ShipmentLine] = [], carrier: String = "",
        trackingNumber: String = ""
    ) {
        self.orderId = orderId
        self.locationId = locationId
        self.lines = lines
        self.carrier = carrier
        self.trackingNumber = trackingNumber
    }
}

/// AddTrackingEvent.
public struct AddTrackingEventCommand: Hashable, Sendable {
    /// The shipment.
    public var shipmentId: String
    /// Its new status (not UNSPECIFIED).
    public var status: ShipmentStatus
    /// Carrier text.
    public var description: String
    /// When it happened; nil = now.
    public var occurredAt: Timestamp?

    /// Creates a command.
    public init(shipmentId: String, status: ShipmentStatus, description: String = "", occurredAt: Timestamp? = nil) {
        self.shipmentId = shipmentId
        self.status = status
        self.description = description
        self.occurredAt = occurredAt
    }
}

/// RequestReturn.
public struct RequestReturnCommand: Hashable, Sendable {
    /// The order.
    public var orderId: String
    /// What comes back (distinct skus).
    public var lines: [ReturnLine]
    /// Idempotency key.
    public var requestId: String

    /// Creates a command.
    public init(orderId: String, lines: [ReturnLine], requestId: String = "") {
        self.orderId = orderId
        self.lines = lines
        self.requestId = requestId
    }
}
