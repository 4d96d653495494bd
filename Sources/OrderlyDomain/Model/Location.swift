// Places and people: Address (with coordinates for routing), Customer and Location.

/// A postal address with the coordinates routing measures distances from.
public struct Address: Hashable, Sendable {
    /// Recipient or place name.
    public var name: String
    /// First address line.
    public var line1: String
    /// Second address line.
    public var line2: String
    /// City.
    public var city: String
    /// Region, state or province.
    public var region: String
    /// Postal code.
    public var postalCode: String
    /// ISO 3166-1 alpha-2 country code.
    public var country: String
    /// Latitude in degrees, -90...90.
    public var latitude: Double
    /// Longitude in degrees, -180...180.
    public var longitude: Double

    /// Creates an address.
    public init(
        name: String = "", line1: String = "", line2: String = "", city: String = "",
        region: String = "", postalCode: String = "", country: String = "",
        latitude: Double = 0, longitude: Double = 0
    ) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Who placed an order.
public struct Customer: Hashable, Sendable {
    /// The caller's id for the customer.
    public var customerId: String
    /// E-mail address.
    public var email: String
    /// Display name.
    public var name: String

    /// Creates a customer.
    public init(customerId: String = "", email: String = "", name: String = "") {
        self.customerId = customerId
        self.email = email
        self.name = name
    }
}

/// A warehouse, store or fulfillment center that holds stock.
public struct Location: Hashable, Sendable {
    /// Caller-chosen id.
    public var locationId: String
    /// Display name.
    public var name: String
    /// What kind of place this is.
    public var kind: LocationKind
    /// Where it is; routing measures distances from here.
    public var address: Address?
    /// Whether customers may collect STORE_PICKUP orders here (STORE only).
    public var pickupEnabled: Bool
    /// IANA time zone of its wall clock ("" = UTC).
    public var timeZone: String = ""
    /// Local "HH:MM" after which allocated orders ship the next day ("" = 23:59).
    public var cutoffLocalTime: String = ""
    /// Days from the cutoff to hand-over to the carrier.
    public var handlingDays: Int32 = 0
    /// Orders it accepts per local day (0 = unlimited).
    public var dailyOrderCapacity: Int32 = 0

    /// Creates a location.
    public init(
        locationId: String, name: String = "", kind: LocationKind = .warehouse,
        address: Address? = nil, pickupEnabled: Bool = false, timeZone: String = "",
        cutoffLocalTime: String = "", handlingDays: Int32 = 0, dailyOrderCapacity: Int32 = 0
    ) {
        self.locationId = locationId
        self.name = name
        self.kind = kind
        self.address = address
        self.pickupEnabled = pickupEnabled
        self.timeZone = timeZone
        self.cutoffLocalTime = cutoffLocalTime
        self.handlingDays = handlingDays
        self.dailyOrderCapacity = dailyOrderCapacity
    }

    /// Its cutoff rhythm (UTC and 23:59 when its fields are empty or no longer resolvable).
    public var cutoff: Cutoff {
        Cutoff(zone: TimeZones.named(timeZone) ?? .utc, minuteOfDay: Cutoff.minutes(cutoffLocalTime) ?? 23 * 60 + 59)
    }
}

/// Identifies one stock level: a sku at a location.
public struct StockKey: Hashable, Sendable {
    /// The location id.
    public var locationId: String
    /// The sku.
    public var sku: String

    /// Creates a key.
    public init(locationId: String, sku: String) {
        self.locationId = locationId
        self.sku = sku
    }
}

/// How much of one sku one location holds.
public struct StockLevel: Hashable, Sendable {
    /// The location id.
    public var locationId: String
    /// The sku.
    public var sku: String
    /// Units physically present.
    public var onHand: Int64
    /// Units promised to open orders, not yet shipped.
    public var reserved: Int64
    /// Units kept back from selling.
    public var safetyStock: Int64
    /// Units present but not sellable (damaged returns restocked); not part of `available`.
    public var damaged: Int64
    /// Units on their way here (shipped transfers); not part of `available`.
    public var incoming: Int64
    /// Grows by one with every change to this level.
    public var version: Int64

    /// Creates a level.
    public init(
        locationId: String, sku: String, onHand: Int64 = 0, reserved: Int64 = 0,
        safetyStock: Int64 = 0, version: Int64 = 0, damaged: Int64 = 0, incoming: Int64 = 0
    ) {
        self.locationId = locationId
        self.sku = sku
        self.onHand = onHand
        self.reserved = reserved
        self.safetyStock = safetyStock
        self.version = version
        self.damaged = damaged
        self.incoming = incoming
    }

    /// Units that may still be promised: max(0, on_hand − reserved − safety_stock).
    public var available: Int64 {
        let (a, o1) = onHand.subtractingReportingOverflow(reserved)
        let (b, o2) = a.subtractingReportingOverflow(safetyStock)
        return o1 || o2 ? 0 : max(0, b)
    }

    /// The key of this level.
    public var key: StockKey { StockKey(locationId: locationId, sku: sku) }
}
