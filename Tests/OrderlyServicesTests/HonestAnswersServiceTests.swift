// Honest answers at the service door: requests are decoded with the strict string rules (a NUL
// never reaches the store), reports default to the configured base currency, and report
// requests with a reversed range or a negative threshold are INVALID_ARGUMENT.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC
@testable import OrderlyServices
import Testing

@Suite struct HonestAnswersServiceTests {
    /// `message` on the wire with every `#` turned into U+0000 (our encoder cannot write one).
    static func withNUL(_ message: some RPCMessage) -> [UInt8] {
        message.serializedBytes().map { $0 == UInt8(ascii: "#") ? 0 : $0 }
    }

    @Test(arguments: [
        ("InventoryService/SetStock", withNUL(Orderly_V1_SetStockRequest(locationID: "W#x", sku: "A", onHand: 5)), "location_id"),
        ("InventoryService/AdjustStock",
         withNUL(Orderly_V1_AdjustStockRequest(locationID: "W", sku: "A", delta: 1, requestID: "req-1#a")), "request_id"),
        ("InventoryService/AdjustStock",
         Orderly_V1_AdjustStockRequest(locationID: "W", sku: "A\u{01}", delta: 1).serializedBytes(), "sku"),
        ("OrderService/CreateOrder", withNUL(Server.orderRequest([("A", 1), ("B#", 1)])), "lines[1].sku"),
    ])
    func aRefusedStringNeverReachesTheStore(_ method: String, _ bytes: [UInt8], _ field: String) throws {
        let server = Server()
        try server.stock("A", at: "W", onHand: 3)
        let call = try server.open(method)
        bytes.withUnsafeBytes { call.handler.receive(message: $0) }
        call.handler.receiveEnd()
        #expect(call.sink.code == .invalidArgument)
        #expect(call.sink.statusMessage.hasPrefix("field \(field) "), "\(call.sink.statusMessage)")
        #expect(server.store.snapshot().level(StockKey(locationId: "W", sku: "A"))?.onHand == 3)
        #expect(server.store.snapshot().orderCount == 0)
    }

    @Test func anEmptyCurrencyMeansTheBaseCurrency() throws {
        let server = Server(baseCurrency: "EUR")
        try server.stock("A", at: "W", onHand: 10)
        for currency in ["EUR", "USD"] {
            var order = Server.orderRequest([("A", 2)])
            order.currency = currency
            #expect(try server.unary("OrderService/CreateOrder", order, as: Orderly_V1_Order.self).code == .ok)
        }
        let summary = try #require(try server.unary(
            "ReportingService/GetSalesSummary", Orderly_V1_GetSalesSummaryRequest(),
            as: Orderly_V1_SalesSummary.self).response)
        #expect(summary.currency == "EUR")
        #expect((summary.orders, summary.units, summary.revenueMinor) == (2, 4, 500))
        #expect(summary.byCurrency.map(\.currency) == ["EUR", "USD"])
        let usd = try #require(try server.unary(
            "ReportingService/GetSalesSummary", Orderly_V1_GetSalesSummaryRequest(currency: "USD"),
            as: Orderly_V1_SalesSummary.self).response)
        #expect((usd.currency, usd.revenueMinor) == ("USD", 500))
    }

    @Test func reversedRangesAndNegativeThresholdsAreInvalidArgument() throws {
        let server = Server()
        let at = Google_Protobuf_Timestamp(seconds: 100)
        let sales = try server.unary(
            "ReportingService/GetSalesSummary", Orderly_V1_GetSalesSummaryRequest(from: at, to: at),
            as: Orderly_V1_SalesSummary.self)
        #expect(sales.code == .invalidArgument && sales.message.contains("from must be before to"))
        let top = try server.unary(
            "ReportingService/GetTopProducts",
            Orderly_V1_GetTopProductsRequest(from: at, to: Google_Protobuf_Timestamp(seconds: 99)),
            as: Orderly_V1_GetTopProductsResponse.self)
        #expect(top.code == .invalidArgument)
        let low = try server.unary(
            "ReportingService/GetLowStock", Orderly_V1_GetLowStockRequest(threshold: -1),
            as: Orderly_V1_GetLowStockResponse.self)
        #expect(low.code == .invalidArgument && low.message.contains("threshold"))
    }
}
