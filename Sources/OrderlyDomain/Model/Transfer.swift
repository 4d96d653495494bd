// Stock transfers between locations: the lifecycle REQUESTED → IN_TRANSIT → (PARTIALLY_)RECEIVED,
// or REQUESTED → CANCELLED, its lines and the CreateTransfer command.

/// Lifecycle of a transfer.
public enum TransferStatus: Int32, WireEnum {
    public static let protoPrefix = "TRANSFER_STATUS_"
    case unspecified = 0, requested, inTransit, partiallyReceived, received, cancelled
}

/// One sku of a transfer.
public struct TransferLine: Hashable, Sendable {
    /// The product.
    public var sku: String
    /// Units sent (> 0); in ReceiveTransfer, the units arriving now.
    public var quantity: Int32
    /// Units received so far at the destination.
    public var quantityReceived: Int32

    /// Creates a line.
    public init(sku: String, quantity: Int32, quantityReceived: Int32 = 0) {
        self.sku = sku
        self.quantity = quantity
        self.quantityReceived = quantityReceived
    }
}

/// Stock moving from one location to another.
public struct Transfer: Hashable, Sendable {
    /// "t-000001".
    public var transferId: String
    /// Where the units leave from (reserved there until shipped).
    public var fromLocationId: String
    /// Where they arrive (counted as `incoming` there while in transit).
    public var toLocationId: String
    /// What moves.
    public var lines: [TransferLine]
    /// Where in its lifecycle.
    public var status: TransferStatus
    /// When it was requested.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// Digest of the CreateTransfer payload (0: unknown).
    public var requestFingerprint: UInt64

    /// Creates a transfer.
    public init(
        transferId: String, fromLocationId: String, toLocationId: String, lines: [TransferLine],
        status: TransferStatus, createdAt: Timestamp, updatedAt: Timestamp, requestFingerprint: UInt64 = 0
    ) {
        self.transferId = transferId
        self.fromLocationId = fromLocationId
        self.toLocationId = toLocationId
        self.lines = lines
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.requestFingerprint = requestFingerprint
    }
}

/// CreateTransfer.
public struct CreateTransferCommand: Hashable, Sendable {
    /// Idempotency key ("" = none).
    public var requestId: String
    /// Source location.
    public var fromLocationId: String
    /// Destination location.
    public var toLocationId: String
    /// Skus and quantities (quantity_received is ignored).
    public var lines: [TransferLine]

    /// Creates a command.
    public init(requestId: String = "", fromLocationId: String, toLocationId: String, lines: [TransferLine]) {
        self.requestId = requestId
        self.fromLocationId = fromLocationId
        self.toLocationId = toLocationId
        self.lines = lines
    }

    /// The payload's fingerprint (everything but `requestId`).
    var fingerprint: UInt64 {
        var f = Fingerprint()
        f.add(fromLocationId)
        f.add(toLocationId)
        f.add(UInt64(lines.count))
        for l in lines {
            f.add(l.sku)
            f.add(Int64(l.quantity))
        }
        return f.value
    }
}
