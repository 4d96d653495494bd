// OrderStore: the thread-safe in-memory store. One lock guards the state; every mutation runs a
// pure transition, hands its changes to the durability hook, applies them through
// `StoreState.apply`, queues watcher events, and wakes watchers after releasing the lock.
import OrderlyLocks

/// The in-memory store behind every service.
public final class OrderStore: Sendable {
    /// Store settings.
    public struct Configuration: Sendable {
        /// Request size limits.
        public var limits = DomainLimits()
        /// Routing knobs.
        public var routing = RoutingConfig()
        /// Order events kept for `from_sequence` replay.
        public var retainedEvents = 100_000
        /// Events a watcher may fall behind by before it is cut off.
        public var watchQueueBound = 1024

        /// The defaults.
        public init() {}
    }

    /// Receives the changes of each mutation, under the store lock, before they are applied;
    /// throwing refuses the mutation (nothing changes, the caller gets UNAVAILABLE). Keep it
    /// short: append to a journal buffer and wait for durability outside the lock.
    public typealias ChangeHook = @Sendable ([StoreChange]) throws -> Void

    private struct Core {
        var state: StoreState
        var ring: EventRing
        var hub = WatchHub()
        var hook: ChangeHook?
    }

    private let core: Locked<Core>
    /// Where "now" comes from.
    public let clock: any DomainClock
    /// The settings this store runs with.
    public let configuration: Configuration

    /// Creates a store holding `state` (empty, or a decoded snapshot).
    public init(state: StoreState = StoreState(), clock: any DomainClock = SystemClock(),
                configuration: Configuration = Configuration()) {
        self.clock = clock
        self.configuration = configuration
        core = Locked(Core(state: state, ring: EventRing(capacity: configuration.retainedEvents)))
    }

    /// Installs (or removes) the durability hook.
    public func setChangeHook(_ hook: ChangeHook?) {
        core.withLock { $0.hook = hook }
    }

    /// Re-applies journaled changes at start-up: no hook, no watchers, no routing.
    public func replay(_ changes: [StoreChange]) {
        core.withLock { core in
            var effects = ChangeEffects()
            for change in changes { core.state.apply(change, effects: &effects) }
            for entry in effects.orderEvents { core.ring.append(entry) }
        }
    }

    /// A consistent copy of the whole state (cheap: copy-on-write), e.g. for a snapshot.
    public func snapshot() -> StoreState {
        core.withLock { $0.state }
    }

    /// Runs a read under the lock.
    public func read<R, E: Error>(_ body: (StoreState) throws(E) -> R) throws(E) -> R {
        try core.withLock { core throws(E) -> R in try body(core.state) }
    }

    /// Runs a transition and applies its changes atomically.
    public func mutate<R: Sendable>(
        _ transition: (StoreState, RuleContext) throws(DomainError) -> Mutation<R>
    ) throws(DomainError) -> R {
        var wake: [@Sendable () -> Void] = []
        let result = try core.withLock { core throws(DomainError) -> R in
            let ctx = RuleContext(now: clock.now(), limits: configuration.limits, routing: configuration.routing)
            let mutation = try transition(core.state, ctx)
            guard !mutation.changes.isEmpty else { return mutation.result }
            if let hook = core.hook {
                do {
                    try hook(mutation.changes)
                } catch let error as DomainError {
                    throw error
                } catch {
                    throw DomainError(.unavailable, "the store cannot record changes: \(error)")
                }
            }
            var effects = ChangeEffects()
            for change in mutation.changes { core.state.apply(change, effects: &effects) }
            for entry in effects.orderEvents { core.ring.append(entry) }
            wake = core.hub.publish(effects)
            return mutation.result
        }
        for callback in wake { callback() }
        return result
    }

    // MARK: Watchers

    /// WatchOrders: events for `orderId` / `customerId` / all (both empty); with
    /// `fromSequence` > 0 the retained events after it come first, then live ones.
    public func watchOrders(
        orderId: String = "", customerId: String = "", fromSequence: Int64 = 0,
        onReady: @escaping @Sendable () -> Void = {}
    ) -> WatchSubscription<OrderEvent> {
        let filter = OrderWatchFilter(orderId: orderId, customerId: customerId)
        return core.withLock { core in
            let backlog = fromSequence > 0 ? core.ring.events(after: fromSequence, filter: filter) : []
            let sub = WatchSubscription(bound: configuration.watchQueueBound, backlog: backlog, onReady: onReady)
            core.hub.orderWatchers.removeAll { !$0.sub.isActive }
            core.hub.orderWatchers.append((filter, sub))
            return sub
        }
    }

    /// WatchInventory: every change to the given skus (all when empty) from now on.
    public func watchInventory(
        skus: [String] = [], onReady: @escaping @Sendable () -> Void = {}
    ) -> WatchSubscription<StockLevel> {
        core.withLock { core in
            let sub = WatchSubscription<StockLevel>(bound: configuration.watchQueueBound, backlog: [], onReady: onReady)
            core.hub.stockWatchers.removeAll { !$0.sub.isActive }
            core.hub.stockWatchers.append((Set(skus), sub))
            return sub
        }
    }

    /// Active order and inventory watchers (orderly_watchers).
    public var watcherCount: Int {
        core.withLock { core in
            core.hub.orderWatchers.count { $0.sub.isActive } + core.hub.stockWatchers.count { $0.sub.isActive }
        }
    }

    /// The oldest order event sequence still retained for replay (0 when none).

    public var oldestRetainedSequence: Int64 { core.withLock { $0.ring.oldestSequence } }
}
