// `orderly shipments create | track | get | list`.
import ArgumentParser
import OrderlyMessages

struct Shipments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ship orders and record carrier tracking events.",
        subcommands: [CreateShipment.self, TrackShipment.self, GetShipment.self, ListShipments.self])
}

struct CreateShipment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Ship (part of) an order from one location.",
        discussion: """
            Without --line, everything still allocated to the order at that location ships.

            Examples:
              orderly shipments create o-17 wh-newark --carrier UPS --tracking 1Z999
              orderly shipments create o-17 wh-newark --line SKU-1:1 --line SKU-7:1
            """)

    @Argument(help: "Order id.") var orderId: String
    @Argument(help: "Location it ships from.") var locationId: String
    @Option(help: ArgumentHelp("A line SKU:QTY (repeat for more).", valueName: "sku:qty")) var line: [ShipmentLineSpec] = []
    @Option(help: "Carrier name.") var carrier = ""
    @Option(help: "Carrier tracking number.") var tracking = ""
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_CreateShipmentRequest(
            orderID: orderId, locationID: locationId, lines: line.map(\.line), carrier: carrier, trackingNumber: tracking)
        try await common.withSession { session in
            let shipment = try await session.shipments.createShipment(request, options: session.options)
            try session.print(shipment, render: Render.shipment)
        }
    }
}

struct TrackShipment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track", abstract: "Record a tracking event (delivered is final).",
        discussion: """
            Statuses: \(Orderly_V1_ShipmentStatus.allValueStrings.joined(separator: ", ")).

            Examples:
              orderly shipments track s-4 in-transit --description "Left hub Newark"
              orderly shipments track s-4 delivered
            """)

    @Argument(help: "Shipment id.") var shipmentId: String
    @Argument(help: "New status.") var status: Orderly_V1_ShipmentStatus
    @Option(help: "Carrier's description.") var description = ""
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_AddTrackingEventRequest(shipmentID: shipmentId, status: status, description: description)
        try await common.withSession { session in
            let shipment = try await session.shipments.addTrackingEvent(request, options: session.options)
            try session.print(shipment, render: Render.shipment)
        }
    }
}

struct GetShipment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one shipment with its tracking events.",
        discussion: "Examples:\n  orderly shipments get s-4")

    @Argument(help: "Shipment id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let shipment = try await session.shipments.getShipment(
                Orderly_V1_GetShipmentRequest(shipmentID: id), options: session.options)
            try session.print(shipment, render: Render.shipment)
        }
    }
}

struct ListShipments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List an order's shipments.",
        discussion: "Examples:\n  orderly shipments list o-17")

    @Argument(help: "Order id.") var orderId: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.shipments.listShipments(
                Orderly_V1_ListShipmentsRequest(orderID: orderId), options: session.options)
            try session.print(response) { response in
                var table = Table("SHIPMENT", "LOCATION", "STATUS", "CARRIER", "TRACKING", "UNITS", "CREATED")
                for s in response.shipments {
                    table.add(s.shipmentID, s.locationID, s.status.kebabName, s.carrier, s.trackingNumber,
                              String(s.lines.reduce(0) { $0 + Int($1.quantity) }), Format.time(s.createdAt))
                }
                return table.render(empty: "(no shipments)")
            }
        }
    }
}
