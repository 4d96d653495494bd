// Insight results between domain and wire: customer insights and stock cover.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_CustomerInsights {
    /// The wire form of customer insights.
    init(_ c: CustomerInsights) {
        self.init(
            customers: c.customers, newCustomers: c.newCustomers, repeatCustomers: c.repeatCustomers,
            repeatPurchaseRate: c.repeatPurchaseRate, averageOrderValueMinor: c.averageOrderValueMinor,
            ordersPerCustomer: c.ordersPerCustomer,
            topCustomers: c.topCustomers.map {
                Orderly_V1_CustomerValue(customerID: $0.customerId, orders: $0.orders, revenueMinor: $0.revenueMinor)
            },
            cohorts: c.cohorts.map {
                Orderly_V1_CohortRow(
                    firstOrderMonth: $0.firstOrderMonth, customers: $0.customers,
                    repeatCustomers: $0.repeatCustomers, revenueMinor: $0.revenueMinor)
            },
            currency: c.currency, orders: c.orders, revenueMinor: c.revenueMinor)
    }
}

extension Orderly_V1_GetStockCoverResponse {
    /// The wire form of a stock cover report.
    init(_ r: StockCoverReport) {
        self.init(
            items: r.items.map {
                Orderly_V1_StockCover(
                    sku: $0.sku, locationID: $0.locationId, available: $0.available, dailyDemand: $0.dailyDemand,
                    daysOfCover: $0.daysOfCover, predictedStockout: $0.predictedStockout.map(Google_Protobuf_Timestamp.init),
                    reorderQuantity: $0.reorderQuantity, incoming: $0.incoming, windowUnits: $0.windowUnits)
            },
            windowDays: r.windowDays, targetDays: r.targetDays)
    }
}
