// Which protoc-c descriptor belongs to which generated Swift message type, so callers can
// write `ProtoJSON.encode(order)`. One line per message of the generated headers.
import OrderlyMessages
import OrderlyProtosC
import OrderlyRPC

/// A generated message whose protobuf-c descriptor is known.
public protocol ProtoJSONMessage: RPCMessage {
    /// The protoc-c descriptor of this message type.
    static var protobufCDescriptor: MessageDescriptor { get }
}

extension ProtoJSON {
    /// The JSON text of `message`: one line, or indented when `pretty`.
    public static func encode(_ message: some ProtoJSONMessage, pretty: Bool = false) throws -> String {
        try encode(message, descriptor: type(of: message).protobufCDescriptor, pretty: pretty)
    }

    /// The JSON value of `message`.
    public static func value(of message: some ProtoJSONMessage) throws -> JSONValue {
        try value(of: message, descriptor: type(of: message).protobufCDescriptor)
    }
}

extension Orderly_V1_SnapshotRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__snapshot_request__init)
}
extension Orderly_V1_SnapshotResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__snapshot_response__init)
}
extension Orderly_V1_Address: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__address__init)
}
extension Orderly_V1_Customer: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__customer__init)
}
extension Orderly_V1_Location: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__location__init)
}
extension Orderly_V1_ListLocationsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_locations_request__init)
}
extension Orderly_V1_ListLocationsResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_locations_response__init)
}
extension Orderly_V1_StockLevel: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__stock_level__init)
}
extension Orderly_V1_SetStockRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__set_stock_request__init)
}
extension Orderly_V1_AdjustStockRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__adjust_stock_request__init)
}
extension Orderly_V1_GetAvailabilityRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_availability_request__init)
}
extension Orderly_V1_SkuAvailability: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__sku_availability__init)
}
extension Orderly_V1_GetAvailabilityResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_availability_response__init)
}
extension Orderly_V1_ImportStockResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__import_stock_response__init)
}
extension Orderly_V1_WatchInventoryRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__watch_inventory_request__init)
}
extension Orderly_V1_VerifyInventoryRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__verify_inventory_request__init)
}
extension Orderly_V1_VerifyInventoryResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__verify_inventory_response__init)
}
extension Orderly_V1_StockMovement: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__stock_movement__init)
}
extension Orderly_V1_ListStockMovementsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_stock_movements_request__init)
}
extension Orderly_V1_ListStockMovementsResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_stock_movements_response__init)
}
extension Orderly_V1_TransferLine: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__transfer_line__init)
}
extension Orderly_V1_Transfer: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__transfer__init)
}
extension Orderly_V1_CreateTransferRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__create_transfer_request__init)
}
extension Orderly_V1_ShipTransferRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__ship_transfer_request__init)
}
extension Orderly_V1_ReceiveTransferRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__receive_transfer_request__init)
}
extension Orderly_V1_CancelTransferRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__cancel_transfer_request__init)
}
extension Orderly_V1_GetTransferRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_transfer_request__init)
}
extension Orderly_V1_Reservation: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__reservation__init)
}
extension Orderly_V1_ReserveStockRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__reserve_stock_request__init)
}
extension Orderly_V1_ExtendReservationRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__extend_reservation_request__init)
}
extension Orderly_V1_ReleaseReservationRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__release_reservation_request__init)
}
extension Orderly_V1_GetReservationRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_reservation_request__init)
}
extension Orderly_V1_AdvanceTestClockRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__advance_test_clock_request__init)
}
extension Orderly_V1_AdvanceTestClockResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__advance_test_clock_response__init)
}
extension Orderly_V1_OrderLineInput: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__order_line_input__init)
}
extension Orderly_V1_CreateOrderRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__create_order_request__init)
}
extension Orderly_V1_OrderLine: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__order_line__init)
}
extension Orderly_V1_Allocation: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__allocation__init)
}
extension Orderly_V1_OrderEvent: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__order_event__init)
}
extension Orderly_V1_Order: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__order__init)
}
extension Orderly_V1_GetOrderRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_order_request__init)
}
extension Orderly_V1_ListOrdersRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_orders_request__init)
}
extension Orderly_V1_ListOrdersResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_orders_response__init)
}
extension Orderly_V1_CancelOrderRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__cancel_order_request__init)
}
extension Orderly_V1_RoutingPlan: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__routing_plan__init)
}
extension Orderly_V1_WatchOrdersRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__watch_orders_request__init)
}
extension Orderly_V1_GetSalesSummaryRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_sales_summary_request__init)
}
extension Orderly_V1_ChannelSales: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__channel_sales__init)
}
extension Orderly_V1_SalesSummary: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__sales_summary__init)
}
extension Orderly_V1_GetTopProductsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_top_products_request__init)
}
extension Orderly_V1_ProductSales: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__product_sales__init)
}
extension Orderly_V1_GetTopProductsResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_top_products_response__init)
}
extension Orderly_V1_GetFulfillmentStatsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_fulfillment_stats_request__init)
}
extension Orderly_V1_FulfillmentStats: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__fulfillment_stats__init)
}
extension Orderly_V1_GetLowStockRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_low_stock_request__init)
}
extension Orderly_V1_GetLowStockResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_low_stock_response__init)
}
extension Orderly_V1_GetCustomerInsightsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_customer_insights_request__init)
}
extension Orderly_V1_CustomerValue: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__customer_value__init)
}
extension Orderly_V1_CohortRow: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__cohort_row__init)
}
extension Orderly_V1_CustomerInsights: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__customer_insights__init)
}
extension Orderly_V1_GetProductAffinityRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_product_affinity_request__init)
}
extension Orderly_V1_ProductPair: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__product_pair__init)
}
extension Orderly_V1_GetProductAffinityResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_product_affinity_response__init)
}
extension Orderly_V1_GetStockCoverRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_stock_cover_request__init)
}
extension Orderly_V1_StockCover: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__stock_cover__init)
}
extension Orderly_V1_GetStockCoverResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_stock_cover_response__init)
}
extension Orderly_V1_ReturnLine: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__return_line__init)
}
extension Orderly_V1_Return: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__return__init)
}
extension Orderly_V1_RequestReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__request_return_request__init)
}
extension Orderly_V1_ApproveReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__approve_return_request__init)
}
extension Orderly_V1_RejectReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__reject_return_request__init)
}
extension Orderly_V1_ReceiveReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__receive_return_request__init)
}
extension Orderly_V1_RefundReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__refund_return_request__init)
}
extension Orderly_V1_GetReturnRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_return_request__init)
}
extension Orderly_V1_ListReturnsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_returns_request__init)
}
extension Orderly_V1_ListReturnsResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_returns_response__init)
}
extension Orderly_V1_ShipmentLine: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__shipment_line__init)
}
extension Orderly_V1_TrackingEvent: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__tracking_event__init)
}
extension Orderly_V1_Shipment: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__shipment__init)
}
extension Orderly_V1_CreateShipmentRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__create_shipment_request__init)
}
extension Orderly_V1_AddTrackingEventRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__add_tracking_event_request__init)
}
extension Orderly_V1_GetShipmentRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_shipment_request__init)
}
extension Orderly_V1_ListShipmentsRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_shipments_request__init)
}
extension Orderly_V1_ListShipmentsResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_shipments_response__init)
}
extension Grpc_Health_V1_HealthCheckRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: grpc__health__v1__health_check_request__init)
}
extension Grpc_Health_V1_HealthCheckResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: grpc__health__v1__health_check_response__init)
}
extension Google_Protobuf_Timestamp: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: google__protobuf__timestamp__init)
}
extension Orderly_V1_TransitBand: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__transit_band__init)
}
extension Orderly_V1_CarrierService: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__carrier_service__init)
}
extension Orderly_V1_ListCarrierServicesRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_carrier_services_request__init)
}
extension Orderly_V1_ListCarrierServicesResponse: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__list_carrier_services_response__init)
}
extension Orderly_V1_RoutingPolicy: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__routing_policy__init)
}
extension Orderly_V1_GetRoutingPolicyRequest: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__get_routing_policy_request__init)
}
extension Orderly_V1_ParcelPromise: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__parcel_promise__init)
}
extension Orderly_V1_DeliveryPromise: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__delivery_promise__init)
}
extension Orderly_V1_LocationFulfillment: ProtoJSONMessage {
    /// The protoc-c descriptor of this message type.
    public static let protobufCDescriptor = MessageDescriptor(initializer: orderly__v1__location_fulfillment__init)
}
