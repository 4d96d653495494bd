// The `mixed` scenario: a retailer's day in miniature. Each call is one of create (30%), get
// (25%), list (10%), ship (12%), track to delivered (8%), return (5%) or a stock adjustment
// (10%, mostly top-ups, some removals); steps that need an earlier one (ship needs an order,
// track a shipment, return a delivery) fall back to create. Every worker keeps its own lane of ids, so nothing is shared between
// loops. Units ordered and units added are counted for the oversell check after the run.
import OrderlyClient
import OrderlyMessages
import OrderlyRPC

/// The `mixed` scenario.
final class MixedScenario: LoadScenario, @unchecked Sendable {
    /// An order this run placed.
    struct Placed: Sendable {
        let orderID: String
        let sku: String
    }

    /// One worker's state. Thread ownership: only touched on that worker's loop thread (and read
    /// by the runner after every worker finished), hence `@unchecked Sendable`.
    final class Lane: @unchecked Sendable {
        var random: UInt64
        var sequence = 0
        var known: [String] = []
        var toShip: [Placed] = []
        var toTrack: [(shipmentID: String, order: Placed)] = []
        var toReturn: [Placed] = []
        /// Units of each sku in orders the server accepted.
        var ordered: [String: Int64] = [:]
        /// Units accepted adjustments added (negative for removals).
        var added: [String: Int64] = [:]
        var outOfStock = 0

        init(seed: UInt64) {
            random = seed | 1
        }

        /// xorshift64*: cheap and good enough to pick operations.
        func next(_ bound: Int) -> Int {
            random ^= random >> 12
            random ^= random << 25
            random ^= random >> 27
            return Int((random &* 2_685_821_657_736_338_717) >> 33) % bound
        }

        func remember(_ orderID: String) {
            if known.count < 4096 {
                known.append(orderID)
            } else {
                known[next(known.count)] = orderID
            }
        }
    }

    let fixture: LoadFixture
    let lanes: [Lane]
    private let options: CallOptions
    private let quantities: [Int32] = [1, 1, 2, 3]

    init(fixture: LoadFixture, workers: Int, options: CallOptions) {
        self.fixture = fixture
        lanes = (0..<workers).map { Lane(seed: UInt64($0 + 1) &* 0x9E37_79B9_7F4A_7C15) }
        self.options = options
    }

    func issue(on channel: GRPCChannel, worker: LoadWorker, intended: UInt64) {
        let lane = lanes[worker.index]
        let done: @Sendable (StatusCode) -> Void = { worker.completed($0, intended: intended) }
        lane.sequence += 1
        let roll = lane.next(100)
        switch roll {
        case 30..<55 where !lane.known.isEmpty:
            var request = Orderly_V1_GetOrderRequest()
            request.orderID = lane.known[lane.next(lane.known.count)]
            channel.unary(path: Orderly_V1_OrderServiceClient.Methods.getOrder, request: request,
                          responseType: Orderly_V1_Order.self, options: options) { done(statusCode($0)) }
        case 55..<65:
            var request = Orderly_V1_ListOrdersRequest()
            request.pageSize = 20
            channel.unary(path: Orderly_V1_OrderServiceClient.Methods.listOrders, request: request,
                          responseType: Orderly_V1_ListOrdersResponse.self, options: options) { done(statusCode($0)) }
        case 65..<77 where !lane.toShip.isEmpty:
            ship(lane.toShip.removeLast(), lane: lane, channel: channel, done: done)
        case 77..<85 where !lane.toTrack.isEmpty:
            let (shipmentID, order) = lane.toTrack.removeLast()
            var request = Orderly_V1_AddTrackingEventRequest()
            request.shipmentID = shipmentID
            request.status = .delivered
            request.description = "delivered by load"
            channel.unary(path: Orderly_V1_ShipmentServiceClient.Methods.addTrackingEvent, request: request,
                          responseType: Orderly_V1_Shipment.self, options: options) { result in
                if case .success = result, lane.toReturn.count < 10_000 { lane.toReturn.append(order) }
                done(statusCode(result))
            }
        case 85..<90 where !lane.toReturn.isEmpty:
            let order = lane.toReturn.removeLast()
            var request = Orderly_V1_RequestReturnRequest()
            request.orderID = order.orderID
            request.requestID = "\(fixture.run)-r\(worker.index)-\(lane.sequence)"
            var line = Orderly_V1_ReturnLine()
            line.sku = order.sku
            line.quantity = 1
            line.reason = .damaged
            request.lines = [line]
            channel.unary(path: Orderly_V1_ReturnServiceClient.Methods.requestReturn, request: request,
                          responseType: Orderly_V1_Return.self, options: options) { done(statusCode($0)) }
        case 90..<100:
            let sku = fixture.skus[lane.next(fixture.skus.count)]
            // Mostly top-ups, some removals: a removal may not take on_hand below what is
            // reserved, so those can fail with FAILED_PRECONDITION (counted as errors).
            let roll = Int64(lane.next(8)) - 2
            let delta = roll == 0 ? 1 : roll
            var request = Orderly_V1_AdjustStockRequest()
            request.locationID = fixture.locationID
            request.sku = sku
            request.delta = delta
            request.reason = delta > 0 ? "load top-up" : "load shrinkage"
            request.requestID = "\(fixture.run)-a\(worker.index)-\(lane.sequence)"
            channel.unary(path: Orderly_V1_InventoryServiceClient.Methods.adjustStock, request: request,
                          responseType: Orderly_V1_StockLevel.self, options: options) { result in
                if case .success = result { lane.added[sku, default: 0] += delta }
                done(statusCode(result))
            }
        default:
            create(lane: lane, worker: worker.index, channel: channel, done: done)
        }
    }

