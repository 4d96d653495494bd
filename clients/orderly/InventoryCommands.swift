// `orderly inventory ...` and `orderly inventory locations ...`: stock locations.
import ArgumentParser
import OrderlyMessages

struct Inventory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stock locations and stock levels.",
        subcommands: [Locations.self, SetStock.self, AdjustStock.self, Availability.self, ImportStock.self,
                      WatchInventory.self, VerifyInventory.self, StockMovements.self])
}

struct Locations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Warehouses, stores and fulfillment centers.", subcommands: [AddLocation.self, ListLocations.self])
}

struct AddLocation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a location or replace the one with the same id.",
        discussion: """
            Examples:
              orderly inventory locations add wh-newark --name "Newark DC" --kind warehouse --lat 40.73 --lng -74.17
              orderly inventory locations add st-chicago --name "Chicago Loop" --kind store --lat 41.88 --lng -87.63 --city Chicago --country US --pickup
              orderly inventory locations add wh-berlin --name Berlin --kind warehouse --lat 52.52 --lng 13.40 --time-zone Europe/Berlin --cutoff 15:00 --handling-days 1 --daily-capacity 500
            """)

    @Argument(help: "Location id, e.g. wh-berlin.") var id: String
    @Option(help: "Display name.") var name: String
    @Option(help: "Kind: \(Orderly_V1_LocationKind.allValueStrings.joined(separator: ", ")).")
    var kind: Orderly_V1_LocationKind
    @Option(help: ArgumentHelp("Latitude in degrees.", valueName: "degrees")) var lat: SignedDouble
    @Option(help: ArgumentHelp("Longitude in degrees.", valueName: "degrees")) var lng: SignedDouble
    @Option(help: "City.") var city = ""
    @Option(help: ArgumentHelp("ISO 3166-1 alpha-2 country code.", valueName: "CC")) var country = ""
    @Flag(help: "Customers may collect store-pickup orders here (stores only).") var pickup = false
    @Option(help: ArgumentHelp("IANA time zone of its wall clock (default UTC).", valueName: "zone")) var timeZone = ""
    @Option(help: ArgumentHelp("Local cutoff: later orders ship the next day (default 23:59).", valueName: "HH:MM"))
    var cutoff = ""
    @Option(help: "Days from the cutoff to hand-over to the carrier.") var handlingDays: Int32 = 0
    @Option(help: "Orders accepted per local day (0 = unlimited).") var dailyCapacity: Int32 = 0
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (-90...90).contains(lat.value), (-180...180).contains(lng.value) else {
            throw ValidationError("--lat must be within -90...90 and --lng within -180...180")
        }
    }

    func run() async throws {
        let location = Orderly_V1_Location(
            locationID: id, name: name, kind: kind,
            address: Orderly_V1_Address(name: name, city: city, country: country, latitude: lat.value,
                                        longitude: lng.value),
            pickupEnabled: pickup, timeZone: timeZone, cutoffLocalTime: cutoff, handlingDays: handlingDays,
            dailyOrderCapacity: dailyCapacity)
        try await common.withSession { session in
            let stored = try await session.inventory.upsertLocation(location, options: session.options)
            try session.print(stored, render: Render.location)
        }
    }
}

struct ListLocations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every location.",
        discussion: "Examples:\n  orderly inventory locations list\n  orderly inventory locations list --json")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.inventory.listLocations(
                Orderly_V1_ListLocationsRequest(), options: session.options)
            try session.print(response) { response in
                var table = Table("ID", "NAME", "KIND", "CITY", "COUNTRY", "LAT", "LNG", "PICKUP", "TIME ZONE", "CUTOFF",
                                  "HANDLING", "CAPACITY")
                for l in response.locations {
                    let a = l.address ?? Orderly_V1_Address()
                    table.add(l.locationID, l.name, l.kind.kebabName, a.city, a.country, String(a.latitude),
                              String(a.longitude), l.pickupEnabled ? "yes" : "", l.timeZone.isEmpty ? "UTC" : l.timeZone,
                              l.cutoffLocalTime.isEmpty ? "23:59" : l.cutoffLocalTime, "\(l.handlingDays)d",
                              l.dailyOrderCapacity == 0 ? "" : String(l.dailyOrderCapacity))
                }
                return table.render(empty: "(no locations)")
            }
        }
    }
}
