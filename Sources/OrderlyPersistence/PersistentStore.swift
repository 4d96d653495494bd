// PersistentStore: the order store made durable. `open` locks the data directory, recovers (newest
// snapshot decoded to a StoreState, journal records after it replayed as StoreChanges), builds the
// OrderStore and installs the change hook that journals every mutation as one record, so a
// mutation is all-or-nothing on recovery. Snapshots (timer, journal size, on demand, on close) are
// in PersistentStore+Snapshots.swift.
#if canImport(Glibc)
import Glibc
#endif
import Logging
import OrderlyDomain
import OrderlyDurability
import OrderlyLocks
import Synchronization

/// An ``OrderStore`` backed by a journal and snapshots in a data directory.
public final class PersistentStore: Sendable {
    /// The store every service uses; each mutation is journaled before it is applied.
    public let store: OrderStore
    /// Tells RPCs when their mutation is durable; the services' commit gate.
    public let gate: JournalCommitGate
    /// What start-up recovered.
    public let recovery: RecoverySummary
    /// The data directory.
    public let directory: String
    /// The settings this store was opened with.
    public let options: PersistenceOptions

    let log: DurableLog
    let logger: Logger
    /// Serialises snapshots (timer, size trigger, requests, close).
    let snapshotting = Locked<SnapshotBookkeeping>(SnapshotBookkeeping())
    /// Callers waiting for the next on-demand snapshot (SIGUSR1, the admin RPC); nil once
    /// `close()` has taken them (they get the shutdown snapshot's outcome).
    let requests = Locked<[SnapshotCompletion]?>([])
    let trigger = Locked<PollingThread?>(nil)
    /// Fires cart reservation expiries (ReservationExpiry.swift).
    let expiryTimer = Locked<PollingThread?>(nil)
    /// Serialises expiry runs (the timer, start-up, a test clock's move).
    let expiring = Locked<Void>(())
    let closed = Atomic<Bool>(false)

    private init(
        store: OrderStore, gate: JournalCommitGate, recovery: RecoverySummary, directory: String,
        options: PersistenceOptions, log: DurableLog, logger: Logger
    ) {
        self.store = store
        self.gate = gate
        self.recovery = recovery
        self.directory = directory
        self.options = options
        self.log = log
        self.logger = logger
    }

    /// Opens (creating if needed) and locks `directory`, recovers its state, and starts the
    /// snapshot triggers. Corruption stops here with an error naming file and offset unless
    /// `options.truncateOnCorruption` is set; a torn last record is dropped and logged.
    public static func open(
        directory: String, options: PersistenceOptions = PersistenceOptions(),
        clock: any DomainClock = SystemClock(), logger: Logger = Logger(label: "orderly.persistence")
    ) throws(PersistenceError) -> PersistentStore {
        try open(directory: directory, options: options, clock: clock, logger: logger, faultInjection: nil)
    }

    /// ``open(directory:options:clock:logger:)`` over a journal whose syscalls fail on demand
    /// (tests of this package).
    package static func open(
        directory: String, options: PersistenceOptions, clock: any DomainClock, logger: Logger,
        faultInjection: (@Sendable (String) -> Int32?)?
    ) throws(PersistenceError) -> PersistentStore {
        let began = ContinuousClock.now
        let (log, recovered): (DurableLog, RecoveredState)
        do {
            (log, recovered) = try Durability.open(
                directory: directory,
                options: JournalOptions(policy: options.fsync, segmentSizeLimit: options.segmentSizeLimit),
                truncateOnCorruption: options.truncateOnCorruption, faultInjection: faultInjection)
        } catch {
            throw .durability(error)
        }
        let read = ContinuousClock.now
        let store: OrderStore
        let decoded: ContinuousClock.Instant
        do {
            (store, decoded) = try rebuild(recovered, clock: clock, configuration: options.store)
        } catch {
            log.close()
            throw error
        }
        let replayed = ContinuousClock.now
        let gate = JournalCommitGate(log: log, durableSequence: recovered.lastSequence, logger: logger)
        gate.onDurable { [weak store] sequence in store?.markDurable(through: sequence) }
        store.setRecordingHook({ changes in try gate.record(changes) }, durableTicket: recovered.lastSequence)
        let summary = RecoverySummary(
            durability: recovered.statistics, snapshotSequence: recovered.snapshot?.sequence ?? 0,
            recordsReplayed: recovered.records.count, lastSequence: recovered.lastSequence,
            orders: store.read { $0.orderCount }, retainedEvents: store.retainedEventCount,
            readDuration: read - began, decodeDuration: decoded - read, replayDuration: replayed - decoded)
        let persistent = PersistentStore(
            store: store, gate: gate, recovery: summary, directory: directory, options: options, log: log,
            logger: logger)
        persistent.announce()
        persistent.expireOverdueReservations()
        persistent.startTriggers()
        persistent.startExpiryTimer()
        return persistent
    }

