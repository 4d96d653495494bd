// `orderly orders reject | cancel-lines | move | hold | release`: the fulfilment exceptions.
// Each prints the order afterwards; --expected-version makes a stale view fail with ABORTED.
import ArgumentParser
import CProtobufC
import OrderlyMessages
import OrderlyProtosC

struct RejectAllocation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "A location cannot fill allocated units: route them elsewhere.",
        discussion: """
            not-in-stock lowers the location's on_hand, damaged moves the units to its damaged
            bucket, other leaves the stock alone. The units are routed again, never back to that
            location; what no location has is backordered (orders created with --allow-backorder)
            or puts the order on the unfillable hold.

            Examples:
              orderly orders reject o-000017 --location wh-east --sku SKU-1 --reason not-in-stock
              orderly orders reject o-000017 --location wh-east --sku SKU-1 --quantity 1 --reason damaged
            """)

    @Argument(help: "Order id.") var id: String
    @Option(help: ArgumentHelp("The rejecting location.", valueName: "id")) var location: String
    @Option(help: "The sku.") var sku: String
    @Option(help: "Units rejected (default: every unshipped unit of the sku there).") var quantity: Int32 = 0
    @Option(help: "Why: \(Orderly_V1_RejectReason.allValueStrings.joined(separator: ", ")).")
    var reason: Orderly_V1_RejectReason
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_RejectAllocationRequest(
            orderID: id, locationID: location, sku: sku, quantity: quantity, reason: reason, expectedVersion: expectedVersion)
        try await common.withSession { session in
            try session.print(try await session.orders.rejectAllocation(request, options: session.options), render: Render.order)
        }
    }
}

struct CancelOrderLines: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel-lines", abstract: "Cancel unshipped units of some lines (all of them cancels the order).",
        discussion: """
            Examples:
              orderly orders cancel-lines o-000017 --line SKU-1:1 --reason "out of season"
              orderly orders cancel-lines o-000017 --line SKU-1:2 --line SKU-7:1 --expected-version 4
            """)

    @Argument(help: "Order id.") var id: String
    @Option(help: ArgumentHelp("Units to cancel SKU:QTY (repeat for more skus).", valueName: "sku:qty"))
    var line: [ShipmentLineSpec] = []
    @Option(help: "Why, recorded in the order's history.") var reason = ""
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if line.isEmpty { throw ValidationError("cancel-lines needs at least one --line SKU:QTY") }
    }

    func run() async throws {
        let request = Orderly_V1_CancelOrderLinesRequest(
            orderID: id, lines: line.map(\.line), reason: reason, expectedVersion: expectedVersion)
        try await common.withSession { session in
            try session.print(try await session.orders.cancelOrderLines(request, options: session.options), render: Render.order)
        }
    }
}

struct MoveAllocation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move unshipped units of a sku to another location that has them available.",
        discussion: """
            Examples:
              orderly orders move o-000017 --sku SKU-1 --from wh-east --to wh-west
              orderly orders move o-000017 --sku SKU-1 --from wh-east --to st-newark --quantity 1
            """)

    @Argument(help: "Order id.") var id: String
    @Option(help: "The sku.") var sku: String
    @Option(help: ArgumentHelp("Where the units are allocated now.", valueName: "id")) var from: String
    @Option(help: ArgumentHelp("Where they go.", valueName: "id")) var to: String
    @Option(help: "Units moved (default: every unshipped unit of the sku at --from).") var quantity: Int32 = 0
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_MoveAllocationRequest(
            orderID: id, sku: sku, fromLocationID: from, toLocationID: to, quantity: quantity, expectedVersion: expectedVersion)
        try await common.withSession { session in
            try session.print(try await session.orders.moveAllocation(request, options: session.options), render: Render.order)
        }
    }
}

struct PlaceHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Put an order on hold: it does not ship until the hold is released.",
        discussion: """
            Held orders are a work queue: orderly orders list --hold fraud-review

            Examples:
              orderly orders hold o-000017 --reason fraud-review --note "3 cards in an hour"
            """)

    @Argument(help: "Order id.") var id: String
    @Option(help: "Why: \(Orderly_V1_HoldReason.allValueStrings.filter { $0 != "unfillable" }.joined(separator: ", ")).")
    var reason: Orderly_V1_HoldReason
    @Option(help: "Free text kept with the hold.") var note = ""
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_PlaceHoldRequest(orderID: id, reason: reason, note: note, expectedVersion: expectedVersion)
        try await common.withSession { session in
            try session.print(try await session.orders.placeHold(request, options: session.options), render: Render.order)
        }
    }
}

struct ReleaseHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "End a hold (unfillable: routes the units it covers again).",
        discussion: """
            Examples:
              orderly orders release o-000017 --reason fraud-review
              orderly orders release o-000017 --reason unfillable
            """)

    @Argument(help: "Order id.") var id: String
    @Option(help: "The hold: \(Orderly_V1_HoldReason.allValueStrings.joined(separator: ", ")).")
    var reason: Orderly_V1_HoldReason
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_ReleaseHoldRequest(orderID: id, reason: reason, expectedVersion: expectedVersion)
        try await common.withSession { session in
            try session.print(try await session.orders.releaseHold(request, options: session.options), render: Render.order)
        }
    }
}

extension Orderly_V1_HoldReason: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__hold_reason__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_RejectReason: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__reject_reason__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}
