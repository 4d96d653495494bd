// Services called through RPCRouter as the transport would call them: answers and statuses,
// mutations held back by the commit gate, client streaming, and watch streams (replay, live
// events, cancellation, a client that stops reading).
import OrderlyDomain
import OrderlyLocks
import OrderlyMessages
import OrderlyRPC
@testable import OrderlyServices
import Testing

/// A commit gate that holds every callback until the test releases them.
final class HeldGate: CommitGate {
    private let held = Locked<[@Sendable ((any Error)?) -> Void]>([])

    func afterDurable(_ body: @escaping @Sendable ((any Error)?) -> Void) {
        held.withLock { $0.append(body) }
    }

    var count: Int { held.withLock { $0.count } }

    func release(_ error: (any Error)? = nil) {
        let bodies = held.withLock { held -> [@Sendable ((any Error)?) -> Void] in
            defer { held = [] }
            return held
        }
        for body in bodies { body(error) }
    }
}

struct JournalBroke: Error {}

struct ServiceCallTests {
    @Test func createOrderThenGetItBack() throws {
        let server = Server()
        try server.stock("sku-a", at: "w1", onHand: 10)
        let created = try server.unary("OrderService/CreateOrder", Server.orderRequest([("sku-a", 3)]), as: Orderly_V1_Order.self)
        #expect(created.code == .ok)
        let order = try #require(created.response)
        #expect(order.status == .allocated && order.version == 1 && order.totalMinor == 750)
        #expect(order.allocations == [Orderly_V1_Allocation(locationID: "w1", sku: "sku-a", quantity: 3)])
        let fetched = try server.unary("OrderService/GetOrder", Orderly_V1_GetOrderRequest(orderID: order.orderID), as: Orderly_V1_Order.self)
        #expect(fetched.response == order)
        let level = try server.unary(
            "InventoryService/GetAvailability", Orderly_V1_GetAvailabilityRequest(skus: ["sku-a"]),
            as: Orderly_V1_GetAvailabilityResponse.self)
        #expect(level.response?.items.first?.reserved == 3)
    }

    @Test(arguments: [
        ("OrderService/GetOrder", "", StatusCode.invalidArgument, "order_id"),
        ("OrderService/GetOrder", "o-nope", .notFound, "o-nope"),
    ])
    func readErrorsBecomeStatuses(_ method: String, _ id: String, _ code: StatusCode, _ named: String) throws {
        let answer = try Server().unary(method, Orderly_V1_GetOrderRequest(orderID: id), as: Orderly_V1_Order.self)
        #expect(answer.code == code)
        #expect(answer.message.contains(named))
        #expect(answer.response == nil)
    }

    @Test func lookupsWithoutAnIdAreInvalidArgument() throws {
        let server = Server()
        #expect(try server.unary("ShipmentService/GetShipment", Orderly_V1_GetShipmentRequest(), as: Orderly_V1_Shipment.self).code == .invalidArgument)
        #expect(try server.unary("ReturnService/GetReturn", Orderly_V1_GetReturnRequest(), as: Orderly_V1_Return.self).code == .invalidArgument)
    }

    @Test func aFailedMutationAnswersAtOnceWithoutWaitingForTheGate() throws {
        let gate = HeldGate()
        let server = Server(gate: gate)
        var request = Server.orderRequest([("sku-a", 1)])
        request.channel = .unrecognized(97)
        let call = try server.start("OrderService/CreateOrder", request)
        #expect(call.sink.code == .invalidArgument)
        #expect(call.sink.statusMessage.hasPrefix("channel"))
        #expect(gate.count == 0)
    }

    @Test func aSuccessfulMutationIsAnsweredOnlyOnceDurable() throws {
        let gate = HeldGate()
        let server = Server(gate: gate)
        let location = Orderly_V1_Location(locationID: "w1", kind: .warehouse)
        let call = try server.start("InventoryService/UpsertLocation", location)
        #expect(call.sink.code == nil && call.sink.messages.isEmpty)
        #expect(gate.count == 1)
        #expect(server.store.listLocations().map(\.locationId) == ["w1"], "applied before it is durable")
        gate.release()
        #expect(call.sink.code == .ok)
        #expect(try call.responses(Orderly_V1_Location.self) == [location])
    }

