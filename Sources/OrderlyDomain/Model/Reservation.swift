// Cart reservations: stock held for a checkout for a while. The lifecycle ACTIVE → CONVERTED (an
// order took its allocations), RELEASED (the cart gave it back) or EXPIRED (its time ran out),
// the ReserveStock command and the TTL rules.

/// Lifecycle of a cart reservation.
public enum ReservationStatus: Int32, WireEnum {
    public static let protoPrefix = "RESERVATION_STATUS_"
    case unspecified = 0, active, converted, released, expired
}

/// Units held for a cart until `expiresAt`, routed like an order.
public struct Reservation: Hashable, Sendable {
    /// "r-000001".
    public var reservationId: String
    /// What the cart holds (prices are the cart's; an order converting it must match sku and quantity).
    public var lines: [OrderLineInput]
    /// Where the units are reserved.
    public var allocations: [Allocation]
    /// When an ACTIVE reservation expires on its own.
    public var expiresAt: Timestamp
    /// Where in its lifecycle.
    public var status: ReservationStatus
    /// When it was made.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// The order that converted it ("" unless CONVERTED).
    public var orderId: String
    /// Who made it (the caller's role): a channel role may touch only its own reservations.
    public var owner: String
    /// Digest of the ReserveStock payload (0: unknown).
    public var requestFingerprint: UInt64

    /// Creates a reservation.
    public init(
        reservationId: String, lines: [OrderLineInput], allocations: [Allocation], expiresAt: Timestamp,
        status: ReservationStatus, createdAt: Timestamp, updatedAt: Timestamp, orderId: String = "",
        owner: String = "", requestFingerprint: UInt64 = 0
    ) {
        self.reservationId = reservationId
        self.lines = lines
        self.allocations = allocations
        self.expiresAt = expiresAt
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.orderId = orderId
        self.owner = owner
        self.requestFingerprint = requestFingerprint
    }
}

/// ReserveStock.
public struct ReserveStockCommand: Hashable, Sendable {
    /// Idempotency key ("" = none).
    public var requestId: String
    /// What the cart holds (1...500 lines, distinct skus).
    public var lines: [OrderLineInput]
    /// Where it would ship (required unless STORE_PICKUP); drives routing.
    public var shippingAddress: Address?
    /// How it would travel (UNSPECIFIED = STANDARD, or STORE_PICKUP with a pickup location).
    public var shippingMethod: ShippingMethod
    /// The pickup store for STORE_PICKUP.
    public var pickupLocationId: String
    /// A sales channel entity; channels are not built yet, so any non-empty id is NOT_FOUND.
    public var channelId: String
    /// Seconds to hold (0 = the default, 900; at most 86,400).
    public var ttlSeconds: Int32

    /// Creates a command.
    public init(
        requestId: String = "", lines: [OrderLineInput], shippingAddress: Address?,
        shippingMethod: ShippingMethod = .standard, pickupLocationId: String = "", channelId: String = "",
        ttlSeconds: Int32 = 0
    ) {
        self.requestId = requestId
        self.lines = lines
        self.shippingAddress = shippingAddress
        self.shippingMethod = shippingMethod
        self.pickupLocationId = pickupLocationId
        self.channelId = channelId
        self.ttlSeconds = ttlSeconds
    }

    /// The payload's fingerprint (everything but `requestId`).
    var fingerprint: UInt64 {
        var f = Fingerprint()
        f.add(UInt64(lines.count))
        for l in lines {
            f.add(l.sku)
            f.add(Int64(l.quantity))
            f.add(l.unitPriceMinor)
        }
        f.add(shippingAddress)
        f.add(shippingMethod)
        f.add(pickupLocationId)
        f.add(channelId)
        f.add(Int64(ttlSeconds))
        return f.value
    }
}

/// Reservation time-to-live rules.
public enum ReservationTTL {
    /// Seconds a reservation holds when the request leaves `ttl_seconds` at 0.
    public static let defaultSeconds: Int32 = 900
    /// The longest hold a request may ask for.
    public static let maxSeconds: Int32 = 86_400

    /// The TTL `requested` stands for; out of range is INVALID_ARGUMENT naming `ttl_seconds`.
    static func seconds(_ requested: Int32) throws(DomainError) -> Int64 {
        if requested == 0 { return Int64(defaultSeconds) }
        guard requested > 0, requested <= maxSeconds else {
            throw .invalid("ttl_seconds must be within 1...\(maxSeconds) (0 = the default \(defaultSeconds)), got \(requested)")
        }
        return Int64(requested)
    }
}
