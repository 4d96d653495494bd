// Routing rules, table-driven over the pure Router.plan function.
import Testing
@testable import OrderlyDomain

struct RoutingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var demand: [(String, Int64)]
    var stock: [String: [String: Int64]]
    var method: ShippingMethod = .standard
    var pickup: String = ""
    var budget: Int = RoutingConfig().exactSearchBudget
    /// Expected allocations as "location:sku:qty", or the expected error kind.
    var expected: [String] = []
    var error: DomainError.Kind?
    var messagePart: String = ""

    var testDescription: String { name }
}

@Suite struct RouterTests {
    static let cases: [RoutingCase] = [
        RoutingCase(name: "single nearest location that fills everything",
                    demand: [("A", 2), ("B", 1)],
                    stock: ["wh-nyc": ["A": 5, "B": 5], "wh-phl": ["A": 5, "B": 5]],
                    expected: ["wh-nyc:A:2", "wh-nyc:B:1"]),
        RoutingCase(name: "a farther single location beats a split",
                    demand: [("A", 2), ("B", 1)],
                    stock: ["wh-nyc": ["A": 5], "wh-phl": ["B": 5], "wh-chi": ["A": 2, "B": 1]],
                    expected: ["wh-chi:A:2", "wh-chi:B:1"]),
        RoutingCase(name: "fewest locations beats nearest-first greedy",
                    demand: [("A", 2), ("B", 2)],
                    stock: ["wh-nyc": ["A": 2], "wh-phl": ["B": 1], "st-bos": ["B": 1], "wh-chi": ["B": 2]],
                    expected: ["wh-nyc:A:2", "wh-chi:B:2"]),
        RoutingCase(name: "among equally few the nearest",
                    demand: [("A", 2), ("B", 2)],
                    stock: ["wh-nyc": ["A": 2], "wh-phl": ["B": 2], "wh-chi": ["B": 2]],
                    expected: ["wh-nyc:A:2", "wh-phl:B:2"]),
        RoutingCase(name: "each location gives as much as it can, nearest first",
                    demand: [("A", 3)],
                    stock: ["wh-nyc": ["A": 2], "wh-phl": ["A": 2]],
                    expected: ["wh-nyc:A:2", "wh-phl:A:1"]),
        RoutingCase(name: "ties at equal distance go to the smaller location id",
                    demand: [("A", 1)],
                    stock: ["z-twin": ["A": 1], "a-twin": ["A": 1]],
                    expected: ["a-twin:A:1"]),
        RoutingCase(name: "same day uses only locations within the radius",
                    demand: [("A", 1)],
                    stock: ["wh-nyc": ["A": 0], "wh-phl": ["A": 9]], method: .sameDay,
                    error: .failedPrecondition, messagePart: "not enough stock for sku A"),
        RoutingCase(name: "same day within the radius",
                    demand: [("A", 1)],
                    stock: ["wh-nyc": ["A": 1], "wh-phl": ["A": 9]], method: .sameDay,
                    expected: ["wh-nyc:A:1"]),
        RoutingCase(name: "not enough stock anywhere names the sku and the counts",
                    demand: [("A", 5)],
                    stock: ["wh-nyc": ["A": 2], "wh-phl": ["A": 1]],
                    error: .failedPrecondition, messagePart: "not enough stock for sku A: requested 5, available 3"),
        RoutingCase(name: "store pickup takes everything from the pickup store",
                    demand: [("A", 1)],
                    stock: ["wh-nyc": ["A": 5], "st-bos": ["A": 1]], method: .storePickup, pickup: "st-bos",
                    expected: ["st-bos:A:1"]),
        RoutingCase(name: "store pickup at an unknown location",
                    demand: [("A", 1)], stock: [:], method: .storePickup, pickup: "nowhere",
                    error: .notFound, messagePart: "nowhere"),
        RoutingCase(name: "store pickup at a warehouse",
                    demand: [("A", 1)], stock: ["wh-nyc": ["A": 5]], method: .storePickup, pickup: "wh-nyc",
                    error: .failedPrecondition, messagePart: "not a store with pickup enabled"),
        RoutingCase(name: "store pickup short of stock",
                    demand: [("A", 2)], stock: ["st-bos": ["A": 1], "wh-nyc": ["A": 9]],
                    method: .storePickup, pickup: "st-bos",
                    error: .failedPrecondition, messagePart: "requested 2, available 1"),
        RoutingCase(name: "greedy fallback still covers the demand",
                    demand: [("A", 2), ("B", 2)],
                    stock: ["wh-nyc": ["A": 2], "wh-phl": ["B": 1], "st-bos": ["B": 1]], budget: 0,
                    expected: ["wh-nyc:A:2", "wh-phl:B:1", "st-bos:B:1"]),
    ]

    static func locations(for c: RoutingCase) -> [Location] {
        var all = Fixture.locations
        all.append(Location(locationId: "z-twin", address: Place.nyc))
        all.append(Location(locationId: "a-twin", address: Place.nyc))
        return all.filter { c.stock[$0.locationId] != nil || $0.locationId == c.pickup || c.method == .storePickup }
    }

    @Test(arguments: cases)
    func routes(_ c: RoutingCase) {
        var config = RoutingConfig()
        config.exactSearchBudget = c.budget
        let result = Result { () throws(DomainError) -> RoutingPlan in
            try Router.plan(
                demand: c.demand.map { Router.Demand(sku: $0.0, quantity: $0.1) }, method: c.method,
                address: Place.customer, pickupLocationId: c.pickup, locations: Self.locations(for: c),
                config: config, wantTrace: true
            ) { location, sku in c.stock[location]?[sku] ?? 0 }
        }
        switch result {
        case .success(let plan):
            #expect(c.error == nil, "expected \(String(describing: c.error)), got \(plan.allocations)")
            #expect(plan.allocations.map { "\($0.locationId):\($0.sku):\($0.quantity)" } == c.expected)
            #expect(!plan.trace.isEmpty)
        case .failure(let error):
            #expect(error.kind == c.error, "\(error)")
            #expect(error.message.contains(c.messagePart), "\(error.message)")
        }
    }

    @Test func traceHasOneLinePerLocationConsidered() throws {
        let plan = try Router.plan(
            demand: [Router.Demand(sku: "A", quantity: 1)], method: .sameDay, address: Place.customer,
            pickupLocationId: "", locations: Fixture.locations, wantTrace: true
        ) { location, _ in location == "wh-nyc" ? 1 : 0 }
        #expect(plan.trace.count == Fixture.locations.count)
        #expect(plan.trace.contains { $0.hasPrefix("wh-nyc") && $0.hasSuffix("chosen") })
        #expect(plan.trace.contains { $0.hasPrefix("wh-chi") && $0.contains("same-day radius") })
    }

    @Test(arguments: [
        (Place.nyc, Place.phl, 129.6), (Place.nyc, Place.bos, 306.1), (Place.nyc, Place.chi, 1144.3),
    ])
    func haversineMatchesKnownDistances(_ a: Address, _ b: Address, _ km: Double) {
        #expect(abs(Geo.distanceKm(a, b) - km) < 1.5)
    }
}
