// The stock ledger's vocabulary: why a figure moved (MovementReason), the four buckets a
// movement changes (StockBuckets) and one recorded movement (StockMovement).

/// Why a stock figure changed.
public enum MovementReason: Int32, WireEnum {
    public static let protoPrefix = "MOVEMENT_REASON_"
    case unspecified = 0, setStock, adjustment, `import`, allocated, released, shipped, restocked, rejected,
        transferOut, transferIn, reserved, reservationEnded
}

/// The four counted buckets of a level (safety stock is a setting, not a count, and has none).
public struct StockBuckets: Hashable, Sendable {
    /// on_hand.
    public var onHand: Int64 = 0
    /// reserved.
    public var reserved: Int64 = 0
    /// damaged.
    public var damaged: Int64 = 0
    /// incoming.
    public var incoming: Int64 = 0

    /// Creates buckets.
    public init(onHand: Int64 = 0, reserved: Int64 = 0, damaged: Int64 = 0, incoming: Int64 = 0) {
        self.onHand = onHand
        self.reserved = reserved
        self.damaged = damaged
        self.incoming = incoming
    }

    /// The figures of `level`.
    public init(_ level: StockLevel) {
        self.init(onHand: level.onHand, reserved: level.reserved, damaged: level.damaged, incoming: level.incoming)
    }

    /// True when every bucket is 0.
    public var isZero: Bool { onHand == 0 && reserved == 0 && damaged == 0 && incoming == 0 }

    /// `b - a`, bucket by bucket; nil when a difference does not fit an int64.
    static func delta(from a: StockBuckets, to b: StockBuckets) -> StockBuckets? {
        let (o, o1) = b.onHand.subtractingReportingOverflow(a.onHand)
        let (r, o2) = b.reserved.subtractingReportingOverflow(a.reserved)
        let (d, o3) = b.damaged.subtractingReportingOverflow(a.damaged)
        let (i, o4) = b.incoming.subtractingReportingOverflow(a.incoming)
        return o1 || o2 || o3 || o4 ? nil : StockBuckets(onHand: o, reserved: r, damaged: d, incoming: i)
    }

    /// Adds `other` bucket by bucket; false (and self unchanged) when a sum overflows.
    @discardableResult
    mutating func add(_ other: StockBuckets) -> Bool {
        let (o, o1) = onHand.addingReportingOverflow(other.onHand)
        let (r, o2) = reserved.addingReportingOverflow(other.reserved)
        let (d, o3) = damaged.addingReportingOverflow(other.damaged)
        let (i, o4) = incoming.addingReportingOverflow(other.incoming)
        if o1 || o2 || o3 || o4 { return false }
        self = StockBuckets(onHand: o, reserved: r, damaged: d, incoming: i)
        return true
    }
}

/// Why a mutation moves stock, who asked and what it refers to; shared by every movement the
/// mutation records.
public struct MovementCause: Hashable, Sendable {
    /// Why.
    public var reason: MovementReason
    /// The order, shipment, return or request id behind it.
    public var reference: String
    /// The caller's role ("anonymous" without auth).
    public var actor: String
    /// AdjustStock's reason.
    public var note: String

    /// Creates a cause.
    public init(_ reason: MovementReason, reference: String = "", actor: String = "anonymous", note: String = "") {
        self.reason = reason
        self.reference = reference
        self.actor = actor
        self.note = note
    }
}

/// One change of one stock level.
public struct StockMovement: Hashable, Sendable {
    /// Position in the ledger, from 1 without gaps (assigned when the movement is applied).
    public var sequence: Int64
    /// The level changed.
    public var key: StockKey
    /// How much each bucket changed.
    public var delta: StockBuckets
    /// Why, who and what for.
    public var cause: MovementCause
    /// When.
    public var at: Timestamp

    /// Creates a movement.
    public init(sequence: Int64 = 0, key: StockKey, delta: StockBuckets, cause: MovementCause, at: Timestamp) {
        self.sequence = sequence
        self.key = key
        self.delta = delta
        self.cause = cause
        self.at = at
    }
}
