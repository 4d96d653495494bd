// RecoverySummary: what start-up rebuilt from the data directory and how long each part took,
// with the one log line an operator reads to know whether anything was dropped.
import OrderlyDurability

/// An account of one recovery.
public struct RecoverySummary: Sendable {
    /// The durability layer's own account (snapshot used, segments, torn tail, truncation).
    public var durability: RecoveryStatistics
    /// The sequence the snapshot covers (0 without a snapshot).
    public var snapshotSequence: UInt64
    /// Journal records replayed on top of the snapshot.
    public var recordsReplayed: Int
    /// The last sequence in the directory; the next mutation gets the one after.
    public var lastSequence: UInt64
    /// Orders in the rebuilt store.
    public var orders: Int
    /// Order events retained for `from_sequence` replay after the rebuild.
    public var retainedEvents: Int = 0
    /// Reading and verifying files (the durability layer).
    public var readDuration: Duration
    /// Decoding the snapshot into a store state.
    public var decodeDuration: Duration
    /// Decoding and applying journal records.
    public var replayDuration: Duration

    /// Everything together.
    public var totalDuration: Duration { readDuration + decodeDuration + replayDuration }

    /// One line for the start-up log.
    public var logLine: String {
        var parts: [String] = []
        if let file = durability.snapshotFile {
            parts.append("snapshot \(file) (seq \(snapshotSequence), \(durability.snapshotBytes) bytes)")
        } else {
            parts.append("no snapshot")
        }
        parts.append("\(recordsReplayed) journal records replayed from \(durability.segmentsRead) segments")
        if let torn = durability.tornTail {
            parts.append("torn tail dropped: \(torn.bytes) bytes at \(torn.file) offset \(torn.offset) (\(torn.reason))")
        } else {
            parts.append("no torn tail")
        }
        if let cut = durability.truncatedAtCorruption {
            parts.append("TRUNCATED AT CORRUPTION: \(cut.bytes) bytes at \(cut.file) offset \(cut.offset) (\(cut.reason))")
        }
        if !durability.cutFiles.isEmpty {
            parts.append("cut bytes kept in: \(durability.cutFiles.joined(separator: ", "))")
        }
        if !durability.droppedFiles.isEmpty {
            parts.append("set aside: \(durability.droppedFiles.joined(separator: ", "))")
        }
        if !durability.skippedSnapshots.isEmpty {
            parts.append("skipped snapshots: \(durability.skippedSnapshots.joined(separator: "; "))")
        }
        parts.append("\(orders) orders, last sequence \(lastSequence), \(retainedEvents) events retained")
        parts.append("took \(Self.milliseconds(totalDuration)) ms (read \(Self.milliseconds(readDuration)), "
                     + "decode \(Self.milliseconds(decodeDuration)), replay \(Self.milliseconds(replayDuration)))")
        return "recovered: " + parts.joined(separator: "; ")
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
