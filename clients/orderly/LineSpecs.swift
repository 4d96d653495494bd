// The `--line` values: `SKU:QTY:PRICE_MINOR` (orders), `SKU:QTY` (shipments) and
// `SKU:QTY[:REASON]` (returns), `SKU:QTY` (transfers). SKUs may themselves contain no colon.
import ArgumentParser
import OrderlyMessages

/// An order line `SKU:QTY:PRICE_MINOR`.
struct OrderLineSpec: ExpressibleByArgument, Sendable {
    let line: Orderly_V1_OrderLineInput

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let quantity = Int32(parts[1]), quantity > 0,
              let price = Int64(parts[2]), price >= 0
        else { return nil }
        line = Orderly_V1_OrderLineInput(sku: String(parts[0]), quantity: quantity, unitPriceMinor: price)
    }
}

/// A shipment line `SKU:QTY`.
struct ShipmentLineSpec: ExpressibleByArgument, Sendable {
    let line: Orderly_V1_ShipmentLine

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let quantity = Int32(parts[1]), quantity > 0 else { return nil }
        line = Orderly_V1_ShipmentLine(sku: String(parts[0]), quantity: quantity)
    }
}

/// A return line `SKU:QTY[:REASON]`; the reason defaults to `other`.
struct ReturnLineSpec: ExpressibleByArgument, Sendable {
    let line: Orderly_V1_ReturnLine

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, let quantity = Int32(parts[1]),
              quantity > 0
        else { return nil }
        var reason = Orderly_V1_ReturnReason.other
        if parts.count == 3 {
            guard let named = Orderly_V1_ReturnReason(argument: String(parts[2])) else { return nil }
            reason = named
        }
        line = Orderly_V1_ReturnLine(sku: String(parts[0]), quantity: quantity, reason: reason)
    }
}

/// A transfer line `SKU:QTY`.
struct TransferLineSpec: ExpressibleByArgument, Sendable {
    let line: Orderly_V1_TransferLine

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let quantity = Int32(parts[1]), quantity > 0 else { return nil }
        line = Orderly_V1_TransferLine(sku: String(parts[0]), quantity: quantity)
    }
}