    @Test func aMutationThatCannotBeMadeDurableIsUnavailable() throws {
        let gate = HeldGate()
        let server = Server(gate: gate)
        let call = try server.start("InventoryService/UpsertLocation", Orderly_V1_Location(locationID: "w1", kind: .store))
        gate.release(JournalBroke())
        #expect(call.sink.code == .unavailable)
        #expect(call.sink.messages.isEmpty)
    }

    @Test func readsDoNotWaitForTheGate() throws {
        let gate = HeldGate()
        let server = Server(gate: gate)
        let answer = try server.unary(
            "ReportingService/GetSalesSummary", Orderly_V1_GetSalesSummaryRequest(), as: Orderly_V1_SalesSummary.self)
        #expect(answer.code == .ok && answer.response?.orders == 0)
        #expect(gate.count == 0)
    }

    @Test func importStockCountsBadRowsAndAppliesGoodOnes() async throws {
        let server = Server()
        try server.stock("seed", at: "w1", onHand: 1)
        let call = try server.open("InventoryService/ImportStock")
        let rows = (0..<1205).map { Orderly_V1_SetStockRequest(locationID: "w1", sku: "bulk-\($0)", onHand: Int64($0)) }
            + [Orderly_V1_SetStockRequest(locationID: "w1", sku: "", onHand: 1),
               Orderly_V1_SetStockRequest(locationID: "nowhere", sku: "x", onHand: 1)]
        for row in rows { call.send(row) }
        call.handler.receiveEnd()
        await call.sink.wait { call.sink.code != nil }
        #expect(call.sink.code == .ok)
        let response = try #require(try call.responses(Orderly_V1_ImportStockResponse.self).first)
        #expect(response.accepted == 1205 && response.rejected == 2)
        #expect(response.errors.count == 2)
        #expect(response.errors.first?.hasPrefix("row 1206:") == true, "\(response.errors)")
        #expect(response.errors.last?.contains("nowhere") == true)
        #expect(server.store.availability(skus: ["bulk-1204"]).first?.onHand == 1204)
    }

    @Test func importStockAnswersOnlyOnceItsRowsAreDurable() async throws {
        let gate = HeldGate()
        let server = Server(gate: gate)
        _ = try server.start("InventoryService/UpsertLocation", Orderly_V1_Location(locationID: "w1", kind: .warehouse))
        gate.release()
        let call = try server.open("InventoryService/ImportStock")
        call.send(Orderly_V1_SetStockRequest(locationID: "w1", sku: "a", onHand: 5))
        call.handler.receiveEnd()
        await call.sink.wait { gate.count == 1 }
        #expect(call.sink.code == nil, "answered before durable")
        #expect(server.store.availability(skus: ["a"]).first?.onHand == 5)
        gate.release()
        await call.sink.wait { call.sink.code != nil }
        #expect(call.sink.code == .ok)
        #expect(try call.responses(Orderly_V1_ImportStockResponse.self).first?.accepted == 1)
    }

