// Return messages between wire and domain: Return, its lines and the RequestReturn request.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_ReturnLine {
    /// The wire form of a return line.
    init(_ l: ReturnLine) {
        self.init(sku: l.sku, quantity: l.quantity, reason: Orderly_V1_ReturnReason(l.reason))
    }

    /// The domain line; an unknown reason is INVALID_ARGUMENT naming `lines[i].reason`.
    func domain(index: Int) throws(DomainError) -> ReturnLine {
        ReturnLine(
            sku: sku, quantity: quantity, reason: try WireEnums.domain(reason.rawValue, "lines[\(index)].reason"))
    }
}

extension Orderly_V1_Return {
    /// The wire form of a return.
    init(_ r: Return) {
        self.init(
            returnID: r.returnId, orderID: r.orderId, lines: r.lines.map(Orderly_V1_ReturnLine.init),
            status: Orderly_V1_ReturnStatus(r.status), refundMinor: r.refundMinor, locationID: r.locationId,
            createdAt: Google_Protobuf_Timestamp(r.createdAt), updatedAt: Google_Protobuf_Timestamp(r.updatedAt))
    }
}

extension Orderly_V1_RequestReturnRequest {
    /// The domain command.
    func domain() throws(DomainError) -> RequestReturnCommand {
        var mapped: [ReturnLine] = []
        mapped.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            mapped.append(try line.domain(index: index))
        }
        return RequestReturnCommand(orderId: orderID, lines: mapped, requestId: requestID)
    }
}
