// The output of a transition, and the helpers transitions share: the rule context, id
// formatting, order-status derivation, and a draft of stock levels touched by one mutation.

/// What a transition decided: the changes to apply and the value to answer with.
public struct Mutation<Result> {
    /// Changes to apply, in order (empty = nothing changes, e.g. an idempotent retry).
    public var changes: [StoreChange]
    /// What the API call answers.
    public var result: Result

    /// Creates a mutation.
    public init(changes: [StoreChange], result: Result) {
        self.changes = changes
        self.result = result
    }
}

extension Mutation: Sendable where Result: Sendable {}

/// Everything a transition needs besides the state and the command.
public struct RuleContext: Sendable {
    /// "Now" for timestamps.
    public var now: Timestamp
    /// Request size limits.
    public var limits: DomainLimits
    /// Routing knobs.
    public var routing: RoutingConfig
    /// Who asks: the caller's role, recorded as the `actor` of stock movements.
    public var actor: String

    /// Creates a context.
    public init(
        now: Timestamp, limits: DomainLimits = DomainLimits(), routing: RoutingConfig = RoutingConfig(),
        actor: String = "anonymous"
    ) {
        self.now = now
        self.limits = limits
        self.routing = routing
        self.actor = actor
    }
}

enum Ids {
    /// "o-000042": a prefix and a number padded to six digits (more digits when needed).
    static func make(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

extension Order {
    /// The status the quantities and shipments imply (cancelled stays cancelled).
    func derivedStatus(allShipmentsDelivered: Bool) -> OrderStatus {
        if status == .cancelled { return .cancelled }
        let ordered = unitsOrdered
        if ordered == 0 { return .cancelled }
        let returned = unitsReturned
        if returned > 0 { return returned >= ordered ? .returned : .partiallyReturned }
        let shipped = unitsShipped
        if shipped >= ordered {
            return allShipmentsDelivered && !shipmentIds.isEmpty ? .delivered : .shipped
        }
        if shipped > 0 { return .partiallyShipped }
        return unitsBackordered > 0 ? .backordered : .allocated
    }

    /// Records a change: version +1, updated_at, and a history event when the status moved (or,
    /// with `always`, in any case: an exception is an event even when the status stays).
    mutating func touch(newStatus: OrderStatus, message: String, at: Timestamp, sequence: inout Int64, always: Bool = false) {
        version += 1
        updatedAt = at
        if newStatus != status || always {
            status = newStatus
            sequence += 1
            history.append(OrderEvent(orderId: orderId, status: newStatus, at: at, message: message, sequence: sequence))
        }
    }
}

/// Stock levels touched by one mutation, so two touches of one level compose, and the ledger
/// movements the touches make (one per touch that changes a bucket, all with the draft's cause).
struct StockDraft {
    private var cause: MovementCause
    private let at: Timestamp
    private var movements: [StockMovement] = []
    private var touched: [StockKey: StockLevel] = [:]
    private var order: [StockKey] = []
    /// Per sku touched by `putCheckingTotal`: its on_hand over all locations after this draft.
    private var onHandTotals: [String: Int64] = [:]

    /// A draft whose movements record `reason` and `reference`, with the actor and time of `ctx`.
    init(_ reason: MovementReason, reference: String = "", note: String = "", _ ctx: RuleContext) {
        cause = MovementCause(reason, reference: reference, actor: ctx.actor, note: note)
        at = ctx.now
    }

    /// Later touches record `reference` (one draft for a mutation that ends several reservations).
    mutating func refer(to reference: String) {
        cause = MovementCause(cause.reason, reference: reference, actor: cause.actor, note: cause.note)
    }

    /// Later touches record `reason` and `reference` (a stock arrival that also fills backorders).
    mutating func refer(_ reason: MovementReason, to reference: String, note: String = "") {
        cause = MovementCause(reason, reference: reference, actor: cause.actor, note: note)
    }

    /// Whether the draft changes any level.
    var isEmpty: Bool { order.isEmpty }

    /// Locations with a level of `sku` in this draft that the state may not have yet.
    func touchedLocations(of sku: String) -> [String] {
        order.compactMap { $0.sku == sku ? $0.locationId : nil }
    }

    /// The skus whose levels this draft touched, in first-touch order.
    var touchedSkus: [String] {
        var seen = Set<String>()
        return order.compactMap { seen.insert($0.sku).inserted ? $0.sku : nil }
    }

    /// Records a movement of `delta` at `key` without changing the level: for a hand-over between
    /// holders that nets to zero (a reservation's units becoming an order's), written as two drafts.
    mutating func record(_ key: StockKey, _ delta: StockBuckets) {
        movements.append(StockMovement(key: key, delta: delta, cause: cause, at: at))
    }

    func level(_ key: StockKey, in state: StoreState) -> StockLevel? {
        touched[key] ?? state.stock[key]
    }

    /// Stores `level` with its version bumped once per mutation.
    mutating func put(_ level: StockLevel, in state: StoreState) {
        var level = level
        level.version = (state.stock[level.key]?.version ?? 0) + 1
        let before = self.level(level.key, in: state).map(StockBuckets.init) ?? StockBuckets()
        let after = StockBuckets(level)
        // Every figure is ≥ 0, so a difference of two fits an int64.
        let delta = StockBuckets(
            onHand: after.onHand &- before.onHand, reserved: after.reserved &- before.reserved,
            damaged: after.damaged &- before.damaged, incoming: after.incoming &- before.incoming)
        if !delta.isZero { movements.append(StockMovement(key: level.key, delta: delta, cause: cause, at: at)) }
        if touched.updateValue(level, forKey: level.key) == nil { order.append(level.key) }
    }

    func changes(requestId: String = "", fingerprint: UInt64 = 0) -> [StoreChange] {
        order.compactMap { key in touched[key].map { .stockPut($0, requestId: requestId, fingerprint: fingerprint) } }
            + movements.map { .stockMoved($0) }
    }

    /// Stores `level` like `put`, for writes that may raise on_hand: refused (INVALID_ARGUMENT,
    /// the draft unchanged) when the sku's on_hand summed over every location, the figure
    /// GetAvailability reports, would overflow int64.
    mutating func putCheckingTotal(_ level: StockLevel, in state: StoreState) throws(DomainError) {
        let previous = self.level(level.key, in: state)?.onHand ?? 0
        // Every level is ≥ 0 and the total fits, so removing one level cannot overflow.
        let others = onHandTotal(of: level.sku, in: state) &- previous
        let (total, overflow) = others.addingReportingOverflow(level.onHand)
        if overflow {
            throw .invalid("on_hand \(level.onHand) for sku \(level.sku) at location \(level.locationId) would make "
                + "the sku's on_hand over all locations (\(others) elsewhere) overflow int64")
        }
        onHandTotals[level.sku] = total
        put(level, in: state)
    }

    /// Σ on_hand of `sku` over its stored levels, as this draft has them (computed once per sku).
    private mutating func onHandTotal(of sku: String, in state: StoreState) -> Int64 {
        if let total = onHandTotals[sku] { return total }
        let total = state.stock.levels(of: sku).reduce(Int64(0)) { $0 &+ (touched[$1.key] ?? $1).onHand }
        onHandTotals[sku] = total
        return total
    }
}