    @Test func watchOrdersReplaysThenStreamsLiveEventsUntilCancelled() async throws {
        let server = Server()
        try server.stock("sku-a", at: "w1", onHand: 10)
        let first = try #require(try server.unary(
            "OrderService/CreateOrder", Server.orderRequest([("sku-a", 1)], customer: "c-9"), as: Orderly_V1_Order.self).response)
        _ = try server.unary("OrderService/CreateOrder", Server.orderRequest([("sku-a", 1)], customer: "other"), as: Orderly_V1_Order.self)
        let second = try #require(try server.unary(
            "OrderService/CreateOrder", Server.orderRequest([("sku-a", 1)], customer: "c-9"), as: Orderly_V1_Order.self).response)
        // Resume after the first order's creation: the second one's creation is replayed.
        let watch = try server.start(
            "OrderService/WatchOrders",
            Orderly_V1_WatchOrdersRequest(customerID: "c-9", fromSequence: first.history[0].sequence))
        await watch.sink.wait { watch.sink.messages.count == 1 }
        let live = try #require(try server.unary(
            "OrderService/CancelOrder", Orderly_V1_CancelOrderRequest(orderID: first.orderID), as: Orderly_V1_Order.self).response)
        await watch.sink.wait { watch.sink.messages.count == 2 }
        let events = try watch.responses(Orderly_V1_OrderEvent.self)
        #expect(events.map(\.status) == [.allocated, .cancelled])
        #expect(events.map(\.orderID) == [second.orderID, first.orderID])
        #expect(events.map(\.sequence) == [second.history[0].sequence, live.history[1].sequence])

        watch.context.cancel()
        let third = Server.orderRequest([("sku-a", 1)], customer: "c-9")
        _ = try server.unary("OrderService/CreateOrder", third, as: Orderly_V1_Order.self)
        try await Task.sleep(for: .milliseconds(50))
        #expect(watch.sink.messages.count == 2, "a cancelled watch still received events")
    }

    @Test func aLongReplayWaitsForAReadingClientInsteadOfCuttingItOff() async throws {
        let server = Server()
        try server.stock("sku-a", at: "w1", onHand: 100)
        for _ in 0..<20 {
            _ = try server.unary("OrderService/CreateOrder", Server.orderRequest([("sku-a", 1)]), as: Orderly_V1_Order.self)
        }
        // A send queue of ~1 event: the replay has to wait for the client again and again.
        let watch = try server.start(
            "OrderService/WatchOrders", Orderly_V1_WatchOrdersRequest(fromSequence: 1), maxPendingResponseBytes: 100)
        var seen = 0
        while seen < 19 {
            await watch.sink.wait { watch.sink.messages.count > seen }
            let now = watch.sink.messages.count
            #expect(now > seen, "the replay stalled at \(seen) events")
            #expect(watch.sink.code == nil, "a client that reads was cut off: \(watch.sink.statusMessage)")
            guard now > seen, watch.sink.code == nil else { break }
            seen = now
            watch.sink.drain()
        }
        #expect(try watch.responses(Orderly_V1_OrderEvent.self).map(\.sequence) == Array(2...20))
        watch.context.cancel()
    }

    @Test func aWatcherWhoseClientStopsReadingIsCutOffWithoutSlowingWriters() async throws {
        let server = Server()
        try server.stock("sku-a", at: "w1", onHand: 10)
        // The first message fills the (tiny) send queue and the test sink never drains it.
        let watch = try server.start(
            "InventoryService/WatchInventory", Orderly_V1_WatchInventoryRequest(skus: ["sku-a"]),
            maxPendingResponseBytes: 1)
        for delta in 1...50 {
            let adjust = Orderly_V1_AdjustStockRequest(locationID: "w1", sku: "sku-a", delta: Int64(delta))
            #expect(try server.unary("InventoryService/AdjustStock", adjust, as: Orderly_V1_StockLevel.self).code == .ok)
        }
        await watch.sink.wait { watch.sink.code != nil }
        #expect(watch.sink.code == .resourceExhausted)
        #expect(watch.sink.messages.count == 1)
        #expect(try watch.responses(Orderly_V1_StockLevel.self).first?.onHand == 11)
    }

    @Test func everyServiceOfTheContractIsRegistered() {
        let router = Server().router
        #expect(router.serviceNames == OrderlyServiceSet.serviceNames)
        let methods = Set(router.allRoutes.map(\.path))
        for path in [
            "/orderly.v1.InventoryService/ImportStock", "/orderly.v1.InventoryService/VerifyInventory",
            "/orderly.v1.OrderService/PlanRouting", "/orderly.v1.OrderService/WatchOrders",
            "/orderly.v1.ShipmentService/AddTrackingEvent", "/orderly.v1.ReturnService/RefundReturn",
            "/orderly.v1.ReportingService/GetLowStock", "/orderly.v1.InventoryService/ListStockMovements",
            "/orderly.v1.InventoryService/ReceiveTransfer", "/orderly.v1.InventoryService/ReserveStock",
            "/orderly.v1.InventoryService/GetReservation", "/orderly.v1.ReportingService/GetCustomerInsights",
            "/orderly.v1.ReportingService/GetProductAffinity", "/orderly.v1.ReportingService/GetStockCover",
            "/orderly.v1.OrderService/RejectAllocation", "/orderly.v1.OrderService/CancelOrderLines",
            "/orderly.v1.OrderService/MoveAllocation", "/orderly.v1.OrderService/PlaceHold",
            "/orderly.v1.OrderService/ReleaseHold",
            "/orderly.v1.OrderService/SetRoutingPolicy", "/orderly.v1.OrderService/GetRoutingPolicy",
            "/orderly.v1.ShipmentService/UpsertCarrierService", "/orderly.v1.ShipmentService/ListCarrierServices",
        ] {
            #expect(methods.contains(path), "\(path)")
        }
        #expect(router.allRoutes.count == 18 + 13 + 6 + 7 + 7)
    }
}
