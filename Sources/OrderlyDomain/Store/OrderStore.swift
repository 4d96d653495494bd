// OrderStore: the thread-safe in-memory store. One lock guards the state; every mutation runs a
// pure transition, hands its changes to the durability hook, applies them through
// `StoreState.apply`, and queues its watcher events. Events reach watchers (and the retained
// ring that `from_sequence` replays) only once their mutation is durable: at once without a
// journal, or when the journal reports the hook's ticket durable (`markDurable(through:)`).
// Watchers are woken after the lock is released.
import OrderlyLocks

/// The in-memory store behind every service.
public final class OrderStore: Sendable {
    /// Store settings.
    public struct Configuration: Sendable {
        /// Request size limits.
        public var limits = DomainLimits()
        /// Routing knobs.
        public var routing = RoutingConfig()
        /// Order events kept for `from_sequence` replay (`--event-retention`); an older
        /// `from_sequence` answers OUT_OF_RANGE.
        public var retainedEvents = 1_000_000
        /// Events a watcher may fall behind by before it is cut off.
        public var watchQueueBound = 1024

        /// The defaults.
        public init() {}
    }

    /// Receives the changes of each mutation, under the store lock, before they are applied;
    /// throwing refuses the mutation (nothing changes, the caller gets UNAVAILABLE). Keep it
    /// short: append to a journal buffer and wait for durability outside the lock.
    public typealias ChangeHook = @Sendable ([StoreChange]) throws -> Void

    /// Like ``ChangeHook``, for a journal: returns a ticket (the record's sequence, increasing
    /// with every call); the mutation's events wait until ``markDurable(through:)`` passes it.
    public typealias RecordingHook = @Sendable ([StoreChange]) throws -> UInt64

    fileprivate enum Hook {
        case immediate(ChangeHook)
        case recording(RecordingHook)
    }

    fileprivate struct Core {
        var state: StoreState
        var ring: EventRing
        var hub = WatchHub()
        var hook: Hook?
        /// Effects of mutations whose journal record is not durable yet, oldest first, from
        /// `pendingHead` on (the consumed front is dropped in bulk, not one memmove per batch).
        var pending: [(ticket: UInt64, effects: ChangeEffects)] = []
        var pendingHead = 0
        /// The newest ticket known durable.
        var durableTicket: UInt64 = 0
    }

    private let core: Locked<Core>
    /// Where "now" comes from.
    public let clock: any DomainClock
    /// The settings this store runs with.
    public let configuration: Configuration

    /// Creates a store holding `state` (empty, or a decoded snapshot); `threads` rebuild the
    /// retained events from it (start-up, when nothing else runs yet).
    public init(state: StoreState = StoreState(), clock: any DomainClock = SystemClock(),
                configuration: Configuration = Configuration(), threads: Int = 1) {
        self.clock = clock
        self.configuration = configuration
        let ring = EventRing(rebuiltFrom: state, capacity: configuration.retainedEvents, threads: threads)
        core = Locked(Core(state: state, ring: ring))
    }

    /// Installs (or removes) a hook after which changes count as durable at once.
    public func setChangeHook(_ hook: ChangeHook?) {
        core.withLock { $0.hook = hook.map(Hook.immediate) }
    }

    /// Installs the journal's hook; events then wait for ``markDurable(through:)``.
    public func setRecordingHook(_ hook: @escaping RecordingHook, durableTicket: UInt64) {
        core.withLock {
            $0.hook = .recording(hook)
            $0.durableTicket = durableTicket
        }
    }

    /// The journal made every record up to `ticket` durable: their events go to the retained
    /// ring and to watchers, in commit order. Call it from the journal's completion.
    public func markDurable(through ticket: UInt64) {
        let wake = core.withLock { core -> [@Sendable () -> Void] in
            core.durableTicket = max(core.durableTicket, ticket)
            var wake: [@Sendable () -> Void] = []
            while core.pendingHead < core.pending.count, core.pending[core.pendingHead].ticket <= ticket {
                wake += core.publish(core.pending[core.pendingHead].effects)
                core.pending[core.pendingHead].effects = ChangeEffects()
                core.pendingHead += 1
            }
            if core.pendingHead == core.pending.count {
                core.pending.removeAll(keepingCapacity: true)
                core.pendingHead = 0
            } else if core.pendingHead > 1024, core.pendingHead * 2 > core.pending.count {
                core.pending.removeFirst(core.pendingHead)
                core.pendingHead = 0
            }
            return wake
        }
        for callback in wake { callback() }
    }

    /// Re-applies journaled changes at start-up: no hook, no watchers, no routing.
    public func replay(_ changes: [StoreChange]) {
        core.withLock { core in
            var effects = ChangeEffects()
            for k in changes.indices { core.state.apply(changes[k], effects: &effects) }
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
            let ctx = RuleContext(
                now: clock.now(), limits: configuration.limits, routing: configuration.routing,
                actor: MutationActor.current)
            let mutation = try transition(core.state, ctx)
            guard !mutation.changes.isEmpty else { return mutation.result }
            var ticket: UInt64?
            do {
                switch core.hook {
                case .immediate(let hook): try hook(mutation.changes)
                case .recording(let hook): ticket = try hook(mutation.changes)
                case nil: break
                }
            } catch let error as DomainError {
                throw error
            } catch {
                throw DomainError(.unavailable, "the store cannot record changes: \(error)")
            }
            var effects = ChangeEffects()
            for change in mutation.changes { core.state.apply(change, effects: &effects) }
            if let ticket, ticket > core.durableTicket {
                if !effects.orderEvents.isEmpty || !effects.stockLevels.isEmpty {
                    core.pending.append((ticket, effects))
                }
            } else {
                wake = core.publish(effects)
            }
            return mutation.result
        }
        for callback in wake { callback() }
        return result
    }

    // MARK: Watchers

    /// WatchOrders: events for `orderId` / `customerId` / all (both empty); with
    /// `fromSequence` > 0 the retained events after it come first, then live ones (only those
    /// after it as well: see ``OrderWatchFilter/afterSequence``). A `fromSequence` whose next
    /// event is no longer retained answers OUT_OF_RANGE.
    public func watchOrders(
        orderId: String = "", customerId: String = "", fromSequence: Int64 = 0,
        onReady: @escaping @Sendable () -> Void = {}
    ) throws(DomainError) -> WatchSubscription<OrderEvent> {
        let filter = OrderWatchFilter(orderId: orderId, customerId: customerId, afterSequence: max(0, fromSequence))
        return try core.withLock { core throws(DomainError) in
            if fromSequence > 0, let oldest = core.ring.oldestSequence, fromSequence + 1 < oldest {
                throw DomainError(
                    .outOfRange,
                    "from_sequence \(fromSequence) is older than the retained events: the oldest retained sequence is \(oldest)")
            }
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
    public var oldestRetainedSequence: Int64 { core.withLock { $0.ring.oldestSequence ?? 0 } }

    /// How many order events are retained for replay (their memory is bounded by the capacity).
    public var retainedEventCount: Int { core.withLock { $0.ring.count } }
}

extension OrderStore.Core {
    /// Durable effects: into the retained ring and the watchers' queues.
    fileprivate mutating func publish(_ effects: ChangeEffects) -> [@Sendable () -> Void] {
        for entry in effects.orderEvents { ring.append(entry) }
        return hub.publish(effects)
    }
}
