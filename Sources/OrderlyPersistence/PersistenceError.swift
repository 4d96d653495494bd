// PersistenceError: why a data directory could not be turned back into a store, or why a
// snapshot failed. Durability errors (corruption with file and offset, a locked directory, a
// failed journal) are passed through unchanged so their message names the file.
import OrderlyDurability

/// Errors from opening, snapshotting or closing a ``PersistentStore``.
public enum PersistenceError: Error, Sendable, CustomStringConvertible {
    /// The journal, snapshot files or directory lock refused (see its message).
    case durability(DurabilityError)
    /// A snapshot passed its checksum but its payload is not a store state this build can read.
    case undecodableSnapshot(file: String, reason: String)
    /// A journal record passed its checksum but is not a list of changes this build can read.
    case undecodableRecord(sequence: UInt64, reason: String)
    /// Writing a snapshot failed (nothing was replaced; the journal still holds everything).
    case snapshotFailed(reason: String)
    /// The store was closed.
    case closed

    public var description: String {
        switch self {
        case .durability(let error):
            "\(error)"
        case .undecodableSnapshot(let file, let reason):
            "snapshot \(file) cannot be decoded: \(reason)"
        case .undecodableRecord(let sequence, let reason):
            "journal record \(sequence) cannot be decoded: \(reason)"
        case .snapshotFailed(let reason):
            "snapshot failed: \(reason)"
        case .closed:
            "the persistent store is closed"
        }
    }
}
