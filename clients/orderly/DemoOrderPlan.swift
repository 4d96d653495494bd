// What `demo seed` does with each of its orders: the request, and the state to take it to.
// Plans come from the seeded generator alone, so a seed always gives the same plans.
import OrderlyMessages

/// The lifecycle state an order is taken to.
enum DemoTarget: CaseIterable, Sendable {
    case allocated, cancelled, partiallyShipped, inTransit, delivered, partiallyReturned, returned

    /// The order status the server should report at the end.
    var expectedStatus: Orderly_V1_OrderStatus {
        switch self {
        case .allocated: .allocated
        case .cancelled: .cancelled
        case .partiallyShipped: .partiallyShipped
        case .inTransit: .shipped
        case .delivered: .delivered
        case .partiallyReturned: .partiallyReturned
        case .returned: .returned
        }
    }
}

/// One order of the demo and what happens to it.
struct DemoOrderPlan: Sendable {
    let request: Orderly_V1_CreateOrderRequest
    let target: DemoTarget
    /// For shipped orders: the last carrier event (in-transit, out-for-delivery or exception).
    let lastTracking: Orderly_V1_ShipmentStatus
    /// Delivered orders only: a return that gets rejected.
    let rejectedReturn: Bool
    let carrier: String
    let reason: Orderly_V1_ReturnReason

    /// `count` plans for `seed`.
    static func make(count: Int, seed: UInt64) -> [DemoOrderPlan] {
        var random = SeededRandom(seed: seed)
        let customers = (0..<max(20, count / 6)).map { _ in
            (first: random.pick(DemoCatalog.firstNames), last: random.pick(DemoCatalog.lastNames),
             city: random.pick(DemoCatalog.cities), street: random.pick(DemoCatalog.streets), number: 1 + random.below(899))
        }
        let targets: [(DemoTarget, Double)] = [
            (.allocated, 0.14), (.cancelled, 0.10), (.partiallyShipped, 0.10), (.inTransit, 0.14),
            (.delivered, 0.32), (.partiallyReturned, 0.10), (.returned, 0.10),
        ]
        let channels: [(Orderly_V1_SalesChannel, Double)] = [
            (.web, 0.40), (.mobileApp, 0.25), (.marketplace, 0.15), (.pos, 0.12), (.erp, 0.08),
        ]
        return (0..<count).map { index in
            let target = weighted(targets, &random)
            let channel = weighted(channels, &random)
            let customerIndex = random.below(customers.count)
            let customer = customers[customerIndex]
            var request = Orderly_V1_CreateOrderRequest(
                requestID: "demo-\(seed)-\(index + 1)", channel: channel, currency: "USD")
            request.customer = Orderly_V1_Customer(
                customerID: "c-\(customerIndex + 1)",
                email: (customer.first + "." + customer.last).lowercased().replacing(" ", with: "") + "@example.com",
                name: customer.first + " " + customer.last)
            if channel == .marketplace { request.channelOrderRef = "MKT-\(100_000 + index * 7)" }
            // Point-of-sale orders are collected in a store, as are some app and web orders.
            let pickup = channel == .pos || (channel != .erp && random.chance(0.06))
            if pickup {
                request.shippingMethod = .storePickup
                request.pickupLocationID = random.pick(DemoCatalog.stores).locationID
            } else {
                let city = customer.city
                request.shippingMethod = city.nearWarehouse && random.chance(0.3) ? .sameDay
                    : random.chance(0.25) ? .express : .standard
                request.shippingAddress = Orderly_V1_Address(
                    name: customer.first + " " + customer.last, line1: "\(customer.number) \(customer.street)",
                    city: city.name, region: city.region, postalCode: city.postal, country: "US",
                    latitude: city.latitude + Double(random.below(200) - 100) / 10_000,
                    longitude: city.longitude + Double(random.below(200) - 100) / 10_000)
            }
            // Partial shipments and returns need more than one unit.
            let minimumLines = target == .partiallyShipped || target == .partiallyReturned ? 2 : 1
            let lineCount = max(minimumLines, 1 + (random.chance(0.45) ? 1 + random.below(3) : 0))
            var skus = Set<Int>()
            while skus.count < lineCount {
                // Squaring a uniform number skews demand towards the low (popular) SKU indexes.
                let u = random.unit()
                let sku = min(DemoCatalog.skuCount - 1, Int(u * u * Double(DemoCatalog.skuCount)))
                // Pickup and same-day orders are served by one nearby location: no regional items.
                if DemoCatalog.isRegional(sku), request.shippingMethod == .storePickup || request.shippingMethod == .sameDay {
                    continue
                }
                skus.insert(sku)
            }
            request.lines = skus.sorted().map { sku in
                Orderly_V1_OrderLineInput(
                    sku: DemoCatalog.sku(sku), quantity: Int32(random.chance(0.8) ? 1 : 2 + random.below(2)),
                    unitPriceMinor: DemoCatalog.price(sku))
            }
            return DemoOrderPlan(
                request: request, target: target,
                lastTracking: random.pick([.inTransit, .inTransit, .outForDelivery, .exception]),
                rejectedReturn: target == .delivered && random.chance(0.1),
                carrier: random.pick(DemoCatalog.carriers),
                reason: random.pick([.damaged, .wrongItem, .notAsDescribed, .noLongerNeeded, .other]))
        }
    }

    private static func weighted<T>(_ table: [(T, Double)], _ random: inout SeededRandom) -> T {
        var roll = random.unit()
        for (value, weight) in table {
            if roll < weight { return value }
            roll -= weight
        }
        return table[table.count - 1].0
    }
}
