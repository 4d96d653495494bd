// JournalCommitGate: the bridge between the store's change hook and the journal. The hook (run
// under the store lock, so journal order is apply order) encodes each mutation's changes as ONE
// record and appends it; `afterDurable` lets an RPC answer only once everything the store has
// changed so far is durable. Waiters are released from the journal writer's completions; a journal
// failure is sticky: every waiter gets the error and every later mutation is refused.
import Logging
import OrderlyDomain
import OrderlyDurability
import OrderlyLocks
import Synchronization

/// Appends store mutations to a journal and tells callers when they are durable.
public final class JournalCommitGate: Sendable {
    private struct Waiter {
        var target: UInt64
        var body: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var durable: UInt64
        var waiters: [Waiter] = []
        var failure: DurabilityError?
        var failureObservers: [@Sendable (DurabilityError) -> Void] = []
        var durableObservers: [@Sendable (UInt64) -> Void] = []
    }

    private let log: DurableLog
    private let logger: Logger
    /// The sequence of the newest record appended by the hook; written under the store lock.
    private let appended: Atomic<UInt64>
    private let state: Locked<State>

    /// A gate over `log` whose records up to `durableSequence` are already durable (recovered).
    init(log: DurableLog, durableSequence: UInt64, logger: Logger = Logger(label: "orderly.persistence")) {
        self.log = log
        self.logger = logger
        appended = Atomic(durableSequence)
        state = Locked(State(durable: durableSequence))
        log.journal.onBatchDurable { [weak self] sequence in self?.batchDurable(sequence) }
    }

    /// Once per journal batch: tells the durable observers (the store's watchers).
    private func batchDurable(_ sequence: UInt64) {
        let observers = state.withLock { $0.durableObservers }
        for observer in observers { observer(sequence) }
    }

    /// The newest sequence appended (durable or not).
    public var lastAppendedSequence: UInt64 { appended.load(ordering: .acquiring) }

    /// The newest sequence known durable.
    public var durableSequence: UInt64 { state.withLock { $0.durable } }

    /// The sticky journal failure, if any.
    public var failure: DurabilityError? { state.withLock { $0.failure } }

    /// The store's change hook: one record per mutation; returns its sequence (the store's
    /// ticket). Throws (refusing the mutation) once the journal has failed or is closed.
    func record(_ changes: [StoreChange]) throws -> UInt64 {
        if let failure = state.withLock({ $0.failure }) { throw failure }
        let payload = StoreChange.encode(changes)
        let sequence: UInt64
        do {
            sequence = try log.append(payload) { [self] result in completed(result) }
        } catch {
            throw PersistenceError.durability(error)
        }
        appended.store(sequence, ordering: .releasing)
        return sequence
    }

    /// Calls `observer` with the newest durable sequence once per journal batch (on the journal
    /// writer thread, after that batch's waiters; keep it quick), e.g. to release the store's
    /// events to watchers.
    public func onDurable(_ observer: @escaping @Sendable (UInt64) -> Void) {
        state.withLock { $0.durableObservers.append(observer) }
    }

    /// Calls `body` once every record appended before this call is durable (nil), or with the
    /// journal's failure. Runs `body` at once, on this thread, when nothing is pending; otherwise
    /// on the journal writer thread, so `body` must be quick.
    public func afterDurable(_ body: @escaping @Sendable ((any Error)?) -> Void) {
        let target = appended.load(ordering: .acquiring)
        let verdict: (any Error)?? = state.withLock { state in
            if let failure = state.failure { return .some(PersistenceError.durability(failure)) }
            if state.durable >= target { return .some(nil) }
            state.waiters.append(Waiter(target: target, body: body))
            return nil
        }
        if let verdict { body(verdict) }
    }

    /// A journal completion: everything up to the sequence is durable, or the journal failed.
    private func completed(_ result: Result<UInt64, DurabilityError>) {
        let released: [Waiter]
        let error: (any Error)?
        switch result {
        case .success(let sequence):
            error = nil
            released = state.withLock { state in
                state.durable = max(state.durable, sequence)
                let durable = state.durable
                guard state.waiters.contains(where: { $0.target <= durable }) else { return [] }
                let ready = state.waiters.filter { $0.target <= durable }
                state.waiters.removeAll { $0.target <= durable }
                return ready
            }
        case .failure(let failure):
            error = PersistenceError.durability(failure)
            let observers: [@Sendable (DurabilityError) -> Void]?
            (released, observers) = state.withLock { state in
                let first = state.failure == nil
                if first { state.failure = failure }
                defer { state.waiters = [] }
                return (state.waiters, first ? state.failureObservers : nil)
            }
            if let observers {
                logger.critical("the journal failed; every write is refused from now on (restart to recover): \(failure)")
                for observer in observers { observer(failure) }
            }
        }
        for waiter in released { waiter.body(error) }
    }

    /// Calls `observer` once when the journal fails (at once if it already has), e.g. to turn
    /// health NOT_SERVING; it runs on the journal writer thread and must be quick.
    public func onFailure(_ observer: @escaping @Sendable (DurabilityError) -> Void) {
        let failed: DurabilityError? = state.withLock { state in
            if state.failure == nil { state.failureObservers.append(observer) }
            return state.failure
        }
        if let failed { observer(failed) }
    }

    /// Fails every waiter still pending (the journal closed before their records were written).
    func failPending(_ failure: DurabilityError) {
        let released = state.withLock { state in
            if state.failure == nil { state.failure = failure }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in released { waiter.body(PersistenceError.durability(failure)) }
    }
}
