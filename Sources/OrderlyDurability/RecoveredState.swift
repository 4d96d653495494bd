// RecoveredState and RecoveryStatistics: what recovery hands back at start-up: the newest valid
// snapshot, the journal records after it, and an account of anything skipped, dropped or cut.

/// What a data directory held: a snapshot (if any) and the journal records after it, in order.
public struct RecoveredState: Sendable {
    /// The newest valid snapshot, or nil if there is none.
    public var snapshot: RecoveredSnapshot?
    /// Every journal record with a sequence above the snapshot's, contiguous and in order.
    public var records: [JournalRecord]
    /// The highest sequence in the snapshot or the journal (0 for an empty directory); the next
    /// append gets `lastSequence + 1`.
    public var lastSequence: UInt64
    /// What recovery read, skipped and dropped, for the caller to log.
    public var statistics: RecoveryStatistics
}

/// Bytes recovery cut off a journal segment, and why.
public struct DroppedTail: Sendable, Equatable {
    /// The segment file's path.
    public var file: String
    /// Where the cut was made: the file now ends here.
    public var offset: Int64
    /// How many bytes were removed.
    public var bytes: Int64
    /// What was wrong at `offset`.
    public var reason: String
}

/// Counts, sizes and timings of one recovery, plus everything it had to skip or drop.
public struct RecoveryStatistics: Sendable, Equatable {
    /// The snapshot used, if any.
    public var snapshotFile: String?
    /// Its payload size in bytes.
    public var snapshotBytes: Int = 0
    /// Newer snapshots that failed verification and were passed over, with file, offset and
    /// reason (logged at error level: a disk or operator problem).
    public var skippedSnapshots: [String] = []
    /// Side files holding bytes that `truncateOnCorruption` cut from the journal.
    public var cutFiles: [String] = []
    /// Journal segment files read.
    public var segmentsRead: Int = 0
    /// Segment files not read because the snapshot covers all their records.
    public var segmentsCoveredBySnapshot: Int = 0
    /// Records returned (sequence above the snapshot's).
    public var recordsReplayed: Int = 0
    /// Records read but already covered by the snapshot.
    public var recordsCovered: Int = 0
    /// Bytes of journal files read.
    public var journalBytes: Int64 = 0
    /// An incomplete last record (a write torn by a crash) that was cut off. It was never
    /// acknowledged under `.always`/`.batch`, so nothing acknowledged is lost.
    public var tornTail: DroppedTail?
    /// Damage cut off because `truncateOnCorruption` was set: acknowledged data may be lost here.
    public var truncatedAtCorruption: DroppedTail?
    /// Segment files after the damage, renamed to `*.dropped` because `truncateOnCorruption` was set.
    public var droppedFiles: [String] = []
    /// Wall time the recovery took.
    public var duration: Duration = .zero
}