    /// Threads for decoding at start-up: every core (nothing else runs yet).
    private static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Decodes the snapshot and the records after it (in parallel), then replays the records
    /// one mutation at a time.
    private static func rebuild(
        _ recovered: RecoveredState, clock: any DomainClock, configuration: OrderStore.Configuration
    ) throws(PersistenceError) -> (OrderStore, decoded: ContinuousClock.Instant) {
        var state = StoreState()
        if let snapshot = recovered.snapshot {
            do {
                state = try StoreState.decode(snapshot.payload, threads: cores)
            } catch {
                throw .undecodableSnapshot(file: snapshot.file, reason: "\(error)")
            }
        }
        let decoded = ContinuousClock.now
        // Consumed, not copied: a second reference would make the first replayed write to every
        // index shard copy that shard.
        let store = OrderStore(state: consume state, clock: clock, configuration: configuration, threads: cores)
        do {
            try StoreChange.decodeBatches(recovered.records.map(\.payload), threads: cores) { store.replay($0) }
        } catch {
            throw .undecodableRecord(sequence: recovered.records[error.index].sequence, reason: "\(error.error)")
        }
        return (store, decoded)
    }

    /// Verifies `directory` offline, changing nothing (`orderlyd --check-data-dir`): every file's
    /// checksums, that snapshot and journal join up, and that every record decodes and applies.
    /// `keep` sees the rebuilt store last (a process about to exit may keep it rather than
    /// spend a quarter of a second per million orders taking it apart).
    public static func check(
        directory: String, configuration: OrderStore.Configuration = OrderStore.Configuration(),
        keep: (OrderStore) -> Void = { _ in }
    ) throws(PersistenceError) -> RecoverySummary {
        let began = ContinuousClock.now
        let recovered: RecoveredState
        do { recovered = try Recovery.check(directory: directory) } catch { throw .durability(error) }
        let read = ContinuousClock.now
        let (store, decoded) = try rebuild(recovered, clock: SystemClock(), configuration: configuration)
        defer { keep(store) }
        return RecoverySummary(
            durability: recovered.statistics, snapshotSequence: recovered.snapshot?.sequence ?? 0,
            recordsReplayed: recovered.records.count, lastSequence: recovered.lastSequence,
            orders: store.read { $0.orderCount }, retainedEvents: store.retainedEventCount,
            readDuration: read - began, decodeDuration: decoded - read, replayDuration: .now - decoded)
    }

    private func announce() {
        logger.info("\(recovery.logLine)", metadata: ["directory": "\(directory)"])
        for skipped in recovery.durability.skippedSnapshots {
            logger.error("damaged snapshot passed over, recovered from an older one plus the journal: \(skipped)")
        }
        if let torn = recovery.durability.tornTail {
            logger.warning("dropped a torn journal tail (a write interrupted by a crash, never acknowledged): \(torn.bytes) bytes at \(torn.file) offset \(torn.offset)")
        }
        if recovery.durability.truncatedAtCorruption != nil {
            logger.error("the journal was truncated at corruption (--truncate-corrupt-journal): acknowledged writes after the damage are lost; the cut bytes are kept in \(recovery.durability.cutFiles.joined(separator: ", "))")
        }
        if options.fsync == .never {
            logger.warning("--fsync never: writes are acknowledged before they reach the disk; a power cut or kernel crash can lose acknowledged writes")
        }
    }

    /// Journal and snapshot counters.
    public var statistics: DurableLogStatistics { log.statistics }

    /// Stops the snapshot triggers, refuses further mutations, writes a final snapshot (if
    /// `options.snapshotOnClose`), flushes and closes the journal and releases the directory lock.
    /// Safe to call twice.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        trigger.withLock { $0 }?.stop()
        expiryTimer.withLock { $0 }?.stop()
        store.setChangeHook { _ in throw PersistenceError.closed }
        let waiting = requests.withLock { requests in
            defer { requests = nil }
            return requests ?? []
        }
        var result: Result<SnapshotReport?, PersistenceError> = .failure(.closed)
        if options.snapshotOnClose || !waiting.isEmpty {
            do {
                result = .success(try snapshot())
            } catch {
                result = .failure(error)
            }
            logOutcome(result, reason: "shutdown")
        }
        for completion in waiting { completion(result) }
        log.close()
        gate.failPending(.journalClosed)
    }
}
