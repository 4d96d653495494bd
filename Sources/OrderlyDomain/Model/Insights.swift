// The answers of the insight reports (customers, "bought together", stock cover) as domain
// values, and the bounds their requests are checked against.

/// Request bounds of the insights, with their defaults (documented in reporting.proto).
public enum InsightLimits {
    /// `top` / `limit` when the request says 0.
    public static let defaultCount: Int32 = 10
    /// The largest `top` / `limit` accepted.
    public static let maxCount: Int32 = 1000
    /// `window_days` / `target_days` when the request says 0.
    public static let defaultDays: Int32 = 28
    /// The largest `window_days` / `target_days` accepted (demand older than this is dropped).
    public static let maxDays: Int32 = 365
    /// The most skus one GetStockCover may name.
    public static let maxCoverSkus = 1000
    /// Pairs are counted among the first this many distinct skus of an order (bounds the work
    /// and memory one order can cost: at most 32 × 31 directed pairs).
    public static let maxPairSkus = 32
}

/// One customer's orders in a range.
public struct CustomerValue: Hashable, Sendable {
    /// The customer.
    public var customerId: String
    /// Orders in range, every currency.
    public var orders: Int64
    /// Σ totals of their orders in the requested currency.
    public var revenueMinor: Int64
}

/// The customers whose first order ever falls in one UTC month.
public struct CohortRow: Hashable, Sendable {
    /// "YYYY-MM".
    public var firstOrderMonth: String
    /// Cohort customers with an order in range.
    public var customers: Int64
    /// Cohort customers with two or more orders in range.
    public var repeatCustomers: Int64
    /// Σ totals of the cohort's orders in range, requested currency only.
    public var revenueMinor: Int64
}

/// GetCustomerInsights result.
public struct CustomerInsights: Hashable, Sendable {
    /// Distinct customers with an order in range.
    public var customers: Int64
    /// Customers whose first (non-cancelled) order ever is in range.
    public var newCustomers: Int64
    /// Customers with two or more orders in range.
    public var repeatCustomers: Int64
    /// repeat / customers (0 without customers).
    public var repeatPurchaseRate: Double
    /// revenue / orders in `currency`, integer division.
    public var averageOrderValueMinor: Int64
    /// orders / customers.
    public var ordersPerCustomer: Double
    /// Most revenue first, then most orders, then customer id.
    public var topCustomers: [CustomerValue]
    /// Oldest first-order month first.
    public var cohorts: [CohortRow]
    /// The currency of the money figures.
    public var currency: String
    /// Orders of identified customers in range, every currency.
    public var orders: Int64
    /// Σ totals of those orders in `currency`.
    public var revenueMinor: Int64
}

/// One "bought together" companion.
public struct ProductPair: Hashable, Sendable {
    /// The companion sku.
    public var sku: String
    /// Orders in range holding both.
    public var ordersTogether: Int64
}

/// GetStockCover request.
public struct StockCoverQuery: Hashable, Sendable {
    /// Skus to cover (empty = every sku with a level).
    public var skus: [String]
    /// One location, or empty for every location summed.
    public var locationId: String
    /// Days to average demand over (0 = default).
    public var windowDays: Int32
    /// Days of demand a reorder covers (0 = default).
    public var targetDays: Int32

    /// Creates a query.
    public init(skus: [String] = [], locationId: String = "", windowDays: Int32 = 0, targetDays: Int32 = 0) {
        self.skus = skus
        self.locationId = locationId
        self.windowDays = windowDays
        self.targetDays = targetDays
    }
}

/// How long one sku's stock lasts at recent demand.
public struct StockCover: Hashable, Sendable {
    /// The sku.
    public var sku: String
    /// The location, or empty when summed.
    public var locationId: String
    /// Units that may still be promised.
    public var available: Int64
    /// Units on their way.
    public var incoming: Int64
    /// Units ordered in the window.
    public var windowUnits: Int64
    /// windowUnits / windowDays.
    public var dailyDemand: Double
    /// available / dailyDemand, 0 without demand.
    public var daysOfCover: Double
    /// now + daysOfCover days; nil without demand.
    public var predictedStockout: Timestamp?
    /// max(0, ceil(windowUnits × targetDays / windowDays) − available − incoming).
    public var reorderQuantity: Int64
}

/// GetStockCover result, with the window and target it used.
public struct StockCoverReport: Hashable, Sendable {
    /// One per sku.
    public var items: [StockCover]
    /// The window in days.
    public var windowDays: Int32
    /// The target in days.
    public var targetDays: Int32
}
