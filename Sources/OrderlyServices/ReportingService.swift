// orderly.v1.ReportingService: sales, top products, fulfillment times, low stock and the insights
// (customers, bought together, stock cover), computed by the store from its incremental
// aggregates (reads, answered inline).
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.ReportingService over an `OrderBackend` (usually the `OrderStore`).
public struct ReportingService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.ReportingService"

    /// The currency of reports whose request leaves `currency` empty, unless configured.
    public static let defaultBaseCurrency = "USD"

    private let answering: Answering
    private let baseCurrency: String

    /// Creates the service (reports only read, so the gate is never consulted); a request with
    /// an empty `currency` counts money in `baseCurrency`.
    public init(store: any OrderBackend, gate: any CommitGate, baseCurrency: String = defaultBaseCurrency) {
        answering = Answering(store: store, gate: gate)
        self.baseCurrency = baseCurrency
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        let base = baseCurrency
        // The request's currency, or the server's base currency when it names none.
        let currency = { @Sendable (requested: String) in requested.isEmpty ? base : requested }
        a.query(&router, Self.name, "GetSalesSummary") {
            (request: Orderly_V1_GetSalesSummaryRequest) -> Orderly_V1_SalesSummary in
            let range = try ReportRange(request.from, request.to)
            return Orderly_V1_SalesSummary(try store.salesSummary(range, currency: currency(request.currency)))
        }
        a.query(&router, Self.name, "GetTopProducts") {
            (request: Orderly_V1_GetTopProductsRequest) -> Orderly_V1_GetTopProductsResponse in
            let range = try ReportRange(request.from, request.to)
            let products = try store.topProducts(range, currency: currency(request.currency), limit: request.limit)
            return Orderly_V1_GetTopProductsResponse(products: products.map(Orderly_V1_ProductSales.init))
        }
        a.query(&router, Self.name, "GetFulfillmentStats") {
            (request: Orderly_V1_GetFulfillmentStatsRequest) -> Orderly_V1_FulfillmentStats in
            let range = try ReportRange(request.from, request.to)
            return Orderly_V1_FulfillmentStats(store.fulfillmentStats(range))
        }
        a.query(&router, Self.name, "GetLowStock") {
            (request: Orderly_V1_GetLowStockRequest) -> Orderly_V1_GetLowStockResponse in
            Orderly_V1_GetLowStockResponse(
                levels: try store.lowStock(threshold: request.threshold).map(Orderly_V1_StockLevel.init))
        }
        a.query(&router, Self.name, "GetCustomerInsights") {
            (request: Orderly_V1_GetCustomerInsightsRequest) -> Orderly_V1_CustomerInsights in
            let range = try ReportRange(request.from, request.to)
            return Orderly_V1_CustomerInsights(
                try store.customerInsights(range, currency: currency(request.currency), top: request.top))
        }
        a.query(&router, Self.name, "GetProductAffinity") {
            (request: Orderly_V1_GetProductAffinityRequest) -> Orderly_V1_GetProductAffinityResponse in
            let range = try ReportRange(request.from, request.to)
            let pairs = try store.productAffinity(sku: request.sku, range, limit: request.limit)
            return Orderly_V1_GetProductAffinityResponse(pairs: pairs.map {
                Orderly_V1_ProductPair(sku: $0.sku, ordersTogether: $0.ordersTogether)
            })
        }
        a.query(&router, Self.name, "GetStockCover") {
            (request: Orderly_V1_GetStockCoverRequest) -> Orderly_V1_GetStockCoverResponse in
            Orderly_V1_GetStockCoverResponse(try store.stockCover(StockCoverQuery(
                skus: request.skus, locationId: request.locationID, windowDays: request.windowDays,
                targetDays: request.targetDays)))
        }
    }
}
