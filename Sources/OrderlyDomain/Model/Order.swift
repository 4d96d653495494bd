// Order and its parts. Kept compact (1M orders must fit in 2 GiB): no per-event order id copies
// beyond what the API needs, small value types, and derived facts (first shipment, delivery
// time) read from `history` instead of stored twice.

/// One line of an order.
public struct OrderLine: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units ordered (> 0).
    public var quantity: Int32
    /// Units cancelled (CancelOrderLines, backorder expiry); they count nowhere any more.
    public var quantityCancelled: Int32 = 0
    /// Price of one unit in minor units (≥ 0).
    public var unitPriceMinor: Int64
    /// Units shipped so far.
    public var quantityShipped: Int32
    /// Units received back so far.
    public var quantityReturned: Int32
    /// Units waiting for stock: accepted but not allocated anywhere yet.
    public var quantityBackordered: Int32 = 0

    /// Creates a line.
    public init(
        sku: String, quantity: Int32, unitPriceMinor: Int64, quantityShipped: Int32 = 0,
        quantityReturned: Int32 = 0, quantityCancelled: Int32 = 0, quantityBackordered: Int32 = 0
    ) {
        self.sku = sku
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.quantityShipped = quantityShipped
        self.quantityReturned = quantityReturned
        self.quantityCancelled = quantityCancelled
        self.quantityBackordered = quantityBackordered
    }

    /// Units that still count: ordered and not cancelled (what reports and totals use).
    public var quantityCounted: Int32 { quantity - quantityCancelled }
}

/// An active hold: while an order has one, it does not ship.
public struct Hold: Hashable, Sendable {
    /// Why.
    public var reason: HoldReason
    /// Free text from whoever placed it.
    public var note: String
    /// When it was placed.
    public var placedAt: Timestamp

    /// Creates a hold.
    public init(reason: HoldReason, note: String = "", placedAt: Timestamp) {
        self.reason = reason
        self.note = note
        self.placedAt = placedAt
    }
}

/// The rarely used parts of an order (holds, backorder terms, rejected sources), kept out of
/// line so an order without them pays one pointer.
public struct OrderExceptions: Hashable, Sendable {
    /// Active holds, oldest first, at most one per reason.
    public var holds: [Hold] = []
    /// CreateOrderRequest.allow_backorder: units no location can fill wait for stock.
    public var allowBackorder = false
    /// Backordered units still waiting at this time are cancelled (nil: they wait indefinitely).
    public var backorderCancelAfter: Timestamp?
    /// (location, sku) pairs a location rejected: routing never sends that sku there again.
    public var rejected: [StockKey] = []

    /// Nothing set.
    public init() {}

    var isEmpty: Bool { holds.isEmpty && !allowBackorder && backorderCancelAfter == nil && rejected.isEmpty }
}

/// Immutable storage of an order's ``OrderExceptions`` (replaced, never changed, on write).
final class ExceptionsBox: Hashable, Sendable {
    let value: OrderExceptions
    init(_ value: OrderExceptions) { self.value = value }
    static func == (a: ExceptionsBox, b: ExceptionsBox) -> Bool { a === b || a.value == b.value }
    func hash(into h: inout Hasher) { h.combine(value) }
}

/// Units of one sku promised from one location.
public struct Allocation: Hashable, Sendable {
    /// Where the units come from.
    public var locationId: String
    /// The product.
    public var sku: String
    /// Units allocated.
    public var quantity: Int32
    /// Units of this allocation already shipped (not in the public API; drives reservations).
    public var quantityShipped: Int32

    /// Creates an allocation.
    public init(locationId: String, sku: String, quantity: Int32, quantityShipped: Int32 = 0) {
        self.locationId = locationId
        self.sku = sku
        self.quantity = quantity
        self.quantityShipped = quantityShipped
    }

    /// Units still reserved for this allocation (allocated but not shipped).
    public var open: Int32 { quantity - quantityShipped }
}

/// A status change of an order, as kept in its history and sent to watchers.
public struct OrderEvent: Hashable, Sendable {
    /// The order that changed.
    public var orderId: String
    /// Its new status.
    public var status: OrderStatus
    /// When it changed.
    public var at: Timestamp
    /// Why, in words.
    public var message: String
    /// Server-wide, from 1, +1 per order event.
    public var sequence: Int64

