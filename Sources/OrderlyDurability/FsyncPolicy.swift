// FsyncPolicy and JournalOptions: how hard the journal works to make an append durable before
// its completion runs, and how big a segment may grow.

/// When an appended record counts as durable (and its completion runs).
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// One write and one fdatasync per append call: no sharing of fsyncs at all.
    case always
    /// Group commit (the default): everything queued is written at once and shares one fdatasync;
    /// completions run after it returns.
    case batch
    /// Completions run right after write(): survives a process crash, not a power cut. Benchmarks only.
    case never
}

/// Tuning for a ``Journal``.
public struct JournalOptions: Sendable {
    /// When completions may run; default ``FsyncPolicy/batch``.
    public var policy: FsyncPolicy
    /// A segment that has grown past this many bytes is closed and a new one started
    /// (default 64 MiB), so old records can be deleted after a snapshot.
    public var segmentSizeLimit: Int

    /// Creates options; the defaults are group commit and 64 MiB segments.
    public init(policy: FsyncPolicy = .batch, segmentSizeLimit: Int = 64 << 20) {
        self.policy = policy
        self.segmentSizeLimit = segmentSizeLimit
    }
}

/// Counters describing what the journal has done since it was opened.
public struct JournalStatistics: Sendable, Equatable {
    /// Records accepted by `append` (queued or written).
    public var appendedRecords: UInt64 = 0
    /// Records written and durable under the policy.
    public var durableRecords: UInt64 = 0
    /// Bytes written to segment files (headers included).
    public var writtenBytes: UInt64 = 0
    /// Batches written; each is one write syscall.
    public var batches: UInt64 = 0
    /// fdatasync/fsync calls on segment files.
    public var syncs: UInt64 = 0
    /// The largest batch, in records.
    public var largestBatch: Int = 0
    /// The highest sequence whose completion has run (or is about to).
    public var durableSequence: UInt64 = 0
    /// Segment files created.
    public var segmentsCreated: UInt64 = 0
}
