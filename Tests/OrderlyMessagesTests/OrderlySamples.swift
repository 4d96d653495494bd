// One non-default sample of every orderly.v1 message, for the round-trip tests.
// Values exercise the edges: negative int64, unrecognized enum numbers, non-ASCII text,
// nested and repeated messages, timestamps.
import OrderlyMessages
import OrderlyRPC

/// A named sample message with a check that it survives encode + decode unchanged.
struct MessageSample: Sendable, CustomStringConvertible {
    let protoName: String
    let encodedSize: @Sendable () -> Int
    let roundTrips: @Sendable () throws -> Bool

    init<M: RPCMessage & Equatable>(_ protoName: String, _ message: M) {
        self.protoName = protoName
        self.encodedSize = { message.serializedBytes().count }
        self.roundTrips = { try M(serializedBytes: message.serializedBytes()) == message }
    }

    var description: String { protoName }
}

enum OrderlySamples {
    static let time = Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 123_456_789)
    static let later = Google_Protobuf_Timestamp(seconds: -62_135_596_800, nanos: 0)
    static let address = Orderly_V1_Address(
        name: "Zoë Müller", line1: "Unter den Linden 1", line2: "3. OG", city: "Berlin",
        region: "BE", postalCode: "10117", country: "DE", latitude: 52.5170365, longitude: -13.3888599)
    static let customer = Orderly_V1_Customer(customerID: "c-42", email: "zoe@example.org", name: "Zoë")
    static let level = Orderly_V1_StockLevel(
        locationID: "wh-1", sku: "SKU-1", onHand: 9_223_372_036_854_775_807, reserved: -3,
        safetyStock: 2, available: 0, version: 17, damaged: 4, incoming: -5)
    static let transferLine = Orderly_V1_TransferLine(sku: "SKU-1", quantity: 2_147_483_647, quantityReceived: -1)
    static let movement = Orderly_V1_StockMovement(
        sequence: 1_000_001, locationID: "wh-1", sku: "SKU-1", onHandDelta: -2, reservedDelta: -2,
        damagedDelta: 9_223_372_036_854_775_807, incomingDelta: -9_223_372_036_854_775_808, reason: .shipped,
        reference: "s-000007", actor: "channel:web", note: "Zoë's count", at: time)
    static let location = Orderly_V1_Location(
        locationID: "store-1", name: "Mitte", kind: .store, address: address, pickupEnabled: true,
        timeZone: "Europe/Berlin", cutoffLocalTime: "15:00", handlingDays: -1, dailyOrderCapacity: 2_147_483_647)
    static let band = Orderly_V1_TransitBand(maxKm: 250.5, transitDays: 2, baseCostMinor: -650, perUnitCostMinor: 25)
    static let parcel = Orderly_V1_ParcelPromise(
        locationID: "wh-1", carrierServiceID: "ups-ground", shippingCostMinor: 725, shipBy: time, deliverBy: later)
    static let promise = Orderly_V1_DeliveryPromise(earliest: time, latest: later, shippingCostMinor: -1)
    static let allocation = Orderly_V1_Allocation(locationID: "wh-1", sku: "SKU-1", quantity: -2)
    static let event = Orderly_V1_OrderEvent(
        orderID: "o-1", status: .unrecognized(99), at: time, message: "shipped ✓", sequence: -1)
    static let lineInput = Orderly_V1_OrderLineInput(sku: "SKU-1", quantity: 3, unitPriceMinor: -1999)
    static let createOrder = Orderly_V1_CreateOrderRequest(
        requestID: "r-1", channel: .mobileApp, channelOrderRef: "app-7", customer: customer,
        lines: [lineInput, .init(sku: "SKU-2", quantity: 1, unitPriceMinor: 5)], currency: "EUR",
        shippingAddress: address, shippingMethod: .storePickup, pickupLocationID: "store-1",
        reservationID: "r-000007")
    static let order = Orderly_V1_Order(
        orderID: "o-1", version: 4, status: .partiallyReturned, channel: .marketplace,
        channelOrderRef: "mp-1", customer: customer,
        lines: [.init(sku: "SKU-1", quantity: 3, unitPriceMinor: 1999, quantityShipped: 2, quantityReturned: 1)],
        currency: "EUR", totalMinor: -5997, shippingAddress: address, shippingMethod: .sameDay,
        pickupLocationID: "", allocations: [allocation, allocation], shipmentIds: ["s-1", "", "s-3"],
        createdAt: time, updatedAt: later, history: [event, .init(orderID: "o-1", status: .allocated)],
        promise: promise, parcels: [parcel])
    static let shipmentLine = Orderly_V1_ShipmentLine(sku: "SKU-1", quantity: 2)
    static let tracking = Orderly_V1_TrackingEvent(status: .outForDelivery, description: "Hub", occurredAt: time)
    static let shipment = Orderly_V1_Shipment(
        shipmentID: "s-1", orderID: "o-1", locationID: "wh-1", lines: [shipmentLine], carrier: "DHL",
        trackingNumber: "JJD0001", status: .exception, events: [tracking, .init(status: .unrecognized(-5))],
        createdAt: time)
    static let returnLine = Orderly_V1_ReturnLine(sku: "SKU-1", quantity: 1, reason: .notAsDescribed)
    static let orderReturn = Orderly_V1_Return(
        returnID: "rt-1", orderID: "o-1", lines: [returnLine, .init(sku: "B", quantity: 2, reason: .other)],
        status: .refunded, refundMinor: -1999, locationID: "wh-1", createdAt: time, updatedAt: later)

    static let all: [MessageSample] = [
        MessageSample("orderly.v1.Address", address),
        MessageSample("orderly.v1.Customer", customer),
        MessageSample("orderly.v1.Location", location),
        MessageSample("orderly.v1.ListLocationsRequest", Orderly_V1_ListLocationsRequest()),
        MessageSample("orderly.v1.ListLocationsResponse", Orderly_V1_ListLocationsResponse(locations: [location, .init()])),
        MessageSample("orderly.v1.StockLevel", level),
        MessageSample("orderly.v1.SetStockRequest",
                      Orderly_V1_SetStockRequest(locationID: "wh-1", sku: "S", onHand: -1, safetyStock: 3)),
        MessageSample("orderly.v1.AdjustStockRequest",
                      Orderly_V1_AdjustStockRequest(locationID: "wh-1", sku: "S", delta: -9, reason: "damaged", requestID: "a-1")),
        MessageSample("orderly.v1.GetAvailabilityRequest", Orderly_V1_GetAvailabilityRequest(skus: ["A", "", "Ω"])),
        MessageSample("orderly.v1.SkuAvailability",
                      Orderly_V1_SkuAvailability(sku: "A", onHand: 5, reserved: 2, available: 3, locations: [level])),
        MessageSample("orderly.v1.GetAvailabilityResponse",
                      Orderly_V1_GetAvailabilityResponse(items: [.init(sku: "A", locations: [level, level])])),
        MessageSample("orderly.v1.ImportStockResponse",
                      Orderly_V1_ImportStockResponse(accepted: 10, rejected: 2, errors: ["row 3: bad", "row 4: bad"])),
        MessageSample("orderly.v1.WatchInventoryRequest", Orderly_V1_WatchInventoryRequest(skus: ["A"])),
        MessageSample("orderly.v1.VerifyInventoryRequest", Orderly_V1_VerifyInventoryRequest()),
        MessageSample("orderly.v1.VerifyInventoryResponse",
                      Orderly_V1_VerifyInventoryResponse(consistent: true, levelsChecked: 12, problems: ["x"])),
        MessageSample("orderly.v1.StockMovement", movement),
        MessageSample("orderly.v1.ListStockMovementsRequest",
                      Orderly_V1_ListStockMovementsRequest(locationID: "wh-1", sku: "SKU-1", from: time, to: later,
                                                           pageSize: 50, pageToken: "m42")),
        MessageSample("orderly.v1.ListStockMovementsResponse",
                      Orderly_V1_ListStockMovementsResponse(movements: [movement, Orderly_V1_StockMovement()],
                                                            nextPageToken: "m43")),
        MessageSample("orderly.v1.TransferLine", transferLine),
        MessageSample("orderly.v1.Transfer",
                      Orderly_V1_Transfer(transferID: "t-000001", fromLocationID: "wh-1", toLocationID: "Zoë-2",
                                          lines: [transferLine, Orderly_V1_TransferLine()], status: .partiallyReceived,
                                          createdAt: time, updatedAt: later)),
        MessageSample("orderly.v1.CreateTransferRequest",
                      Orderly_V1_CreateTransferRequest(requestID: "tr-1", fromLocationID: "wh-1", toLocationID: "wh-2",
                                                       lines: [transferLine])),
        MessageSample("orderly.v1.ShipTransferRequest", Orderly_V1_ShipTransferRequest(transferID: "t-000001")),
        MessageSample("orderly.v1.ReceiveTransferRequest",
                      Orderly_V1_ReceiveTransferRequest(transferID: "t-000001", lines: [transferLine])),
        MessageSample("orderly.v1.CancelTransferRequest", Orderly_V1_CancelTransferRequest(transferID: "t-000001")),
        MessageSample("orderly.v1.GetTransferRequest", Orderly_V1_GetTransferRequest(transferID: "t-000001")),
        MessageSample("orderly.v1.Reservation",
                      Orderly_V1_Reservation(reservationID: "r-000001", lines: [lineInput, Orderly_V1_OrderLineInput()],
                                             allocations: [allocation], expiresAt: time, status: .expired,
                                             createdAt: later, updatedAt: time, orderID: "o-000009")),
        MessageSample("orderly.v1.ReserveStockRequest",
                      Orderly_V1_ReserveStockRequest(requestID: "cart-1", lines: [lineInput], shippingAddress: address,
                                                     shippingMethod: .sameDay, pickupLocationID: "store-1",
                                                     channelID: "ch-1", ttlSeconds: -86_401)),
        MessageSample("orderly.v1.ExtendReservationRequest",
                      Orderly_V1_ExtendReservationRequest(reservationID: "r-000001", ttlSeconds: 2_147_483_647)),
        MessageSample("orderly.v1.ReleaseReservationRequest", Orderly_V1_ReleaseReservationRequest(reservationID: "r-1")),
        MessageSample("orderly.v1.GetReservationRequest", Orderly_V1_GetReservationRequest(reservationID: "r-1")),
        MessageSample("orderly.v1.AdvanceTestClockRequest", Orderly_V1_AdvanceTestClockRequest(seconds: -5)),
        MessageSample("orderly.v1.AdvanceTestClockResponse",
                      Orderly_V1_AdvanceTestClockResponse(now: time, reservationsExpired: 3)),
        MessageSample("orderly.v1.SnapshotRequest", Orderly_V1_SnapshotRequest()),
        MessageSample("orderly.v1.SnapshotResponse",
                      Orderly_V1_SnapshotResponse(written: true, file: "snapshot-00000000000000000042.snap",
                                                  coveredSequence: 18_446_744_073_709_551_615, orders: -1,
                                                  payloadBytes: 1 << 40, writerPauseUs: 35, durationMs: 2560)),
        MessageSample("orderly.v1.OrderLineInput", lineInput),
        MessageSample("orderly.v1.CreateOrderRequest", createOrder),
        MessageSample("orderly.v1.OrderLine", order.lines[0]),
        MessageSample("orderly.v1.Allocation", allocation),
        MessageSample("orderly.v1.OrderEvent", event),
        MessageSample("orderly.v1.Order", order),
        MessageSample("orderly.v1.GetOrderRequest", Orderly_V1_GetOrderRequest(orderID: "o-1")),
        MessageSample("orderly.v1.ListOrdersRequest",
                      Orderly_V1_ListOrdersRequest(pageSize: 50, pageToken: "t", status: .cancelled, channel: .erp, customerID: "c")),
        MessageSample("orderly.v1.ListOrdersResponse", Orderly_V1_ListOrdersResponse(orders: [order, order], nextPageToken: "n")),
        MessageSample("orderly.v1.CancelOrderRequest",
                      Orderly_V1_CancelOrderRequest(orderID: "o-1", reason: "fraud", expectedVersion: -4)),
        MessageSample("orderly.v1.Hold", Orderly_V1_Hold(reason: .fraudReview, note: "Zoë's 3 cards", placedAt: time)),
        MessageSample("orderly.v1.RejectAllocationRequest",
                      Orderly_V1_RejectAllocationRequest(orderID: "o-1", locationID: "wh-1", sku: "SKU-1", quantity: -2,
                                                         reason: Orderly_V1_RejectReason(rawValue: 77), expectedVersion: 9)),
        MessageSample("orderly.v1.CancelOrderLinesRequest",
                      Orderly_V1_CancelOrderLinesRequest(orderID: "o-1", lines: [shipmentLine], reason: "größe", expectedVersion: -1)),
        MessageSample("orderly.v1.MoveAllocationRequest",
                      Orderly_V1_MoveAllocationRequest(orderID: "o-1", sku: "SKU-1", fromLocationID: "wh-1", toLocationID: "wh-2",
                                                       quantity: 2_147_483_647, expectedVersion: 3)),
        MessageSample("orderly.v1.PlaceHoldRequest",
                      Orderly_V1_PlaceHoldRequest(orderID: "o-1", reason: .unfillable, note: "n", expectedVersion: 2)),
        MessageSample("orderly.v1.ReleaseHoldRequest",
                      Orderly_V1_ReleaseHoldRequest(orderID: "o-1", reason: .payment, expectedVersion: 2)),
        MessageSample("orderly.v1.RoutingPlan",
                      Orderly_V1_RoutingPlan(allocations: [allocation], trace: ["wh-1: chosen (2.1 km)"],
                                             promise: promise, parcels: [parcel, .init(locationID: "st-2")])),
        MessageSample("orderly.v1.ParcelPromise", parcel),
        MessageSample("orderly.v1.DeliveryPromise", promise),
        MessageSample("orderly.v1.TransitBand", band),
        MessageSample("orderly.v1.CarrierService",
                      Orderly_V1_CarrierService(carrierServiceID: "ups-ground", carrier: "UPS", name: "Ground", method: .express,
                                                currency: "EUR", bands: [band, .init(maxKm: 0.5)],
                                                trackingURLTemplate: "https://t.example/{tracking}")),
        MessageSample("orderly.v1.ListCarrierServicesRequest", Orderly_V1_ListCarrierServicesRequest()),
        MessageSample("orderly.v1.ListCarrierServicesResponse",
                      Orderly_V1_ListCarrierServicesResponse(carrierServices: [.init(carrierServiceID: "a"), .init()])),
        MessageSample("orderly.v1.RoutingPolicy",
                      Orderly_V1_RoutingPolicy(objective: .speed, maxLocations: -3, splitPenaltyMinor: 250)),
        MessageSample("orderly.v1.GetRoutingPolicyRequest", Orderly_V1_GetRoutingPolicyRequest()),
        MessageSample("orderly.v1.WatchOrdersRequest",
                      Orderly_V1_WatchOrdersRequest(orderID: "o", customerID: "c", fromSequence: 77)),
        MessageSample("orderly.v1.ShipmentLine", shipmentLine),
        MessageSample("orderly.v1.TrackingEvent", tracking),
        MessageSample("orderly.v1.Shipment", shipment),
        MessageSample("orderly.v1.CreateShipmentRequest",
                      Orderly_V1_CreateShipmentRequest(orderID: "o", locationID: "l", lines: [shipmentLine], carrier: "UPS", trackingNumber: "1Z")),
        MessageSample("orderly.v1.AddTrackingEventRequest",
                      Orderly_V1_AddTrackingEventRequest(shipmentID: "s", status: .delivered, description: "Door", occurredAt: later)),
        MessageSample("orderly.v1.GetShipmentRequest", Orderly_V1_GetShipmentRequest(shipmentID: "s")),
        MessageSample("orderly.v1.ListShipmentsRequest", Orderly_V1_ListShipmentsRequest(orderID: "o")),
        MessageSample("orderly.v1.ListShipmentsResponse", Orderly_V1_ListShipmentsResponse(shipments: [shipment])),
        MessageSample("orderly.v1.ReturnLine", returnLine),
        MessageSample("orderly.v1.Return", orderReturn),
        MessageSample("orderly.v1.RequestReturnRequest",
                      Orderly_V1_RequestReturnRequest(orderID: "o", lines: [returnLine], requestID: "r")),
        MessageSample("orderly.v1.ApproveReturnRequest", Orderly_V1_ApproveReturnRequest(returnID: "rt")),
        MessageSample("orderly.v1.RejectReturnRequest", Orderly_V1_RejectReturnRequest(returnID: "rt", reason: "late")),
        MessageSample("orderly.v1.ReceiveReturnRequest",
                      Orderly_V1_ReceiveReturnRequest(returnID: "rt", locationID: "wh", restock: true)),
        MessageSample("orderly.v1.RefundReturnRequest", Orderly_V1_RefundReturnRequest(returnID: "rt")),
        MessageSample("orderly.v1.GetReturnRequest", Orderly_V1_GetReturnRequest(returnID: "rt")),
        MessageSample("orderly.v1.ListReturnsRequest", Orderly_V1_ListReturnsRequest(orderID: "o")),
        MessageSample("orderly.v1.ListReturnsResponse", Orderly_V1_ListReturnsResponse(returns: [orderReturn])),
        MessageSample("orderly.v1.GetSalesSummaryRequest",
                      Orderly_V1_GetSalesSummaryRequest(from: later, to: time, currency: "EUR")),
        MessageSample("orderly.v1.CurrencySales",
                      Orderly_V1_CurrencySales(currency: "JPY", orders: 2, units: 5, revenueMinor: 9000, refundedMinor: 300)),
        MessageSample("orderly.v1.ChannelSales",
                      Orderly_V1_ChannelSales(channel: .web, orders: 3, units: 9, revenueMinor: -1)),
        MessageSample("orderly.v1.SalesSummary",
                      Orderly_V1_SalesSummary(orders: 3, units: 9, revenueMinor: 100, refundedMinor: 7,
                                              byChannel: [.init(channel: .pos, orders: 1), .init(channel: .unrecognized(12))],
                                              currency: "EUR", byCurrency: [.init(currency: "EUR", orders: 3)])),
        MessageSample("orderly.v1.GetTopProductsRequest",
                      Orderly_V1_GetTopProductsRequest(from: time, limit: 10, currency: "USD")),
        MessageSample("orderly.v1.ProductSales", Orderly_V1_ProductSales(sku: "A", units: 4, revenueMinor: 80)),
        MessageSample("orderly.v1.GetTopProductsResponse",
                      Orderly_V1_GetTopProductsResponse(products: [.init(sku: "A", units: 4), .init(sku: "B")])),
        MessageSample("orderly.v1.GetFulfillmentStatsRequest", Orderly_V1_GetFulfillmentStatsRequest(to: time)),
        MessageSample("orderly.v1.FulfillmentStats",
                      Orderly_V1_FulfillmentStats(ordersShipped: 5, meanHoursToShip: 1.5, p90HoursToShip: 3.25,
                                                  meanHoursToDeliver: 48.0, splitShipmentRate: 0.2, returnRate: -0.0001,
                                                  promiseKeptRate: 0.75,
                                                  byLocation: [.init(locationID: "wh-1", shipments: 4, meanHoursToShip: 2.5,
                                                                     promiseKeptRate: 1)])),
        MessageSample("orderly.v1.LocationFulfillment",
                      Orderly_V1_LocationFulfillment(locationID: "wh-2", shipments: -1, meanHoursToShip: 0.25)),
        MessageSample("orderly.v1.GetLowStockRequest", Orderly_V1_GetLowStockRequest(threshold: -2)),
        MessageSample("orderly.v1.GetLowStockResponse", Orderly_V1_GetLowStockResponse(levels: [level, .init()])),
        MessageSample("orderly.v1.GetCustomerInsightsRequest",
                      Orderly_V1_GetCustomerInsightsRequest(from: time, to: later, currency: "EUR", top: 5)),
        MessageSample("orderly.v1.CustomerValue", Orderly_V1_CustomerValue(customerID: "c-1", orders: 3, revenueMinor: 4500)),
        MessageSample("orderly.v1.CohortRow",
                      Orderly_V1_CohortRow(firstOrderMonth: "2026-11", customers: 4, repeatCustomers: 1, revenueMinor: -3)),
        MessageSample("orderly.v1.CustomerInsights",
                      Orderly_V1_CustomerInsights(customers: 4, newCustomers: 2, repeatCustomers: 1, repeatPurchaseRate: 0.25,
                                                  averageOrderValueMinor: 1250, ordersPerCustomer: 1.5,
                                                  topCustomers: [.init(customerID: "c-1", orders: 3), .init()],
                                                  cohorts: [.init(firstOrderMonth: "2026-10", customers: 2)],
                                                  currency: "USD", orders: 6, revenueMinor: 7500)),
        MessageSample("orderly.v1.GetProductAffinityRequest",
                      Orderly_V1_GetProductAffinityRequest(sku: "A", from: time, limit: 3)),
        MessageSample("orderly.v1.ProductPair", Orderly_V1_ProductPair(sku: "B", ordersTogether: 7)),
        MessageSample("orderly.v1.GetProductAffinityResponse",
                      Orderly_V1_GetProductAffinityResponse(pairs: [.init(sku: "B", ordersTogether: 7), .init(sku: "C")])),
        MessageSample("orderly.v1.GetStockCoverRequest",
                      Orderly_V1_GetStockCoverRequest(skus: ["A", "B"], locationID: "wh-1", windowDays: 7, targetDays: 14)),
        MessageSample("orderly.v1.StockCover",
                      Orderly_V1_StockCover(sku: "A", locationID: "wh-1", available: 40, dailyDemand: 2.5, daysOfCover: 16,
                                            predictedStockout: later, reorderQuantity: 0, incoming: 5, windowUnits: 70)),
        MessageSample("orderly.v1.GetStockCoverResponse",
                      Orderly_V1_GetStockCoverResponse(items: [.init(sku: "A", available: 3), .init()], windowDays: 28,
                                                       targetDays: 28)),
    ]
}