    /// Creates an event.
    public init(orderId: String, status: OrderStatus, at: Timestamp, message: String, sequence: Int64) {
        self.orderId = orderId
        self.status = status
        self.at = at
        self.message = message
        self.sequence = sequence
    }
}

/// An order.
public struct Order: Hashable, Sendable {
    /// Store-generated id ("o-000001").
    public var orderId: String
    /// 1 at creation, +1 on every change.
    public var version: Int64
    /// Current status.
    public var status: OrderStatus
    /// Where it came from.
    public var channel: SalesChannel
    /// The channel's own reference (unique per channel when set).
    public var channelOrderRef: String
    /// Who ordered.
    public var customer: Customer
    /// What was ordered.
    public var lines: [OrderLine]
    /// ISO 4217 code, three uppercase letters.
    public var currency: String
    /// Σ quantity × unit price.
    public var totalMinor: Int64
    /// Where it goes (nil for store pickup).
    public var shippingAddress: Address?
    /// How it travels.
    public var shippingMethod: ShippingMethod
    /// The store for STORE_PICKUP orders.
    public var pickupLocationId: String
    /// Where the units come from.
    public var allocations: [Allocation]
    /// Shipments in creation order.
    public var shipmentIds: [String]
    /// Creation time.
    public var createdAt: Timestamp
    /// Time of the last change.
    public var updatedAt: Timestamp
    /// Every status change, starting with ALLOCATED.
    public var history: [OrderEvent]
    /// A digest of the CreateOrder request that made this order (not in the API): a retry under
    /// the same idempotency key with another payload is refused. 0 when unknown (older data).
    public var requestFingerprint: UInt64 = 0
    /// Holds, backorder terms and rejected sources; nil (one pointer) for most orders.
    private var exceptionsBox: ExceptionsBox?

    /// Holds, backorder terms and rejected sources (all empty for most orders).
    public var exceptions: OrderExceptions {
        get { exceptionsBox?.value ?? OrderExceptions() }
        set { exceptionsBox = newValue.isEmpty ? nil : ExceptionsBox(newValue) }
    }

    /// Active holds, oldest first.
    public var holds: [Hold] { exceptionsBox?.value.holds ?? [] }
    /// Ship-by and deliver-by dates and shipping cost per parcel, as promised at creation (nil
    /// when no parcel had a carrier service, e.g. store pickup: one word in memory).
    public var promise: DeliveryPromise?

    /// Creates an order.
    public init(
        orderId: String, version: Int64 = 1, status: OrderStatus = .allocated,
        channel: SalesChannel, channelOrderRef: String = "", customer: Customer = Customer(),
        lines: [OrderLine], currency: String, totalMinor: Int64, shippingAddress: Address?,
        shippingMethod: ShippingMethod, pickupLocationId: String = "", allocations: [Allocation],
        shipmentIds: [String] = [], createdAt: Timestamp, updatedAt: Timestamp,
        history: [OrderEvent] = []
    ) {
        self.orderId = orderId
        self.version = version
        self.status = status
        self.channel = channel
        self.channelOrderRef = channelOrderRef
        self.customer = customer
        self.lines = lines
        self.currency = currency
        self.totalMinor = totalMinor
        self.shippingAddress = shippingAddress
        self.shippingMethod = shippingMethod
        self.pickupLocationId = pickupLocationId
        self.allocations = allocations
        self.shipmentIds = shipmentIds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.history = history
    }

    /// Units ordered and not cancelled, over all lines.
    public var unitsOrdered: Int64 { lines.reduce(0) { $0 + Int64($1.quantityCounted) } }
    /// Units waiting for stock, over all lines.
    public var unitsBackordered: Int64 { lines.reduce(0) { $0 + Int64($1.quantityBackordered) } }
    /// Units shipped over all lines.
    public var unitsShipped: Int64 { lines.reduce(0) { $0 + Int64($1.quantityShipped) } }
    /// Units received back over all lines.
    public var unitsReturned: Int64 { lines.reduce(0) { $0 + Int64($1.quantityReturned) } }

    /// When the first shipment left (the first shipping status in the history).
    public var firstShippedAt: Timestamp? {
        history.first { $0.status == .partiallyShipped || $0.status == .shipped }?.at
    }

    /// When the order became DELIVERED, if it did.
    public var deliveredAt: Timestamp? { history.first { $0.status == .delivered }?.at }
}
