// StoreChange: the one recordable unit of state change. Every mutation produces a list of these
// and the store applies them through `StoreState.apply`, so a journal can record them and a
// replay (apply the same changes in order) rebuilds identical state without re-running routing.
// Each change carries the full new value of one entity, which keeps apply trivial and replays
// independent of rule changes.

/// One state change.
public enum StoreChange: Hashable, Sendable {
    /// A location was created or replaced.
    case locationPut(Location)
    /// A stock level was created or replaced; `requestId` is the AdjustStock idempotency key ("" if
    /// none) and `fingerprint` that request's payload digest (0: unknown). `ledgered` is false for
    /// changes written before the stock ledger existed: their difference is carried into the
    /// ledger's balance, because no `stockMoved` accompanies them.
    case stockPut(StockLevel, requestId: String, fingerprint: UInt64 = 0, ledgered: Bool = true)
    /// A transfer was created or replaced; `requestId` is the CreateTransfer idempotency key ("" if none).
    case transferPut(Transfer, requestId: String)
    /// A cart reservation was created or replaced; `requestId` is the ReserveStock idempotency key ("" if none).
    case reservationPut(Reservation, requestId: String)
    /// One stock ledger entry (its sequence is assigned when applied).
    case stockMoved(StockMovement)
    /// An order was created or replaced; `requestId` is the CreateOrder idempotency key ("" if none).
    case orderPut(Order, requestId: String)
    /// A shipment was created or replaced.
    case shipmentPut(Shipment)
    /// A return was created or replaced; `requestId` is the RequestReturn idempotency key ("" if none).
    case returnPut(Return, requestId: String)
    /// A carrier service was created or replaced.
    case carrierServicePut(CarrierService)
    /// The routing policy was set.
    case routingPolicyPut(RoutingPolicy)
}

/// What applying changes produced for watchers.
public struct ChangeEffects: Sendable {
    /// New order events, with the customer of their order (for customer watchers).
    public var orderEvents: [(event: OrderEvent, customerId: String)] = []
    /// Stock levels after they changed.
    public var stockLevels: [StockLevel] = []

    /// False when nobody will look (rebuilding a state from a snapshot): nothing is collected.
    var collecting = true

    /// Empty effects.
    public init() {}

    /// Effects that collect nothing.
    static var discarded: ChangeEffects {
        var effects = ChangeEffects()
        effects.collecting = false
        return effects
    }
}
