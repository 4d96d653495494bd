// SnapshotReport: what one snapshot wrote and where its time went, notably how long the store
// lock was held to take the frozen copy (the only part that stops writers).
import OrderlyDurability

/// The outcome of one snapshot.
public struct SnapshotReport: Sendable {
    /// The snapshot file's name in the data directory.
    public var file: String
    /// Every journal record up to this sequence is in the snapshot.
    public var coveredSequence: UInt64
    /// Orders in the snapshot.
    public var orders: Int
    /// Payload bytes.
    public var payloadBytes: UInt64
    /// Time the store lock was held to take the frozen copy.
    public var lockHeld: Duration
    /// Encoding the copy (background thread).
    public var encodeDuration: Duration
    /// Writing, syncing and renaming the file, then deleting what it made redundant.
    public var writeDuration: Duration
    /// Journal segments and older snapshots deleted.
    public var deletedFiles: [String]

    /// One line for the log.
    public func logLine(reason: String) -> String {
        "snapshot (\(reason)): \(file) covers seq \(coveredSequence), \(orders) orders, \(payloadBytes) bytes; "
            + "lock held \(RecoverySummary.microseconds(lockHeld)) us, encode \(RecoverySummary.milliseconds(encodeDuration)) ms, "
            + "write \(RecoverySummary.milliseconds(writeDuration)) ms; deleted \(deletedFiles.count) old files"
    }
}

/// Receives the result of a requested snapshot: the report, nil if nothing changed since the last
/// snapshot, or the failure.
public typealias SnapshotCompletion = @Sendable (Result<SnapshotReport?, PersistenceError>) -> Void
