// `orderly carriers list | upsert` and `orderly routing-policy get | set`: the carrier services
// that price and date parcels, and the routing objective.
import ArgumentParser
import OrderlyMessages

/// A distance band `MAX_KM:TRANSIT_DAYS:BASE_MINOR[:PER_UNIT_MINOR]`.
struct BandSpec: ExpressibleByArgument, Sendable {
    let band: Orderly_V1_TransitBand

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, let km = Double(parts[0]), let days = Int32(parts[1]),
              let base = Int64(parts[2])
        else { return nil }
        var perUnit: Int64 = 0
        if parts.count == 4 {
            guard let value = Int64(parts[3]) else { return nil }
            perUnit = value
        }
        band = Orderly_V1_TransitBand(maxKm: km, transitDays: days, baseCostMinor: base, perUnitCostMinor: perUnit)
    }
}

struct Carriers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Carrier services: distance bands with transit days and costs.",
        subcommands: [ListCarriers.self, UpsertCarrier.self])
}

struct UpsertCarrier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upsert", abstract: "Create a carrier service or replace the one with the same id (admin).",
        discussion: """
            A parcel uses the first band whose max km reaches its distance; it costs BASE + PER_UNIT
            x units. Bands go in ascending max km.

            Examples:
              orderly carriers upsert ups-ground --carrier UPS --method standard --currency USD --band 300:2:650 --band 3000:5:990:25 --tracking-url 'https://ups.example/track/{tracking}'
              orderly carriers upsert fedex-2day --carrier FedEx --method express --currency USD --band 5000:2:1900
            """)

    @Argument(help: "Carrier service id.") var id: String
    @Option(help: "Carrier name.") var carrier = ""
    @Option(help: "Display name.") var name = ""
    @Option(help: "Shipping method: \(Orderly_V1_ShippingMethod.allValueStrings.joined(separator: ", ")).")
    var method: Orderly_V1_ShippingMethod
    @Option(help: ArgumentHelp("ISO 4217 currency of the costs.", valueName: "CODE")) var currency = "USD"
    @Option(help: ArgumentHelp("A band MAX_KM:TRANSIT_DAYS:BASE_MINOR[:PER_UNIT_MINOR] (repeat for more).",
                               valueName: "band")) var band: [BandSpec] = []
    @Option(help: ArgumentHelp("Tracking link with {tracking} for the number.", valueName: "url")) var trackingUrl = ""
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if band.isEmpty { throw ValidationError("give at least one --band MAX_KM:TRANSIT_DAYS:BASE_MINOR[:PER_UNIT_MINOR]") }
    }

    func run() async throws {
        let service = Orderly_V1_CarrierService(
            carrierServiceID: id, carrier: carrier, name: name, method: method, currency: currency,
            bands: band.map(\.band), trackingURLTemplate: trackingUrl)
        try await common.withSession { session in
            let stored = try await session.shipments.upsertCarrierService(service, options: session.options)
            try session.print(stored, render: Render.carrierService)
        }
    }
}

struct ListCarriers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every carrier service with its bands.",
        discussion: "Examples:\n  orderly carriers list\n  orderly carriers list --json")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.shipments.listCarrierServices(
                Orderly_V1_ListCarrierServicesRequest(), options: session.options)
            try session.print(response) { response in
                var table = Table("ID", "CARRIER", "METHOD", "CURRENCY", "BANDS (km: days, base + per unit)")
                for s in response.carrierServices {
                    let bands = s.bands.map {
                        "\(Int($0.maxKm.rounded())): \($0.transitDays)d, \($0.baseCostMinor) + \($0.perUnitCostMinor)"
                    }.joined(separator: "; ")
                    table.add(s.carrierServiceID, s.carrier, s.method.kebabName, s.currency, bands)
                }
                return table.render(empty: "(no carrier services)")
            }
        }
    }
}

struct RoutingPolicyCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing-policy", abstract: "The routing objective and the parcel cap.",
        subcommands: [GetRoutingPolicy.self, SetRoutingPolicy.self])
}

struct GetRoutingPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show the routing policy in force.",
        discussion: "Examples:\n  orderly routing-policy get")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let policy = try await session.orders.getRoutingPolicy(Orderly_V1_GetRoutingPolicyRequest(), options: session.options)
            try session.print(policy, render: Render.routingPolicy)
        }
    }
}

struct SetRoutingPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Replace the routing policy (admin).",
        discussion: """
            distance: round 1's rules (nearest single location, else fewest locations); cost: the
            lowest shipping cost + split penalty per extra parcel; speed: the earliest delivery of
            the last parcel.

            Examples:
              orderly routing-policy set --objective cost --split-penalty 300
              orderly routing-policy set --objective speed --max-locations 2
              orderly routing-policy set --objective distance
            """)

    @Option(help: "Objective: \(Orderly_V1_RoutingObjective.allValueStrings.joined(separator: ", ")).")
    var objective: Orderly_V1_RoutingObjective
    @Option(help: "At most this many parcels per order (0 = no cap).") var maxLocations: Int32 = 0
    @Option(help: ArgumentHelp("Cost per parcel beyond the first, in minor units (cost objective).", valueName: "minor"))
    var splitPenalty: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let policy = Orderly_V1_RoutingPolicy(objective: objective, maxLocations: maxLocations, splitPenaltyMinor: splitPenalty)
        try await common.withSession { session in
            let stored = try await session.orders.setRoutingPolicy(policy, options: session.options)
            try session.print(stored, render: Render.routingPolicy)
        }
    }
}
