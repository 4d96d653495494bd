// The creation-time range a report covers, checked once where it is made.

/// `[from, to)` on order creation time; nil is an open bound. `from` ≥ `to` (both set) is refused.
public struct ReportRange: Hashable, Sendable {
    /// Inclusive lower bound, or nil.
    public var from: Timestamp?
    /// Exclusive upper bound, or nil.
    public var to: Timestamp?

    /// Every order ever created.
    public static let all = ReportRange(unchecked: nil, nil)

    /// Checks the range: INVALID_ARGUMENT naming `from` and `to` when it is empty or reversed.
    public init(from: Timestamp?, to: Timestamp?) throws(DomainError) {
        if let from, let to, from.nanos >= to.nanos {
            throw .invalid("from must be before to: reports cover [from, to)")
        }
        self.init(unchecked: from, to)
    }

    /// The range as given, for callers that compare states rather than answer clients.
    init(unchecked from: Timestamp?, _ to: Timestamp?) {
        self.from = from
        self.to = to
    }
}
