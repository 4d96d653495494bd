// The journal's exported metric: how long each fdatasync of a segment takes
// (orderly_journal_fsync_seconds). Process-wide, like the journal's one writer thread.
import OrderlyMetrics

/// Durability metrics, read by the metrics endpoint.
public enum JournalMetrics {
    /// Duration of every segment fdatasync.
    public static let fsyncSeconds = Histogram(bounds: Histogram.fsyncBounds)
}
