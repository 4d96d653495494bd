// DurableLog: an open data directory: the journal to append to, snapshots that let old journal
// segments go, and the directory lock. One per process per directory.
#if canImport(Glibc)
import Glibc
#endif
import OrderlyLocks

/// What ``DurableLog/writeSnapshot(coveringSequence:produce:)`` did.
public struct SnapshotOutcome: Sendable, Equatable {
    /// The snapshot's file name.
    public var file: String
    /// Payload bytes written.
    public var payloadBytes: UInt64
    /// Journal segments deleted because the snapshot covers all their records.
    public var deletedSegments: [String]
    /// Older snapshots deleted.
    public var deletedSnapshots: [String]
    /// Set when the snapshot is durable but deleting old files failed (they are retried next time).
    public var cleanupError: SystemError?
}

/// Counters for deciding when to snapshot.
public struct DurableLogStatistics: Sendable, Equatable {
    /// The journal's own counters.
    public var journal: JournalStatistics
    /// Journal bytes a recovery would replay on top of the latest snapshot (approximately:
    /// bytes written since the last snapshot started, plus what was recovered at open).
    public var journalBytesSinceSnapshot: UInt64
    /// The sequence the latest snapshot covers (0 if none).
    public var snapshotSequence: UInt64
}

/// An open, locked data directory: append records, write snapshots, close. Must be closed with
/// ``close()``: the journal's writer thread keeps it alive until then.
public final class DurableLog: @unchecked Sendable {
    /// The data directory.
    public let directory: String
    /// The journal; appends may also go to it directly.
    public let journal: Journal
    private let directoryLock: DataDirectoryLock
    private let lock = ConditionLock()
    private var snapshotInProgress = false
    private var snapshotSequence: UInt64
    private var bytesNotInSnapshot: UInt64
    private var writtenAtSnapshotStart: UInt64 = 0

    init(directory: String, journal: Journal, lock: DataDirectoryLock, snapshotSequence: UInt64, recoveredJournalBytes: UInt64) {
        self.directory = directory
        self.journal = journal
        self.directoryLock = lock
        self.snapshotSequence = snapshotSequence
        self.bytesNotInSnapshot = recoveredJournalBytes
    }

    /// Queues `payload`; see ``Journal/append(_:completion:)``.
    @discardableResult
    public func append(_ payload: [UInt8], completion: @escaping Journal.Completion) throws(DurabilityError) -> UInt64 {
        try journal.append(payload, completion: completion)
    }

    /// Queues several payloads with one completion; see ``Journal/append(contentsOf:completion:)``.
    @discardableResult
    public func append(
        contentsOf payloads: some Collection<[UInt8]>, completion: @escaping Journal.Completion
    ) throws(DurabilityError) -> UInt64 {
        try journal.append(contentsOf: payloads, completion: completion)
    }

    /// Writes a snapshot of the state as of `coveringSequence` (which must be assigned already),
    /// streamed by `produce`, then deletes journal segments and older snapshots it makes
    /// redundant. Run it on a background thread with a frozen copy of the state; appends carry
    /// on meanwhile. One snapshot at a time.
    @discardableResult
    public func writeSnapshot(coveringSequence sequence: UInt64, produce: (SnapshotSink) throws -> Void) throws -> SnapshotOutcome {
        let assigned = journal.lastAssignedSequence
        try beginSnapshot(sequence, assigned: assigned)
        defer { lock.withLock { snapshotInProgress = false } }
        // Later records go to a fresh segment, so the current ones can be deleted as a whole.
        journal.requestRotation()
        let writtenAtStart = journal.statistics.writtenBytes
        var payloadBytes: UInt64 = 0
        let file = try SnapshotWriter.write(directory: directory, coveredSequence: sequence) { sink in
            try produce(sink)
            payloadBytes = sink.byteCount
        }
        lock.withLock {
            snapshotSequence = sequence
            bytesNotInSnapshot = 0
            writtenAtSnapshotStart = writtenAtStart
        }
        var outcome = SnapshotOutcome(
            file: file, payloadBytes: payloadBytes, deletedSegments: [], deletedSnapshots: [], cleanupError: nil)
        do {
            try deleteRedundantFiles(coveredSequence: sequence, keeping: file, into: &outcome)
        } catch {
            outcome.cleanupError = error
        }
        return outcome
    }

    private func beginSnapshot(_ sequence: UInt64, assigned: UInt64) throws(DurabilityError) {
        lock.lock()
        defer { lock.unlock() }
        guard !snapshotInProgress else { throw DurabilityError.snapshotInProgress }
        guard sequence <= assigned else {
            throw DurabilityError.invalidSnapshotSequence(
                requested: sequence, reason: "only sequences up to \(assigned) have been assigned")
        }
        guard sequence >= snapshotSequence else {
            throw DurabilityError.invalidSnapshotSequence(
                requested: sequence, reason: "a snapshot already covers \(snapshotSequence)")
        }
        snapshotInProgress = true
    }

    /// Keeps the two newest snapshots and the journal the older of them needs, so that a
    /// damaged newest snapshot can be replaced by the older one plus the journal: deletes older
    /// snapshots, and segments whose records are all covered by the older kept snapshot (a
    /// segment's last record is the next segment's first minus one), never the one being written.
    private func deleteRedundantFiles(
        coveredSequence: UInt64, keeping file: String, into outcome: inout SnapshotOutcome
    ) throws(SystemError) {
        let snapshots = try DataDirectoryLayout.snapshots(in: directory).filter { $0.coveredSequence <= coveredSequence }
        let kept = snapshots.suffix(Self.snapshotsKept)
        for snapshot in snapshots.dropLast(Self.snapshotsKept) where snapshot.name != file {
            try Syscall.unlink(DataDirectoryLayout.path(directory, snapshot.name))
            outcome.deletedSnapshots.append(snapshot.name)
        }
        // With a single snapshot, nothing older can take its place: keep the whole journal.
        let needed = kept.count == Self.snapshotsKept ? kept.first!.coveredSequence : 0
        let segments = try DataDirectoryLayout.segments(in: directory)
        let current = journal.currentSegmentFirstSequence
        for index in segments.indices.dropLast()
        where needed > 0 && segments[index + 1].firstSequence <= needed + 1 && segments[index].firstSequence != current {
            try Syscall.unlink(DataDirectoryLayout.path(directory, segments[index].name))
            outcome.deletedSegments.append(segments[index].name)
        }
        try Syscall.syncDirectory(directory)
    }

    /// Snapshots kept after each new one: the newest, and one to fall back on.
    static let snapshotsKept = 2

    /// Current counters, including journal bytes since the last snapshot (a size trigger).
    public var statistics: DurableLogStatistics {
        let journalStats = journal.statistics
        return lock.withLock {
            DurableLogStatistics(
                journal: journalStats,
                journalBytesSinceSnapshot: bytesNotInSnapshot + journalStats.writtenBytes - min(writtenAtSnapshotStart, journalStats.writtenBytes),
                snapshotSequence: snapshotSequence)
        }
    }

    /// Flushes and closes the journal, then releases the directory lock. Safe to call twice.
    public func close() {
        journal.close()
        directoryLock.release()
    }
}
