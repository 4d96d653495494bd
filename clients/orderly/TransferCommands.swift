// `orderly transfers create | ship | receive | cancel | get`: stock moving between locations.
import ArgumentParser
import OrderlyMessages

struct Transfers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stock transfers between locations (reserved at the source, incoming at the destination).",
        subcommands: [CreateTransfer.self, ShipTransfer.self, ReceiveTransfer.self, CancelTransfer.self,
                      GetTransfer.self])

    /// The human form of a transfer: a key/value block and its lines.
    static func render(_ t: Orderly_V1_Transfer) -> String {
        var block = KeyValues()
        block.add("transfer", t.transferID)
        block.add("from", t.fromLocationID)
        block.add("to", t.toLocationID)
        block.add("status", t.status.kebabName)
        block.add("created", Format.time(t.createdAt))
        block.add("updated", Format.time(t.updatedAt))
        var lines = Table("SKU", "QTY", "RECEIVED")
        for l in t.lines { lines.add(l.sku, String(l.quantity), String(l.quantityReceived)) }
        return block.render() + "\n\nLines:\n" + lines.render()
    }
}

struct CreateTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Request a transfer; reserves every line at the source.",
        discussion: """
            Examples:
              orderly transfers create wh-newark st-chicago --line MUG-1:10 --line TEA-1:4
              orderly transfers create wh-newark st-chicago --line MUG-1:10 --request-id restock-2026-12-03
            """)

    @Argument(help: "Source location id.") var from: String
    @Argument(help: "Destination location id.") var to: String
    @Option(help: ArgumentHelp("A line SKU:QTY (repeatable).", valueName: "sku:qty")) var line: [TransferLineSpec] = []
    @Option(help: "Idempotency key: a repeat answers the first transfer.") var requestId = ""
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if line.isEmpty { throw ValidationError("give at least one --line SKU:QTY") }
    }

    func run() async throws {
        let request = Orderly_V1_CreateTransferRequest(
            requestID: requestId, fromLocationID: from, toLocationID: to, lines: line.map(\.line))
        try await common.withSession { session in
            try session.print(try await session.inventory.createTransfer(request, options: session.options),
                              render: Transfers.render)
        }
    }
}

struct ShipTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship", abstract: "Ship a requested transfer (source stock leaves, destination incoming rises).",
        discussion: "Examples:\n  orderly transfers ship t-000001")

    @Argument(help: "Transfer id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.shipTransfer(
                Orderly_V1_ShipTransferRequest(transferID: id), options: session.options), render: Transfers.render)
        }
    }
}

struct ReceiveTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Receive shipped units at the destination (all, or the given lines).",
        discussion: """
            Examples:
              orderly transfers receive t-000001
              orderly transfers receive t-000001 --line MUG-1:6
            """)

    @Argument(help: "Transfer id.") var id: String
    @Option(help: ArgumentHelp("Units arriving now, SKU:QTY (repeatable; none = everything in transit).",
                               valueName: "sku:qty"))
    var line: [TransferLineSpec] = []
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_ReceiveTransferRequest(transferID: id, lines: line.map(\.line))
        try await common.withSession { session in
            try session.print(try await session.inventory.receiveTransfer(request, options: session.options),
                              render: Transfers.render)
        }
    }
}

struct CancelTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a transfer that has not shipped; releases its reservation.",
        discussion: "Examples:\n  orderly transfers cancel t-000001")

    @Argument(help: "Transfer id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.cancelTransfer(
                Orderly_V1_CancelTransferRequest(transferID: id), options: session.options), render: Transfers.render)
        }
    }
}

struct GetTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one transfer.",
        discussion: "Examples:\n  orderly transfers get t-000001\n  orderly transfers get t-000001 --json")

    @Argument(help: "Transfer id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try session.print(try await session.inventory.getTransfer(
                Orderly_V1_GetTransferRequest(transferID: id), options: session.options), render: Transfers.render)
        }
    }
}
