// `orderly returns request | approve | reject | receive | refund | get | list`.
import ArgumentParser
import OrderlyMessages

struct Returns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Returns: request, approve or reject, receive (and restock), refund.",
        subcommands: [RequestReturn.self, ApproveReturn.self, RejectReturn.self, ReceiveReturn.self,
                      RefundReturn.self, GetReturn.self, ListReturns.self])
}

struct RequestReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Ask to return shipped units of an order.",
        discussion: """
            Reasons: \(Orderly_V1_ReturnReason.allValueStrings.joined(separator: ", ")) (default other).

            Examples:
              orderly returns request o-17 --line SKU-1:1:damaged
              orderly returns request o-17 --line SKU-1:2 --line SKU-7:1:wrong-item --request-id rma-88
            """)

    @Argument(help: "Order id.") var orderId: String
    @Option(help: ArgumentHelp("A line SKU:QTY[:REASON] (repeat for more).", valueName: "sku:qty[:reason]"))
    var line: [ReturnLineSpec] = []
    @Option(help: "Idempotency key.") var requestId = ""
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if line.isEmpty { throw ValidationError("a return needs at least one --line SKU:QTY[:REASON]") }
    }

    func run() async throws {
        let request = Orderly_V1_RequestReturnRequest(orderID: orderId, lines: line.map(\.line), requestID: requestId)
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.requestReturn(request, options: session.options))
        }
    }
}

struct ApproveReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a requested return.", discussion: "Examples:\n  orderly returns approve r-3")

    @Argument(help: "Return id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.approveReturn(
                Orderly_V1_ApproveReturnRequest(returnID: id), options: session.options))
        }
    }
}

struct RejectReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a requested return.",
        discussion: "Examples:\n  orderly returns reject r-3 --reason \"outside the 30-day window\"")

    @Argument(help: "Return id.") var id: String
    @Option(help: "Why.") var reason = ""
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.rejectReturn(
                Orderly_V1_RejectReturnRequest(returnID: id, reason: reason), options: session.options))
        }
    }
}

struct ReceiveReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Record that an approved return arrived at a location.",
        discussion: "Examples:\n  orderly returns receive r-3 wh-newark --restock")

    @Argument(help: "Return id.") var id: String
    @Argument(help: "Location that received it.") var location: String
    @Flag(help: "Put the units back into sellable stock there.") var restock = false
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_ReceiveReturnRequest(returnID: id, locationID: location, restock: restock)
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.receiveReturn(request, options: session.options))
        }
    }
}

struct RefundReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund", abstract: "Refund a received return.", discussion: "Examples:\n  orderly returns refund r-3")

    @Argument(help: "Return id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.refundReturn(
                Orderly_V1_RefundReturnRequest(returnID: id), options: session.options))
        }
    }
}

struct GetReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one return.", discussion: "Examples:\n  orderly returns get r-3 --json")

    @Argument(help: "Return id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            try await session.printReturn(try await session.returns.getReturn(
                Orderly_V1_GetReturnRequest(returnID: id), options: session.options))
        }
    }
}

struct ListReturns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List an order's returns.", discussion: "Examples:\n  orderly returns list o-17")

    @Argument(help: "Order id.") var orderId: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let response = try await session.returns.listReturns(
                Orderly_V1_ListReturnsRequest(orderID: orderId), options: session.options)
            let refunded = response.returns.contains { $0.refundMinor != 0 }
            let currency = refunded ? await session.currency(ofOrder: orderId) : ""
            try session.print(response) { response in
                var table = Table("RETURN", "STATUS", "UNITS", "REFUND", "LOCATION", "CREATED")
                for r in response.returns {
                    table.add(r.returnID, r.status.kebabName, String(r.lines.reduce(0) { $0 + Int($1.quantity) }),
                              r.refundMinor == 0 ? "" : Format.money(r.refundMinor, currency), r.locationID, Format.time(r.createdAt))
                }
                return table.render(empty: "(no returns)")
            }
        }
    }
}
