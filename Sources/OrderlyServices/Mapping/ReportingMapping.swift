// Reporting results between domain and wire: sales summary, top products, fulfillment stats.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_SalesSummary {
    /// The wire form of a sales summary.
    init(_ s: SalesSummary) {
        self.init(
            orders: s.orders, units: s.units, revenueMinor: s.revenueMinor, refundedMinor: s.refundedMinor,
            byChannel: s.byChannel.map {
                Orderly_V1_ChannelSales(
                    channel: Orderly_V1_SalesChannel($0.channel), orders: $0.orders, units: $0.units,
                    revenueMinor: $0.revenueMinor)
            },
            currency: s.currency,
            byCurrency: s.byCurrency.map {
                Orderly_V1_CurrencySales(
                    currency: $0.currency, orders: $0.orders, units: $0.units, revenueMinor: $0.revenueMinor,
                    refundedMinor: $0.refundedMinor)
            })
    }
}

extension Orderly_V1_ProductSales {
    /// The wire form of one product's sales.
    init(_ p: ProductSales) {
        self.init(sku: p.sku, units: p.units, revenueMinor: p.revenueMinor)
    }
}

extension Orderly_V1_FulfillmentStats {
    /// The wire form of fulfillment statistics.
    init(_ f: FulfillmentStats) {
        self.init(
            ordersShipped: f.ordersShipped, meanHoursToShip: f.meanHoursToShip, p90HoursToShip: f.p90HoursToShip,
            meanHoursToDeliver: f.meanHoursToDeliver, splitShipmentRate: f.splitShipmentRate,
            returnRate: f.returnRate, promiseKeptRate: f.promiseKeptRate,
            byLocation: f.byLocation.map {
                Orderly_V1_LocationFulfillment(
                    locationID: $0.locationId, shipments: $0.shipments, meanHoursToShip: $0.meanHoursToShip,
                    promiseKeptRate: $0.promiseKeptRate)
            })
    }
}

extension ReportRange {
    /// The `[from, to)` range of a report request (unset bounds are open), checked.
    init(_ from: Google_Protobuf_Timestamp?, _ to: Google_Protobuf_Timestamp?) throws(DomainError) {
        try self.init(from: try from.domain("from"), to: try to.domain("to"))
    }
}
