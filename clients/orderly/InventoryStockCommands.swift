// `orderly inventory set | adjust | availability | verify`: stock levels of one SKU at one
// location, totals across locations, and the consistency check.
import ArgumentParser
import OrderlyMessages

struct SetStock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set the absolute stock of a SKU at a location.",
        discussion: "Examples:\n  orderly inventory set wh-newark SKU-1 120\n  orderly inventory set st-chicago SKU-1 8 --safety 2")

    @Argument(help: "Location id.") var location: String
    @Argument(help: "SKU.") var sku: String
    @Argument(help: ArgumentHelp("Units on hand.", valueName: "on-hand")) var onHand: Int64
    @Option(help: "Safety stock kept back from routing.") var safety: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_SetStockRequest(locationID: location, sku: sku, onHand: onHand, safetyStock: safety)
        try await common.withSession { session in
            let level = try await session.inventory.setStock(request, options: session.options)
            try session.print(level, render: Render.stockLevel)
        }
    }
}

struct AdjustStock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust", abstract: "Change the stock of a SKU at a location by a delta.",
        discussion: """
            Examples:
              orderly inventory adjust wh-newark SKU-1 25 --reason "delivery"
              orderly inventory adjust wh-newark SKU-1 -3 --reason damaged --request-id cc-2026-11-27-1
            """)

    @Argument(help: "Location id.") var location: String
    @Argument(help: "SKU.") var sku: String
    @Argument(help: "Units to add (negative to remove).") var delta: SignedInteger
    @Option(help: "Why, for the audit trail.") var reason = ""
    @Option(help: "Idempotency key: a repeat is applied once.") var requestId = ""
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_AdjustStockRequest(
            locationID: location, sku: sku, delta: delta.value, reason: reason, requestID: requestId)
        try await common.withSession { session in
            let level = try await session.inventory.adjustStock(request, options: session.options)
            try session.print(level, render: Render.stockLevel)
        }
    }
}

struct Availability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stock totals and per-location levels of SKUs.",
        discussion: "Examples:\n  orderly inventory availability SKU-1 SKU-2\n  orderly inventory availability SKU-1 --json")

    @Argument(help: "SKUs.") var skus: [String]
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if skus.isEmpty { throw ValidationError("name at least one SKU") }
    }

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.inventory.getAvailability(
                Orderly_V1_GetAvailabilityRequest(skus: skus), options: session.options)
            try session.print(response) { response in
                var table = Table("SKU", "LOCATION", "ON HAND", "RESERVED", "SAFETY", "AVAILABLE", "DAMAGED", "INCOMING")
                for item in response.items {
                    table.add(item.sku, "(all)", String(item.onHand), String(item.reserved), "", String(item.available),
                              "", "")
                    for l in item.locations {
                        table.add("", l.locationID, String(l.onHand), String(l.reserved), String(l.safetyStock),
                                  String(l.available), String(l.damaged), String(l.incoming))
                    }
                }
                return table.render()
            }
        }
    }
}

struct VerifyInventory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check reservations against open orders and figures against the stock ledger (exit 1 when inconsistent).",
        discussion: "Examples:\n  orderly inventory verify")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.inventory.verifyInventory(
                Orderly_V1_VerifyInventoryRequest(), options: session.options)
            try session.print(response) { response in
                var lines = ["consistent: \(response.consistent ? "yes" : "no") (\(response.levelsChecked) levels checked)"]
                lines += response.problems.map { "  " + $0 }
                return lines.joined(separator: "\n")
            }
            if !response.consistent { throw ExitCode(1) }
        }
    }
}
