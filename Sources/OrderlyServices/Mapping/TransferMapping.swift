// Transfer messages between wire and domain.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_TransferLine {
    /// The wire form of a transfer line.
    init(_ l: TransferLine) {
        self.init(sku: l.sku, quantity: l.quantity, quantityReceived: l.quantityReceived)
    }

    /// The domain line (the domain validates sku and quantity).
    var domain: TransferLine { TransferLine(sku: sku, quantity: quantity, quantityReceived: quantityReceived) }
}

extension Orderly_V1_Transfer {
    /// The wire form of a transfer.
    init(_ t: Transfer) {
        self.init(
            transferID: t.transferId, fromLocationID: t.fromLocationId, toLocationID: t.toLocationId,
            lines: t.lines.map(Orderly_V1_TransferLine.init), status: Orderly_V1_TransferStatus(t.status),
            createdAt: Google_Protobuf_Timestamp(t.createdAt), updatedAt: Google_Protobuf_Timestamp(t.updatedAt))
    }
}

extension Orderly_V1_CreateTransferRequest {
    /// The domain command.
    var domain: CreateTransferCommand {
        CreateTransferCommand(
            requestId: requestID, fromLocationId: fromLocationID, toLocationId: toLocationID,
            lines: lines.map { TransferLine(sku: $0.sku, quantity: $0.quantity) })
    }
}
