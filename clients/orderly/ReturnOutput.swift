// Printing returns with their refund in the order's currency: a Return carries the amount in
// minor units only, so the human form looks the order's currency up (one GetOrder per command).
import OrderlyMessages

extension Session {
    /// The currency of `orderID`, or "" when it cannot be read (the amount is then printed
    /// without one rather than failing a command whose own call succeeded).
    func currency(ofOrder orderID: String) async -> String {
        guard !json, !orderID.isEmpty else { return "" }
        let order = try? await orders.getOrder(Orderly_V1_GetOrderRequest(orderID: orderID), options: options)
        return order?.currency ?? ""
    }

    /// Prints one return: JSON with --json, else its block with the refund in its order's currency.
    func printReturn(_ r: Orderly_V1_Return) async throws {
        let currency = r.refundMinor == 0 ? "" : await currency(ofOrder: r.orderID)
        try print(r) { Render.returnBlock($0, currency: currency) }
    }
}
