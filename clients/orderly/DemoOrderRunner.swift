// Takes one demo order through its lifecycle with real calls: create, then cancel, ship
// (partly or fully), track, deliver, and return (approve or reject, receive, refund).
import OrderlyMessages
import OrderlyRPC

/// What happened to one planned order.
struct DemoOutcome: Sendable {
    var target: DemoTarget
    var channel: Orderly_V1_SalesChannel
    var status: Orderly_V1_OrderStatus = .unspecified
    var calls = 0
    var shipments = 0
    var refunded = 0
    var rejected = 0
    var failure: RPCError?
}

/// Runs plans against a server.
struct DemoOrderRunner: Sendable {
    let session: Session

    func run(_ plan: DemoOrderPlan) async -> DemoOutcome {
        var outcome = DemoOutcome(target: plan.target, channel: plan.request.channel)
        do {
            try await drive(plan, &outcome)
        } catch {
            outcome.failure = RPCError(mapping: error)
        }
        return outcome
    }

    private func drive(_ plan: DemoOrderPlan, _ outcome: inout DemoOutcome) async throws {
        let options = session.options
        var order = try await session.orders.createOrder(plan.request, options: options)
        outcome.calls += 1
        switch plan.target {
        case .allocated:
            break
        case .cancelled:
            order = try await session.orders.cancelOrder(
                Orderly_V1_CancelOrderRequest(orderID: order.orderID, reason: "customer changed their mind"),
                options: options)
            outcome.calls += 1
        case .partiallyShipped:
            guard let first = order.allocations.first else { break }
            try await ship(order, from: first.locationID, lines: [Orderly_V1_ShipmentLine(sku: first.sku, quantity: 1)],
                           plan: plan, final: plan.lastTracking, &outcome)
        case .inTransit, .delivered, .partiallyReturned, .returned:
            let final: Orderly_V1_ShipmentStatus = plan.target == .inTransit ? plan.lastTracking : .delivered
            var seen = Set<String>()
            for allocation in order.allocations where seen.insert(allocation.locationID).inserted {
                try await ship(order, from: allocation.locationID, lines: [], plan: plan, final: final, &outcome)
            }
            if plan.target == .partiallyReturned || plan.target == .returned || plan.rejectedReturn {
                try await returnGoods(order, plan: plan, &outcome)
            }
        }
        outcome.status = try await session.orders.getOrder(
            Orderly_V1_GetOrderRequest(orderID: order.orderID), options: options).status
        outcome.calls += 1
    }

    /// One shipment and its carrier events up to `final`.
    private func ship(
        _ order: Orderly_V1_Order, from location: String, lines: [Orderly_V1_ShipmentLine], plan: DemoOrderPlan,
        final: Orderly_V1_ShipmentStatus, _ outcome: inout DemoOutcome
    ) async throws {
        let options = session.options
        let shipment = try await session.shipments.createShipment(
            Orderly_V1_CreateShipmentRequest(
                orderID: order.orderID, locationID: location, lines: lines, carrier: plan.carrier,
                trackingNumber: "\(plan.carrier.prefix(2).uppercased())\(order.orderID.filter(\.isNumber))\(outcome.shipments + 1)"),
            options: options)
        outcome.calls += 1
        outcome.shipments += 1
        let steps: [Orderly_V1_ShipmentStatus] = switch final {
        case .delivered: [.inTransit, .outForDelivery, .delivered]
        case .outForDelivery: [.inTransit, .outForDelivery]
        case .exception: [.inTransit, .exception]
        default: [.inTransit]
        }
        for status in steps {
            _ = try await session.shipments.addTrackingEvent(
                Orderly_V1_AddTrackingEventRequest(shipmentID: shipment.shipmentID, status: status,
                                                   description: Self.describe(status, from: location)),
                options: options)
            outcome.calls += 1
        }
    }

    /// A return of one unit (partial), of everything, or one that is rejected.
    private func returnGoods(_ order: Orderly_V1_Order, plan: DemoOrderPlan, _ outcome: inout DemoOutcome) async throws {
        let options = session.options
        let lines = plan.target == .returned
            ? order.lines.map { Orderly_V1_ReturnLine(sku: $0.sku, quantity: $0.quantity, reason: plan.reason) }
            : [Orderly_V1_ReturnLine(sku: order.lines[0].sku, quantity: 1, reason: plan.reason)]
        let requested = try await session.returns.requestReturn(
            Orderly_V1_RequestReturnRequest(orderID: order.orderID, lines: lines, requestID: plan.request.requestID + "-rma"),
            options: options)
        outcome.calls += 1
        if plan.rejectedReturn {
            _ = try await session.returns.rejectReturn(
                Orderly_V1_RejectReturnRequest(returnID: requested.returnID, reason: "outside the 30-day window"),
                options: options)
            outcome.calls += 1
            outcome.rejected += 1
            return
        }
        let location = order.allocations.first?.locationID ?? DemoCatalog.warehouses[0].locationID
        _ = try await session.returns.approveReturn(Orderly_V1_ApproveReturnRequest(returnID: requested.returnID),
                                                    options: options)
        _ = try await session.returns.receiveReturn(
            Orderly_V1_ReceiveReturnRequest(returnID: requested.returnID, locationID: location,
                                            restock: plan.reason != .damaged),
            options: options)
        _ = try await session.returns.refundReturn(Orderly_V1_RefundReturnRequest(returnID: requested.returnID),
                                                   options: options)
        outcome.calls += 3
        outcome.refunded += 1
    }

    private static func describe(_ status: Orderly_V1_ShipmentStatus, from location: String) -> String {
        switch status {
        case .inTransit: "Picked up at \(location)"
        case .outForDelivery: "Out for delivery"
        case .delivered: "Delivered to the front door"
        case .exception: "Delivery attempt failed: nobody home"
        default: ""
        }
    }
}
