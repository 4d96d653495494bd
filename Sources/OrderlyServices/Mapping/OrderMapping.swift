// Order messages between wire and domain: CreateOrderRequest (also PlanRouting's request), Order
// with its lines, allocations and events, ListOrders, RoutingPlan.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_CreateOrderRequest {
    /// The domain command; unknown or unset channel / shipping method is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> CreateOrderCommand {
        let channel: SalesChannel = try WireEnums.domain(channel.rawValue, "channel", required: true)
        let method: ShippingMethod = try WireEnums.domain(shippingMethod.rawValue, "shipping_method", required: true)
        var command = CreateOrderCommand(
            requestId: requestID, channel: channel, channelOrderRef: channelOrderRef,
            customer: customer?.domain ?? Customer(),
            lines: lines.map { OrderLineInput(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor) },
            currency: currency, shippingAddress: shippingAddress?.domain, shippingMethod: method,
            pickupLocationId: pickupLocationID, reservationId: reservationID)
        command.allowBackorder = allowBackorder
        command.backorderCancelAfter = try backorderCancelAfter.domain("backorder_cancel_after")
        return command
    }
}

extension Orderly_V1_CreateOrderRequest {
    /// PlanRouting's command: like CreateOrder's, but channel, currency and shipping method may
    /// be unset (the product page asks with lines and an address only; the method is STANDARD).
    func planningDomain() throws(DomainError) -> CreateOrderCommand {
        let channel: SalesChannel = try WireEnums.domain(channel.rawValue, "channel")
        let method: ShippingMethod = try WireEnums.domain(shippingMethod.rawValue, "shipping_method")
        return CreateOrderCommand(
            requestId: requestID, channel: channel == .unspecified ? .web : channel, channelOrderRef: channelOrderRef,
            customer: customer?.domain ?? Customer(),
            lines: lines.map { OrderLineInput(sku: $0.sku, quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor) },
            currency: currency, shippingAddress: shippingAddress?.domain,
            shippingMethod: method == .unspecified ? .standard : method,
            pickupLocationId: pickupLocationID, reservationId: reservationID)
    }
}

extension Orderly_V1_OrderLine {
    /// The wire form of an order line.
    init(_ l: OrderLine) {
        self.init(
            sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, quantityShipped: l.quantityShipped,
            quantityReturned: l.quantityReturned, quantityCancelled: l.quantityCancelled,
            quantityBackordered: l.quantityBackordered)
    }
}

extension Orderly_V1_Hold {
    /// The wire form of an active hold.
    init(_ h: Hold) {
        self.init(reason: Orderly_V1_HoldReason(rawValue: h.reason.rawValue), note: h.note,
                  placedAt: Google_Protobuf_Timestamp(h.placedAt))
    }
}

extension Orderly_V1_Allocation {
    /// The wire form of an allocation (its shipped count is internal).
    init(_ a: Allocation) {
        self.init(locationID: a.locationId, sku: a.sku, quantity: a.quantity)
    }
}

extension Orderly_V1_OrderEvent {
    /// The wire form of an order event.
    init(_ e: OrderEvent) {
        self.init(
            orderID: e.orderId, status: Orderly_V1_OrderStatus(e.status), at: Google_Protobuf_Timestamp(e.at),
            message: e.message, sequence: e.sequence)
    }
}

extension Orderly_V1_Order {
    /// The wire form of an order.
    init(_ o: Order) {
        self.init(
            orderID: o.orderId, version: o.version, status: Orderly_V1_OrderStatus(o.status),
            channel: Orderly_V1_SalesChannel(o.channel), channelOrderRef: o.channelOrderRef,
            customer: Orderly_V1_Customer(o.customer), lines: o.lines.map(Orderly_V1_OrderLine.init),
            currency: o.currency, totalMinor: o.totalMinor,
            shippingAddress: o.shippingAddress.map(Orderly_V1_Address.init),
            shippingMethod: Orderly_V1_ShippingMethod(o.shippingMethod), pickupLocationID: o.pickupLocationId,
            allocations: o.allocations.map(Orderly_V1_Allocation.init), shipmentIds: o.shipmentIds,
            createdAt: Google_Protobuf_Timestamp(o.createdAt), updatedAt: Google_Protobuf_Timestamp(o.updatedAt),
            history: o.history.map(Orderly_V1_OrderEvent.init),
            promise: o.promise.map(Orderly_V1_DeliveryPromise.init),
            parcels: o.promise?.parcels.map(Orderly_V1_ParcelPromise.init) ?? [],
            holds: o.holds.map(Orderly_V1_Hold.init),
            allowBackorder: o.exceptions.allowBackorder,
            backorderCancelAfter: o.exceptions.backorderCancelAfter.map(Google_Protobuf_Timestamp.init))
    }
}

extension Orderly_V1_RejectAllocationRequest {
    /// The domain command; reason UNSPECIFIED or unknown is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> RejectAllocationCommand {
        RejectAllocationCommand(
            orderId: orderID, locationId: locationID, sku: sku, quantity: quantity,
            reason: try WireEnums.domain(reason.rawValue, "reason", required: true), expectedVersion: expectedVersion)
    }
}

extension Orderly_V1_CancelOrderLinesRequest {
    /// The domain command.
    var domain: CancelOrderLinesCommand {
        CancelOrderLinesCommand(
            orderId: orderID, lines: lines.map { ShipmentLine(sku: $0.sku, quantity: $0.quantity) }, reason: reason,
            expectedVersion: expectedVersion)
    }
}

extension Orderly_V1_MoveAllocationRequest {
    /// The domain command.
    var domain: MoveAllocationCommand {
        MoveAllocationCommand(
            orderId: orderID, sku: sku, fromLocationId: fromLocationID, toLocationId: toLocationID, quantity: quantity,
            expectedVersion: expectedVersion)
    }
}

extension Orderly_V1_PlaceHoldRequest {
    /// The domain command; reason UNSPECIFIED or unknown is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> HoldCommand {
        HoldCommand(orderId: orderID, reason: try WireEnums.domain(reason.rawValue, "reason", required: true),
                    note: note, expectedVersion: expectedVersion)
    }
}

extension Orderly_V1_ReleaseHoldRequest {
    /// The domain command; reason UNSPECIFIED or unknown is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> HoldCommand {
        HoldCommand(orderId: orderID, reason: try WireEnums.domain(reason.rawValue, "reason", required: true),
                    expectedVersion: expectedVersion)
    }
}

extension Orderly_V1_ListOrdersRequest {
    /// The domain query; unknown filter values are INVALID_ARGUMENT, UNSPECIFIED means "any".
    func domain() throws(DomainError) -> OrderQuery {
        OrderQuery(
            pageSize: pageSize, pageToken: pageToken, status: try WireEnums.domain(status.rawValue, "status"),
            channel: try WireEnums.domain(channel.rawValue, "channel"), customerId: customerID,
            holdReason: try WireEnums.domain(holdReason.rawValue, "hold_reason"))
    }
}

extension Orderly_V1_ListOrdersResponse {
    /// The wire form of a page.
    init(_ p: OrderPage) {
        self.init(orders: p.orders.map(Orderly_V1_Order.init), nextPageToken: p.nextPageToken)
    }
}

extension Orderly_V1_RoutingPlan {
    /// The wire form of a routing dry run.
    init(_ p: RoutingPlan) {
        self.init(
            allocations: p.allocations.map(Orderly_V1_Allocation.init), trace: p.trace,
            promise: p.promise.map(Orderly_V1_DeliveryPromise.init),
            parcels: p.promise?.parcels.map(Orderly_V1_ParcelPromise.init) ?? [])
    }
}
