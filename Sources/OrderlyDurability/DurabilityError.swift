// DurabilityError: everything the durability layer can refuse or fail with, each case carrying
// enough (file, offset, directory, the failed syscall) to act on the log line alone.

/// Errors from the journal, snapshots, recovery and the data directory lock.
public enum DurabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Damaged bytes in `file` at byte `offset`; recovery stops rather than guess.
    case corruption(file: String, offset: Int64, reason: String)
    /// Another process (or another open in this one) holds the data directory.
    case directoryLocked(directory: String)
    /// A write or fsync failed earlier; the journal refuses all further appends (sticky).
    case journalFailed(SystemError)
    /// The journal was closed.
    case journalClosed
    /// A syscall failed outside the journal's writer (open, rename, listing, …).
    case system(SystemError)
    /// A snapshot was asked for a sequence the journal has not assigned or an older one.
    case invalidSnapshotSequence(requested: UInt64, reason: String)
    /// A snapshot is already being written.
    case snapshotInProgress
    /// What is left in the directory does not add up to everything it once held (for example
    /// the newest snapshot is damaged and the journal it replaced is gone): starting would serve
    /// less than was acknowledged, so recovery refuses. `reason` says what is missing and why.
    case incompleteHistory(directory: String, reason: String)

    /// A one-line message for logs.
    public var description: String {
        switch self {
        case .corruption(let file, let offset, let reason):
            "corruption in \(file) at offset \(offset): \(reason)"
        case .directoryLocked(let directory):
            "data directory \(directory) is locked by another process (or already open in this one)"
        case .journalFailed(let error):
            "journal failed and refuses further writes: \(error)"
        case .journalClosed:
            "journal is closed"
        case .system(let error):
            "\(error)"
        case .invalidSnapshotSequence(let requested, let reason):
            "cannot snapshot at sequence \(requested): \(reason)"
        case .snapshotInProgress:
            "a snapshot is already being written"
        case .incompleteHistory(let directory, let reason):
            "data directory \(directory) does not hold a complete history: \(reason). Refusing to start rather than serve less than was acknowledged. Restore the directory from a backup, or move the damaged files aside (knowing the writes only they held are lost) and start again; `orderlyd --check-data-dir \(directory)` shows what is there"
        }
    }
}
