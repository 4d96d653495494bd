// The all-time sales totals that bound every report figure. No order or refund contributes a
// negative amount, so any bucket, any range and any channel or sku sum is at most the matching
// all-time total: when these fit in an int64, every report sum does. Writes that would push one
// past Int64.max are refused up front (INVALID_ARGUMENT) instead of wrapping a report negative.

/// All-time units (every currency together) and money per currency of the counted orders.
struct SalesCeiling {
    /// Units of every counted order, whatever its currency (`orders`/`units` count all).
    var units: Int64 = 0
    /// Σ order totals per currency.
    var revenue: [String: Int64] = [:]
    /// Σ refunds of REFUNDED returns per currency.
    var refunded: [String: Int64] = [:]

    mutating func addSales(_ order: Order, sign: Int64) {
        units &+= order.unitsOrdered &* sign
        revenue[order.currency, default: 0] &+= order.totalMinor &* sign
    }

    /// The report figure that counting `order` would overflow, or nil when it fits.
    func overflow(adding order: Order) -> String? {
        if units.addingReportingOverflow(order.unitsOrdered).overflow {
            return "the units reported over all orders"
        }
        if revenue[order.currency, default: 0].addingReportingOverflow(order.totalMinor).overflow {
            return "the \(order.currency) revenue reported over all orders"
        }
        return nil
    }

    /// The report figure that a further refund of `amount` in `currency` would overflow.
    func overflow(refunding amount: Int64, currency: String) -> String? {
        refunded[currency, default: 0].addingReportingOverflow(amount).overflow
            ? "the \(currency) refunds reported over all orders" : nil
    }
}
