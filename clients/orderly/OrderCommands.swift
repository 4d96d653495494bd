// `orderly orders create | plan | get | list | cancel` (watch is in OrderWatchCommand.swift).
import ArgumentParser
import OrderlyMessages

struct Orders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, route, inspect, list, cancel and watch orders; holds, rejections, moves, cancelled lines.",
        subcommands: [CreateOrder.self, PlanOrder.self, GetOrder.self, ListOrders.self, CancelOrder.self,
                      WatchOrders.self, RejectAllocation.self, CancelOrderLines.self, MoveAllocation.self,
                      PlaceHold.self, ReleaseHold.self])
}

struct CreateOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Place an order: route it and reserve its stock.",
        discussion: """
            Examples:
              orderly orders create --channel web --line SKU-1:2:1999 --ship-lat 40.73 --ship-lng -74.17
              orderly orders create --channel web --line SKU-1:2:1999 --line SKU-7:1:4500 --customer c-42 --ship-name "Ada L" --ship-city Newark --ship-country US --ship-lat 40.73 --ship-lng -74.17
              orderly orders create --channel pos --line SKU-1:1:1999 --pickup-location st-chicago
              orderly orders create --reservation r-000001 --channel web --line SKU-1:2:1999 --ship-lat 40.73 --ship-lng -74.17
              orderly orders create --channel web --line SKU-9:5:999 --allow-backorder --backorder-cancel-after 2027-01-31 --ship-lat 40.73 --ship-lng -74.17
            """)

    @OptionGroup var order: OrderRequestOptions
    @Option(help: ArgumentHelp("Convert this cart reservation: the order takes its stock (lines must match).",
                               valueName: "id"))
    var reservation = ""
    @Flag(help: "Accept units no location has now as backordered (filled as stock arrives, oldest order first).")
    var allowBackorder = false
    @Option(help: ArgumentHelp("Cancel backordered units still waiting at this time (RFC 3339 or YYYY-MM-DD).",
                               valueName: "time"))
    var backorderCancelAfter: Instant?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if backorderCancelAfter != nil && !allowBackorder {
            throw ValidationError("--backorder-cancel-after needs --allow-backorder")
        }
    }

    func run() async throws {
        var request = order.request
        request.reservationID = reservation
        request.allowBackorder = allowBackorder
        if let backorderCancelAfter { request.backorderCancelAfter = backorderCancelAfter.timestamp }
        try await common.withSession { session in
            let created = try await session.orders.createOrder(request, options: session.options)
            try session.print(created, render: Render.order)
        }
    }
}

struct PlanOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Dry run of create: where the stock would come from, and why.",
        discussion: """
            Takes the same flags as `orders create`; reserves nothing.

            Examples:
              orderly orders plan --channel web --line SKU-1:30:1999 --ship-lat 41.9 --ship-lng -87.6
            """)

    @OptionGroup var order: OrderRequestOptions
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let plan = try await session.orders.planRouting(order.request, options: session.options)
            try session.print(plan) { plan in
                var table = Table("LOCATION", "SKU", "QTY")
                for a in plan.allocations { table.add(a.locationID, a.sku, String(a.quantity)) }
                let promise = Render.promise(plan.promise, plan.parcels, currency: order.request.currency)
                return table.render() + (promise.isEmpty ? "" : "\n\n" + promise)
                    + "\n\nTrace:\n" + plan.trace.map { "  " + $0 }.joined(separator: "\n")
            }
        }
    }
}

struct GetOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one order with its lines, allocations and history.",
        discussion: "Examples:\n  orderly orders get o-17\n  orderly orders get o-17 --json")

    @Argument(help: "Order id.") var id: String
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.withSession { session in
            let order = try await session.orders.getOrder(Orderly_V1_GetOrderRequest(orderID: id), options: session.options)
            try session.print(order, render: Render.order)
        }
    }
}

struct ListOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List orders, oldest first (the order they were placed), following pages up to --limit.",
        discussion: """
            Examples:
              orderly orders list
              orderly orders list --status partially-shipped --channel marketplace --limit 200
              orderly orders list --customer c-42 --json
              orderly orders list --hold fraud-review
            """)

    @Option(help: "Only this status: \(Orderly_V1_OrderStatus.allValueStrings.joined(separator: ", ")).")
    var status: Orderly_V1_OrderStatus?
    @Option(help: "Only this channel.") var channel: Orderly_V1_SalesChannel?
    @Option(help: ArgumentHelp("Only this customer's orders.", valueName: "id")) var customer = ""
    @Option(help: "Only orders with this active hold (a work queue): \(Orderly_V1_HoldReason.allValueStrings.joined(separator: ", ")).")
    var hold: Orderly_V1_HoldReason?
    @Option(help: "At most this many orders (pages are followed).") var limit = 50
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await common.withSession { session in
            var result = Orderly_V1_ListOrdersResponse()
            var request = Orderly_V1_ListOrdersRequest(
                pageSize: Int32(min(limit, 500)), status: status ?? .unspecified, channel: channel ?? .unspecified,
                customerID: customer, holdReason: hold ?? .unspecified)
            repeat {
                let page = try await session.orders.listOrders(request, options: session.options)
                result.orders += page.orders.prefix(limit - result.orders.count)
                result.nextPageToken = page.nextPageToken
                request.pageToken = page.nextPageToken
            } while !request.pageToken.isEmpty && result.orders.count < limit
            try session.print(result) { response in
                var table = Table("ORDER", "STATUS", "CHANNEL", "CUSTOMER", "LINES", "UNITS", "TOTAL", "CREATED")
                for o in response.orders {
                    table.add(o.orderID, o.status.kebabName, o.channel.kebabName, o.customer?.customerID ?? "",
                              String(o.lines.count), String(o.lines.reduce(0) { $0 + Int($1.quantity - $1.quantityCancelled) }),
                              Format.money(o.totalMinor, o.currency), Format.time(o.createdAt))
                }
                return table.render(empty: "(no orders)")
            }
            if !session.json, !result.nextPageToken.isEmpty {
                Terminal.error("(showing the first \(limit) orders; raise --limit for more)")
            }
        }
    }
}

struct CancelOrder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel an order that has not shipped and release its stock.",
        discussion: "Examples:\n  orderly orders cancel o-17 --reason \"customer request\"\n  orderly orders cancel o-17 --expected-version 3")

    @Argument(help: "Order id.") var id: String
    @Option(help: "Why, recorded in the order's history.") var reason = ""
    @Option(help: "Fail with ABORTED unless the order is at this version.") var expectedVersion: Int64 = 0
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let request = Orderly_V1_CancelOrderRequest(orderID: id, reason: reason, expectedVersion: expectedVersion)
        try await common.withSession { session in
            let order = try await session.orders.cancelOrder(request, options: session.options)
            try session.print(order, render: Render.order)
        }
    }
}
