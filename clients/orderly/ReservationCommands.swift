// `orderly reservations create | extend | release | get`: cart reservations (stock held for a
// checkout until it expires), and how `orders create --reservation` converts one.
import ArgumentParser
import OrderlyMessages

struct Reservations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cart reservations: hold stock for a checkout (routed like an order) until it expires.",
        subcommands: [CreateReservation.self, ExtendReservation.self, ReleaseReservation.self, GetReservation.self])

    /// The human form of a reservation: a key/value block, its lines and where the units are held.
    static func render(_ r: Orderly_V1_Reservation) -> String {
        var block = KeyValues()
        block.add("reservation", r.reservationID)
        block.add("status", r.status.kebabName)
        block.add("expires", Format.time(r.expiresAt))
        if !r.orderID.isEmpty { block.add("order", r.orderID) }
        block.add("created", Format.time(r.createdAt))
        block.add("updated", Format.time(r.updatedAt))
        var lines = Table("SKU", "QTY", "PRICE")
        for l in r.lines { lines.add(l.sku, String(l.quantity), Format.money(l.unitPriceMinor)) }
        var held = Table("LOCATION", "SKU", "QTY")
        for a in r.allocations { held.add(a.locationID, a.sku, String(a.quantity)) }
        return block.render() + "\n\nLines:\n" + lines.render() + "\n\nHeld at:\n" + held.render()
    }
}

struct CreateReservation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Reserve a cart's lines (routed like an order) for --ttl seconds.",
        discussion: """
            Examples:
              orderly reservations create --line MUG-1:2:1299 --ship-lat 40.73 --ship-lng -74.17
              orderly reservations create --line MUG-1:1:1299 --pickup-location st-chicago --ttl 600
              orderly reservations create --line MUG-1:2:1299 --ship-lat 40.73 --ship-lng -74.17 --request-id cart-42
            Then: orderly orders create --reservation r-000001 --channel web --line MUG-1:2:1299 --ship-lat 40.73 --ship-lng -74.17
            """)

    @Option(help: ArgumentHelp("A line SKU:QTY:PRICE_MINOR (repeat for more lines).", valueName: "sku:qty:price"))
    var line: [OrderLineSpec] = []
    @Option(help: ArgumentHelp("Seconds to hold (default 900, at most 86400).", valueName: "seconds")) var ttl: Int32?
    @Option(help: "Idempotency key: a repeat answers the first reservation.") var requestId = ""
    @Option(help: "Shipping method: \(Orderly_V1_ShippingMethod.allValueStrings.joined(separator: ", ")) (default: standard, or store-pickup with --pickup-location).")
    var method: Orderly_V1_ShippingMethod?
    @Option(help: ArgumentHelp("Store to collect from (store-pickup).", valueName: "id")) var pickupLocation = ""
    @Option(help: ArgumentHelp("Latitude of the delivery address (required unless store pickup).", valueName: "degrees"))
    var shipLat: SignedDouble?
    @Option(help: ArgumentHelp("Longitude of the delivery address (required unless store pickup).", valueName: "degrees"))
    var shipLng: SignedDouble?
    @Option(help: ArgumentHelp("Country code.", valueName: "CC")) var shipCountry = ""
    @OptionGroup var common: CommonOptions

    var shippingMethod: Orderly_V1_ShippingMethod { method ?? (pickupLocation.isEmpty ? .standard : .storePickup) }

    func validate() throws {
        if line.isEmpty { throw ValidationError("a reservation needs at least one --line SKU:QTY:PRICE_MINOR") }
        if shippingMethod != .storePickup, shipLat == nil || shipLng == nil {
            throw ValidationError("a shipped cart needs --ship-lat and --ship-lng (routing starts from the delivery address); "
                + "use --pickup-location for store pickup")
        }
    }

    func run() async throws {
        var request = Orderly_V1_ReserveStockRequest(
            requestID: requestId, lines: line.map(\.line), shippingMethod: shippingMethod,
            pickupLocationID: pickupLocation, ttlSeconds: ttl ?? 0)
        if let lat = shipLat, let lng = shipLng {
            request.shippingAddress = Orderly_V1_Address(country: shipCountry, latitude: lat.value, longitude: lng.value)
        }
        try await common.withSession { session in
            try session.print(try await session.inventory.reserveStock(request, options: session.options),
                              render: Reservations.render)
        }
    }
}

struct ExtendReservation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Make an active reservation expire --ttl seconds from now.",
        discussion: "Examples:\n  orderly reservations extend r-000001 --ttl 900")

    @Argument(help: "Reservation id.") var id: String
    @Option(help: ArgumentHelp("Seconds from now (default 900, at most 86400).", valueName: "seconds")) var ttl: Int32?
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.extendReservation(
                Orderly_V1_ExtendReservationRequest(reservationID: id, ttlSeconds: ttl ?? 0), options: session.options),
                render: Reservations.render)
        }
    }
}

struct ReleaseReservation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Give a reservation's stock back now.",
        discussion: "Examples:\n  orderly reservations release r-000001")

    @Argument(help: "Reservation id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.releaseReservation(
                Orderly_V1_ReleaseReservationRequest(reservationID: id), options: session.options),
                render: Reservations.render)
        }
    }
}

struct GetReservation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one reservation: status, expiry, lines and where they are held.",
        discussion: "Examples:\n  orderly reservations get r-000001\n  orderly reservations get r-000001 --json")

    @Argument(help: "Reservation id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.getReservation(
                Orderly_V1_GetReservationRequest(reservationID: id), options: session.options),
                render: Reservations.render)
        }
    }
}