    private func create(lane: Lane, worker: Int, channel: GRPCChannel, done: @escaping @Sendable (StatusCode) -> Void) {
        var request = fixture.orderTemplate
        request.requestID = "\(fixture.run)-m\(worker)-\(lane.sequence)"
        request.channelOrderRef = request.requestID
        let sku = fixture.skus[lane.next(fixture.skus.count)]
        let quantity = quantities[lane.next(quantities.count)]
        request.lines[0].sku = sku
        request.lines[0].quantity = quantity
        channel.unary(path: Orderly_V1_OrderServiceClient.Methods.createOrder, request: request,
                      responseType: Orderly_V1_Order.self, options: options) { result in
            switch result {
            case .success(let order):
                lane.ordered[sku, default: 0] += Int64(quantity)
                lane.remember(order.orderID)
                if lane.toShip.count < 10_000 { lane.toShip.append(Placed(orderID: order.orderID, sku: sku)) }
            case .failure(let error) where error.code == .failedPrecondition:
                lane.outOfStock += 1
            case .failure:
                break
            }
            done(statusCode(result))
        }
    }

    private func ship(_ order: Placed, lane: Lane, channel: GRPCChannel, done: @escaping @Sendable (StatusCode) -> Void) {
        var request = Orderly_V1_CreateShipmentRequest()
        request.orderID = order.orderID
        request.locationID = fixture.locationID
        request.carrier = "UPS"
        request.trackingNumber = "1Z\(fixture.run)\(lane.sequence)"
        channel.unary(path: Orderly_V1_ShipmentServiceClient.Methods.createShipment, request: request,
                      responseType: Orderly_V1_Shipment.self, options: options) { result in
            if case .success(let shipment) = result, lane.toTrack.count < 10_000 {
                lane.toTrack.append((shipment.shipmentID, order))
            }
            done(statusCode(result))
        }
    }

    /// Units ordered and added per sku, and out-of-stock rejections, over every lane (call after
    /// the workers finished).
    func totals() -> (ordered: [String: Int64], added: [String: Int64], outOfStock: Int) {
        var ordered: [String: Int64] = [:]
        var added: [String: Int64] = [:]
        var outOfStock = 0
        for lane in lanes {
            ordered.merge(lane.ordered, uniquingKeysWith: +)
            added.merge(lane.added, uniquingKeysWith: +)
            outOfStock += lane.outOfStock
        }
        return (ordered, added, outOfStock)
    }

    /// Checks, after the run: VerifyInventory is consistent, every level has
    /// 0 ≤ reserved ≤ on_hand, and no sku had more units ordered than were ever stocked.
    func checkInvariants(channel: GRPCChannel, options: CallOptions) async throws -> [String] {
        let inventory = Orderly_V1_InventoryServiceClient(channel: channel, defaultOptions: options)
        var problems: [String] = []
        let verified = try await inventory.verifyInventory(Orderly_V1_VerifyInventoryRequest())
        if !verified.consistent {
            problems.append("VerifyInventory: inconsistent: " + verified.problems.prefix(5).joined(separator: "; "))
        }
        var request = Orderly_V1_GetAvailabilityRequest()
        request.skus = fixture.skus
        let availability = try await inventory.getAvailability(request)
        for item in availability.items {
            for level in item.locations where level.reserved < 0 || level.reserved > level.onHand || level.onHand < 0 {
                problems.append("\(item.sku) at \(level.locationID): on_hand \(level.onHand), reserved \(level.reserved)")
            }
        }
        let (ordered, added, _) = totals()
        for sku in fixture.skus {
            let stocked = (fixture.initialStock[sku] ?? 0) + (added[sku] ?? 0)
            let sold = ordered[sku] ?? 0
            if sold > stocked {
                problems.append("\(sku) oversold: \(sold) units ordered, \(stocked) ever stocked")
            }
        }
        return problems
    }
}
