// Snapshots of a PersistentStore: the frozen copy is taken under the store lock together with the
// sequence of the last journaled mutation (the hook runs under that lock, so the pair is
// consistent), then encoded and written off the lock; writers carry on meanwhile. Triggers: a
// timer, the journal size since the last snapshot, requests (SIGUSR1, the admin RPC) and close.
import OrderlyDomain
import OrderlyDurability

/// Timing of automatic snapshots, guarded by the snapshot mutex.
struct SnapshotBookkeeping {
    var lastSnapshot = ContinuousClock.now
    /// After a failure, automatic snapshots wait a while instead of retrying every tick.
    var retryAfter: ContinuousClock.Instant?
}

extension PersistentStore {
    /// Writes a snapshot now, on the calling thread (one at a time). Returns nil when nothing was
    /// journaled since the last snapshot. Writers are paused only while the copy is taken.
    @discardableResult
    public func snapshot() throws(PersistenceError) -> SnapshotReport? {
        try snapshotting.withLock { book throws(PersistenceError) -> SnapshotReport? in
            do throws(PersistenceError) {
                let report = try writeSnapshot()
                book.lastSnapshot = .now
                book.retryAfter = nil
                return report
            } catch {
                book.retryAfter = .now + .seconds(10)
                throw error
            }
        }
    }

    private func writeSnapshot() throws(PersistenceError) -> SnapshotReport? {
        let started = ContinuousClock.now
        // The copy shares storage with the live state; it is dropped right after encoding so
        // that later mutations stop paying for copy-on-write as soon as possible.
        var frozen: (state: StoreState, covered: UInt64)? = store.read { ($0, gate.lastAppendedSequence) }
        let copied = ContinuousClock.now
        guard let covered = frozen?.covered, covered > log.statistics.snapshotSequence else { return nil }
        let orders = frozen?.state.orderCount ?? 0
        let payload = frozen?.state.encode() ?? []
        frozen = nil
        let encoded = ContinuousClock.now
        let outcome: SnapshotOutcome
        do {
            outcome = try log.writeSnapshot(coveringSequence: covered) { sink in try sink.write(payload) }
        } catch let error as DurabilityError {
            throw .durability(error)
        } catch {
            throw .snapshotFailed(reason: "\(error)")
        }
        if let cleanup = outcome.cleanupError {
            logger.warning("snapshot \(outcome.file) is durable but old files could not be deleted (retried next time): \(cleanup)")
        }
        return SnapshotReport(
            file: outcome.file, coveredSequence: covered, orders: orders, payloadBytes: outcome.payloadBytes,
            lockHeld: copied - started, encodeDuration: encoded - copied, writeDuration: .now - encoded,
            deletedFiles: outcome.deletedSegments + outcome.deletedSnapshots)
    }

    /// Asks the background thread for a snapshot soon (SIGUSR1, the admin RPC); `completion`
    /// runs on that thread with the outcome (or with the shutdown snapshot's, if `close()` comes
    /// first). Fails at once if the store is closed.
    public func requestSnapshot(completion: @escaping SnapshotCompletion = { _ in }) {
        let accepted = requests.withLock { requests in
            requests?.append(completion)
            return requests != nil
        }
        if !accepted { completion(.failure(.closed)) }
    }

    func startTriggers() {
        let thread = PollingThread(interval: options.triggerCheckInterval) { [self] in checkTriggers() }
        if thread == nil {
            logger.error("could not start the snapshot thread: snapshots only on request and at shutdown")
        }
        trigger.withLock { $0 = thread }
    }

    /// One round of the background thread: serve requests, then the timer and size triggers.
    private func checkTriggers() {
        let waiting = requests.withLock { requests in
            defer { if requests != nil { requests = [] } }
            return requests ?? []
        }
        if !waiting.isEmpty {
            let result: Result<SnapshotReport?, PersistenceError>
            do {
                result = .success(try snapshot())
            } catch {
                result = .failure(error)
            }
            logOutcome(result, reason: "requested")
            for completion in waiting { completion(result) }
            return
        }
        guard let reason = dueReason() else { return }
        let result: Result<SnapshotReport?, PersistenceError>
        do {
            result = .success(try snapshot())
        } catch {
            result = .failure(error)
        }
        logOutcome(result, reason: reason)
    }

    /// Why an automatic snapshot is due now, if it is.
    private func dueReason() -> String? {
        let book = snapshotting.withLock { $0 }
        let now = ContinuousClock.now
        if let retryAfter = book.retryAfter, now < retryAfter { return nil }
        let stats = log.statistics
        guard gate.lastAppendedSequence > stats.snapshotSequence else { return nil }
        if let limit = options.snapshotJournalBytes, stats.journalBytesSinceSnapshot >= limit {
            return "journal \(stats.journalBytesSinceSnapshot) bytes"
        }
        if let interval = options.snapshotInterval, now - book.lastSnapshot >= interval {
            return "interval"
        }
        return nil
    }

    func logOutcome(_ result: Result<SnapshotReport?, PersistenceError>, reason: String) {
        switch result {
        case .success(let report?):
            logger.info("\(report.logLine(reason: reason))")
        case .success(nil):
            logger.info("snapshot (\(reason)): nothing changed since the last one")
        case .failure(let error):
            logger.error("snapshot (\(reason)) failed; the journal still holds every write: \(error)")
        }
    }
}
