// Stock ledger queries: ListStockMovements (filters, paging by sequence) and the ledger half of
// VerifyInventory (carried + Σ retained deltas must equal every level's figures).

/// ListStockMovements filters and paging.
public struct MovementQuery: Hashable, Sendable {
    /// Only this location ("" = any).
    public var locationId: String
    /// Only this sku ("" = any).
    public var sku: String
    /// Only movements at or after this instant.
    public var from: Timestamp?
    /// Only movements before this instant.
    public var to: Timestamp?
    /// Movements per page (0 = 100, at most 1000).
    public var pageSize: Int32
    /// `nextPageToken` of the previous page ("" = first page).
    public var pageToken: String

    /// Creates a query.
    public init(locationId: String = "", sku: String = "", from: Timestamp? = nil, to: Timestamp? = nil,
                pageSize: Int32 = 0, pageToken: String = "") {
        self.locationId = locationId
        self.sku = sku
        self.from = from
        self.to = to
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// One page of the ledger.
public struct MovementPage: Hashable, Sendable {
    /// Oldest first.
    public var movements: [StockMovement]
    /// Token for the next page; empty on the last page.
    public var nextPageToken: String
}

extension StoreState {
    static let defaultMovementPage = 100
    static let maxMovementPage = 1000

    /// ListStockMovements: retained movements matching every filter, oldest first. The token is
    /// "m" and the sequence to resume from; a token older than the retained ledger resumes at
    /// its oldest movement.
    public func listStockMovements(_ q: MovementQuery) throws(DomainError) -> MovementPage {
        if q.pageSize < 0 { throw .invalid("page_size must be >= 0") }
        if let from = q.from, let to = q.to, from > to { throw .invalid("from is after to") }
        let size = q.pageSize == 0 ? Self.defaultMovementPage : min(Int(q.pageSize), Self.maxMovementPage)
        var start = ledger.firstSequence
        if !q.pageToken.isEmpty {
            guard q.pageToken.first == "m", let n = Int64(q.pageToken.dropFirst()), n >= 1, n <= ledger.nextSequence else {
                throw .invalid("page_token is not a token this server issued")
            }
            start = n
        }
        var page: [StockMovement] = []
        var resume: Int64?
        for m in ledger.movements(from: start) {
            if !q.locationId.isEmpty && m.key.locationId != q.locationId { continue }
            if !q.sku.isEmpty && m.key.sku != q.sku { continue }
            if let from = q.from, m.at < from { continue }
            if let to = q.to, m.at >= to { continue }
            if page.count == size {
                resume = m.sequence
                break
            }
            page.append(m)
        }
        return MovementPage(movements: page, nextPageToken: resume.map { "m\($0)" } ?? "")
    }

    /// Every level whose figures differ from the ledger's sums, and ledger sums for missing levels.
    func ledgerProblems() -> [String] {
        var sums = ledger.balances()
        var problems: [String] = []
        for level in stock.values.sorted(by: { ($0.locationId, $0.sku) < ($1.locationId, $1.sku) }) {
            let want = sums.removeValue(forKey: level.key) ?? StockBuckets()
            let have = StockBuckets(level)
            if want != have {
                problems.append(
                    "sku \(level.sku) at location \(level.locationId): figures (on_hand \(have.onHand), reserved \(have.reserved), "
                        + "damaged \(have.damaged), incoming \(have.incoming)) differ from the stock ledger's sums "
                        + "(\(want.onHand), \(want.reserved), \(want.damaged), \(want.incoming))")
            }
        }
        for (key, want) in sums.sorted(by: { ($0.key.locationId, $0.key.sku) < ($1.key.locationId, $1.key.sku) }) where !want.isZero {
            problems.append("sku \(key.sku) at location \(key.locationId): no stock level but the stock ledger sums to "
                + "(\(want.onHand), \(want.reserved), \(want.damaged), \(want.incoming))")
        }
        return problems
    }

    /// Number of retained ledger movements.
    public var retainedMovementCount: Int { ledger.count }
}
