// Shared fixtures: a few real cities as locations, a deterministic clock, and helpers that
// build stores and commands.
@testable import OrderlyDomain

enum Place {
    static let nyc = Address(line1: "1 Broadway", city: "New York", country: "US", latitude: 40.7128, longitude: -74.0060)
    static let phl = Address(city: "Philadelphia", country: "US", latitude: 39.9526, longitude: -75.1652)
    static let bos = Address(city: "Boston", country: "US", latitude: 42.3601, longitude: -71.0589)
    static let chi = Address(city: "Chicago", country: "US", latitude: 41.8781, longitude: -87.6298)
    static let customer = Address(name: "Ada", line1: "5th Ave", city: "New York", country: "US",
                                  latitude: 40.7306, longitude: -73.9866)
}

enum Fixture {
    static let locations = [
        Location(locationId: "wh-nyc", name: "NYC", kind: .warehouse, address: Place.nyc),
        Location(locationId: "wh-phl", name: "PHL", kind: .warehouse, address: Place.phl),
        Location(locationId: "st-bos", name: "Boston store", kind: .store, address: Place.bos, pickupEnabled: true),
        Location(locationId: "wh-chi", name: "CHI", kind: .fulfillmentCenter, address: Place.chi),
    ]

    /// A store with the four locations and the given stock rows (location, sku, on hand).
    static func store(
        stock: [(String, String, Int64)] = [], clock: ManualClock = ManualClock(),
        configuration: OrderStore.Configuration = OrderStore.Configuration()
    ) throws -> OrderStore {
        let store = OrderStore(clock: clock, configuration: configuration)
        for l in locations { _ = try store.upsertLocation(l) }
        for (location, sku, onHand) in stock {
            _ = try store.setStock(SetStockCommand(locationId: location, sku: sku, onHand: onHand))
        }
        return store
    }

    static func order(
        _ lines: [(String, Int32)], price: Int64 = 1000, requestId: String = "", ref: String = "",
        channel: SalesChannel = .web, customer: String = "c-1", method: ShippingMethod = .standard,
        pickup: String = ""
    ) -> CreateOrderCommand {
        CreateOrderCommand(
            requestId: requestId, channel: channel, channelOrderRef: ref,
            customer: Customer(customerId: customer, email: "\(customer)@example.com", name: "Customer"),
            lines: lines.map { OrderLineInput(sku: $0.0, quantity: $0.1, unitPriceMinor: price) },
            currency: "USD", shippingAddress: method == .storePickup ? nil : Place.customer,
            shippingMethod: method, pickupLocationId: pickup)
    }
}

/// Runs `body` and returns the DomainError it throws (nil if it did not throw).
func domainError<T>(_ body: () throws -> T) -> DomainError? {
    do {
        _ = try body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        return DomainError(.unavailable, "not a DomainError: \(error)")
    }
}
