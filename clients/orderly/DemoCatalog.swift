// The demo retailer's fixed world: a seeded random generator, its five locations, 500 SKUs in
// ten categories, and the cities its customers live in.
import OrderlyMessages

/// SplitMix64: tiny, fast and the same on every platform, so a seed always gives the same data.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Uniform in 0..<1.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// A city customers live in; `nearWarehouse` cities can get same-day delivery.
struct DemoCity: Sendable {
    let name: String
    let region: String
    let postal: String
    let latitude: Double
    let longitude: Double
    let nearWarehouse: Bool
}

/// The retailer "Northwind Outfitters".
enum DemoCatalog {
    static let warehouses = [
        location("wh-newark", "Newark Distribution Center", .warehouse, "Newark", "NJ", "07105", 40.7357, -74.1724),
        location("wh-dallas", "Dallas Distribution Center", .warehouse, "Dallas", "TX", "75207", 32.7767, -96.7970),
        location("wh-reno", "Reno Distribution Center", .warehouse, "Reno", "NV", "89502", 39.5296, -119.8138),
    ]

    static let stores = [
        location("st-chicago", "Chicago Loop Store", .store, "Chicago", "IL", "60603", 41.8781, -87.6298, pickup: true),
        location("st-seattle", "Seattle Pike Place Store", .store, "Seattle", "WA", "98101", 47.6062, -122.3321,
                 pickup: true),
    ]

    static var locations: [Orderly_V1_Location] { warehouses + stores }

    /// Ten categories of fifty SKUs each: prefix, name and unit price range in cents.
    static let categories: [(prefix: String, name: String, price: ClosedRange<Int64>)] = [
        ("TEE", "T-shirt", 1200...3500), ("HOOD", "Hoodie", 3900...8900), ("JEAN", "Jeans", 4900...12900),
        ("SOCK", "Socks", 500...1800), ("CAP", "Cap", 1500...3900), ("BOOT", "Boots", 8900...24900),
        ("JACK", "Jacket", 7900...29900), ("BAG", "Backpack", 3900...15900), ("BELT", "Belt", 1900...5900),
        ("SCRF", "Scarf", 1500...4900),
    ]

    static let skusPerCategory = 50

    /// SKU `i` (0..<500): categories interleaved so popular SKUs span categories.
    static func sku(_ index: Int) -> String {
        let category = categories[index % categories.count]
        let number = index / categories.count + 1
        return category.prefix + "-" + (number < 10 ? "00" : "0") + String(number)
    }

    static var skuCount: Int { categories.count * skusPerCategory }

    /// Deterministic list price of SKU `i`, ending in 99 cents.
    static func price(_ index: Int) -> Int64 {
        let range = categories[index % categories.count].price
        let span = (range.upperBound - range.lowerBound) / 100
        let step = Int64((index * 7919) % Int(span + 1))
        return range.lowerBound + step * 100 - 1
    }

    /// One SKU in five is a regional item: stocked in one warehouse only (`index % 3`) and in no
    /// store, so ordinary orders mixing regions are split over warehouses.
    static func isRegional(_ index: Int) -> Bool { index % 5 == 3 }

    /// Popular SKUs (low index) get more stock; demand is skewed the same way.
    static func warehouseStock(_ index: Int) -> Int64 { 60 + Int64(4000 / (index + 6)) }
    static func storeStock(_ index: Int) -> Int64 { 12 + Int64(400 / (index + 8)) }

    static let cities = [
        DemoCity(name: "New York", region: "NY", postal: "10001", latitude: 40.7128, longitude: -74.0060, nearWarehouse: true),
        DemoCity(name: "Jersey City", region: "NJ", postal: "07302", latitude: 40.7178, longitude: -74.0431, nearWarehouse: true),
        DemoCity(name: "Dallas", region: "TX", postal: "75201", latitude: 32.7831, longitude: -96.8067, nearWarehouse: true),
        DemoCity(name: "Plano", region: "TX", postal: "75074", latitude: 33.0198, longitude: -96.6989, nearWarehouse: true),
        DemoCity(name: "Reno", region: "NV", postal: "89501", latitude: 39.5262, longitude: -119.8127, nearWarehouse: true),
        DemoCity(name: "Chicago", region: "IL", postal: "60601", latitude: 41.8858, longitude: -87.6181, nearWarehouse: false),
        DemoCity(name: "Seattle", region: "WA", postal: "98104", latitude: 47.6025, longitude: -122.3280, nearWarehouse: false),
        DemoCity(name: "Boston", region: "MA", postal: "02108", latitude: 42.3601, longitude: -71.0589, nearWarehouse: false),
        DemoCity(name: "Philadelphia", region: "PA", postal: "19103", latitude: 39.9526, longitude: -75.1652, nearWarehouse: false),
        DemoCity(name: "Austin", region: "TX", postal: "78701", latitude: 30.2672, longitude: -97.7431, nearWarehouse: false),
        DemoCity(name: "Denver", region: "CO", postal: "80202", latitude: 39.7392, longitude: -104.9903, nearWarehouse: false),
        DemoCity(name: "San Francisco", region: "CA", postal: "94103", latitude: 37.7749, longitude: -122.4194, nearWarehouse: false),
        DemoCity(name: "Los Angeles", region: "CA", postal: "90012", latitude: 34.0522, longitude: -118.2437, nearWarehouse: false),
        DemoCity(name: "Portland", region: "OR", postal: "97204", latitude: 45.5152, longitude: -122.6784, nearWarehouse: false),
        DemoCity(name: "Atlanta", region: "GA", postal: "30303", latitude: 33.7490, longitude: -84.3880, nearWarehouse: false),
        DemoCity(name: "Miami", region: "FL", postal: "33130", latitude: 25.7617, longitude: -80.1918, nearWarehouse: false),
        DemoCity(name: "Phoenix", region: "AZ", postal: "85004", latitude: 33.4484, longitude: -112.0740, nearWarehouse: false),
        DemoCity(name: "Milwaukee", region: "WI", postal: "53202", latitude: 43.0389, longitude: -87.9065, nearWarehouse: false),
    ]

    static let firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Dennis",
                             "Margaret", "Linus", "Shafi", "Tim", "Katherine", "John", "Sophie", "Guido", "Hedy", "Niklaus"]
    static let lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
                            "Ritchie", "Hamilton", "Torvalds", "Goldwasser", "Berners-Lee", "Johnson", "Backus", "Wilson",
                            "van Rossum", "Lamarr", "Wirth"]
    static let streets = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Ave", "Lake Rd", "Hill St"]
    static let carriers = ["UPS", "FedEx", "USPS", "DHL"]

    private static func location(
        _ id: String, _ name: String, _ kind: Orderly_V1_LocationKind, _ city: String, _ region: String,
        _ postal: String, _ latitude: Double, _ longitude: Double, pickup: Bool = false
    ) -> Orderly_V1_Location {
        Orderly_V1_Location(
            locationID: id, name: name, kind: kind,
            address: Orderly_V1_Address(name: name, line1: "1 Commerce Way", city: city, region: region,
                                        postalCode: postal, country: "US", latitude: latitude, longitude: longitude),
            pickupEnabled: pickup)
    }
}
