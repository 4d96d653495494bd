// orderly.v1.ReportingService: sales, top products, fulfillment times and low stock, computed by
// the store from its incremental aggregates (reads, answered inline).
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.ReportingService over an `OrderBackend` (usually the `OrderStore`).
public struct ReportingService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.ReportingService"

    private let answering: Answering

    /// Creates the service (reports only read, so the gate is never consulted).
    public init(store: any OrderBackend, gate: any CommitGate) {
        answering = Answering(store: store, gate: gate)
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        a.query(&router, Self.name, "GetSalesSummary") {
            (request: Orderly_V1_GetSalesSummaryRequest) -> Orderly_V1_SalesSummary in
            let range = try ReportRange(from: request.from, to: request.to)
            return Orderly_V1_SalesSummary(store.salesSummary(from: range.from, to: range.to))
        }
        a.query(&router, Self.name, "GetTopProducts") {
            (request: Orderly_V1_GetTopProductsRequest) -> Orderly_V1_GetTopProductsResponse in
            let range = try ReportRange(from: request.from, to: request.to)
            let products = try store.topProducts(from: range.from, to: range.to, limit: request.limit)
            return Orderly_V1_GetTopProductsResponse(products: products.map(Orderly_V1_ProductSales.init))
        }
        a.query(&router, Self.name, "GetFulfillmentStats") {
            (request: Orderly_V1_GetFulfillmentStatsRequest) -> Orderly_V1_FulfillmentStats in
            let range = try ReportRange(from: request.from, to: request.to)
            return Orderly_V1_FulfillmentStats(store.fulfillmentStats(from: range.from, to: range.to))
        }
        router.unary(Self.name, "GetLowStock") {
            (request: Orderly_V1_GetLowStockRequest, _) -> Orderly_V1_GetLowStockResponse in
            Orderly_V1_GetLowStockResponse(
                levels: store.lowStock(threshold: request.threshold).map(Orderly_V1_StockLevel.init))
        }
    }
}
