// Recovery: rebuilds what a data directory holds: the newest valid snapshot plus every journal
// record after it, checking checksums and that sequences run on without gaps.
//
// Rules (documented for operators too):
// - Snapshots are tried newest first; one that fails verification is skipped (and reported in
//   `skippedSnapshots` with file and offset) in favour of an older one. The two newest snapshots
//   are kept, with the journal the older one needs, so this fallback normally loses nothing.
// - Never serve less than the directory held: when what was recovered ends before a snapshot
//   file (damaged or not) says it covers, or the journal starts after the chosen snapshot (its
//   earlier records lived only in a damaged snapshot), recovery throws `incompleteHistory`,
//   whatever `truncateOnCorruption` says: that flag is for journal damage only.
// - A damaged record with nothing valid after it (no resynchronisable record later in the file,
//   no record in a later segment) is a torn write from a crash: it is cut off and reported in
//   `tornTail`. Segments holding only a header after it are removed.
// - Any other damage throws `DurabilityError.corruption(file:offset:reason:)`, unless
//   `truncateOnCorruption` is set: then the file is cut at the damage, later segments are
//   renamed to `*.dropped`, the cut bytes are kept in `<segment>.cut-<offset>`, and
//   `truncatedAtCorruption`/`droppedFiles`/`cutFiles` say what went.
// - A missing directory, no files, empty files: an empty state.
#if canImport(Glibc)
import Glibc
#endif

/// Loads the durable state of a data directory.
public enum Recovery {
    /// Reads the newest valid snapshot and the journal records after it. Cuts off a torn tail
    /// (which needs write access to the directory); see the file header for the full rules.
    /// Takes the directory lock while it runs, so it can never cut the tail of a journal that a
    /// live process is writing: it fails with `directoryLocked` instead.
    public static func load(directory: String, truncateOnCorruption: Bool = false) throws(DurabilityError) -> RecoveredState {
        guard Syscall.isDirectory(directory) else {
            return RecoveredState(snapshot: nil, records: [], lastSequence: 0, statistics: RecoveryStatistics())
        }
        let lock = try DataDirectoryLock(directory: directory)
        defer { lock.release() }
        return try loadLocked(directory: directory, truncateOnCorruption: truncateOnCorruption)
    }

    /// Verifies a data directory without changing it and without its lock (`--check-data-dir`):
    /// the same checks as ``load(directory:truncateOnCorruption:)``, but a torn tail is only
    /// reported, never cut. A live server may be appending, so a torn tail can be its last write.
    public static func check(directory: String) throws(DurabilityError) -> RecoveredState {
        guard Syscall.isDirectory(directory) else {
            throw .system(SystemError(operation: "opendir", path: directory, errno: ENOENT))
        }
        return try loadLocked(directory: directory, truncateOnCorruption: false, readOnly: true)
    }

    /// ``load(directory:truncateOnCorruption:)`` for a caller that already holds the lock.
    static func loadLocked(
        directory: String, truncateOnCorruption: Bool, readOnly: Bool = false
    ) throws(DurabilityError) -> RecoveredState {
        let started = ContinuousClock.now
        var stats = RecoveryStatistics()
        guard Syscall.isDirectory(directory) else {
            return RecoveredState(snapshot: nil, records: [], lastSequence: 0, statistics: stats)
        }
        let snapshot = try newestValidSnapshot(directory, &stats)
        var reader = JournalReader(
            directory: directory, covered: snapshot?.sequence ?? 0,
            truncateOnCorruption: truncateOnCorruption, readOnly: readOnly, stats: stats)
        try reader.readAll()
        stats = reader.stats
        stats.duration = ContinuousClock.now - started
        let last = max(snapshot?.sequence ?? 0, reader.lastSequence ?? 0)
        try checkComplete(directory: directory, recoveredThrough: last, stats: stats)
        return RecoveredState(snapshot: snapshot, records: reader.records, lastSequence: last, statistics: stats)
    }

    /// Refuses a recovery that ends before some snapshot file says the directory reached.
    private static func checkComplete(
        directory: String, recoveredThrough last: UInt64, stats: RecoveryStatistics
    ) throws(DurabilityError) {
        let snapshots: [(coveredSequence: UInt64, name: String)]
        do { snapshots = try DataDirectoryLayout.snapshots(in: directory) } catch { throw .system(error) }
        guard let newest = snapshots.last, newest.coveredSequence > last else { return }
        throw incompleteHistory(
            directory,
            "snapshot \(newest.name) covers writes up to sequence \(newest.coveredSequence), but the intact files only reach \(last)",
            skipped: stats.skippedSnapshots)
    }

    /// The refusal for a directory without a complete history, naming the damaged snapshots.
    static func incompleteHistory(_ directory: String, _ reason: String, skipped: [String]) -> DurabilityError {
        let damage = skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))"
        return .incompleteHistory(directory: directory, reason: reason + damage)
    }

    private static func newestValidSnapshot(
        _ directory: String, _ stats: inout RecoveryStatistics
    ) throws(DurabilityError) -> RecoveredSnapshot? {
        let snapshots: [(coveredSequence: UInt64, name: String)]
        do { snapshots = try DataDirectoryLayout.snapshots(in: directory) } catch { throw .system(error) }
        for candidate in snapshots.reversed() {
            let path = DataDirectoryLayout.path(directory, candidate.name)
            do {
                var snapshot = try SnapshotFormat.read(path: path, name: candidate.name)
                guard snapshot.sequence == candidate.coveredSequence else {
                    throw DurabilityError.corruption(
                        file: path, offset: 16,
                        reason: "header covers sequence \(snapshot.sequence), file name says \(candidate.coveredSequence)")
                }
                stats.snapshotFile = candidate.name
                stats.snapshotBytes = snapshot.payload.count
                snapshot.file = candidate.name
                return snapshot
            } catch {
                stats.skippedSnapshots.append("\(error)")
            }
        }
        return nil
    }
}

/// Walks the journal segments in order; one instance per recovery.
private struct JournalReader {
    let directory: String
    let covered: UInt64
    let truncateOnCorruption: Bool
    /// Report, never change files (`--check-data-dir`).
    let readOnly: Bool
    var stats: RecoveryStatistics
    var records: [JournalRecord] = []
    /// The sequence of the last record read (covered or not); nil before the first.
    var lastSequence: UInt64?

    init(directory: String, covered: UInt64, truncateOnCorruption: Bool, readOnly: Bool, stats: RecoveryStatistics) {
        self.directory = directory
        self.covered = covered
        self.truncateOnCorruption = truncateOnCorruption
        self.readOnly = readOnly
        self.stats = stats
    }

    mutating func readAll() throws(DurabilityError) {
        let segments: [(firstSequence: UInt64, name: String)]
        do { segments = try DataDirectoryLayout.segments(in: directory) } catch { throw .system(error) }
        for (index, segment) in segments.enumerated() {
            // Every record of this segment is ≤ the next segment's first - 1: skip if covered.
            if index + 1 < segments.count, segments[index + 1].firstSequence <= covered + 1, lastSequence == nil {
                stats.segmentsCoveredBySnapshot += 1
                continue
            }
            let later = segments[(index + 1)...].map { DataDirectoryLayout.path(directory, $0.name) }
            let keepGoing = try read(segment: segment, laterFiles: later)
            if !keepGoing { return }
        }
    }

    /// Reads one segment; false when the rest of the journal was cut off and reading must stop.
    private mutating func read(segment: (firstSequence: UInt64, name: String), laterFiles: [String]) throws(DurabilityError) -> Bool {
        let path = DataDirectoryLayout.path(directory, segment.name)
        let bytes: [UInt8]
        do {
            let fd = try Syscall.open(path, O_RDONLY)
            defer { Syscall.close(fd) }
            bytes = try Syscall.read(fd, count: Int(try Syscall.size(fd)), at: 0)
        } catch {
            throw .system(error)
        }
        stats.segmentsRead += 1
        stats.journalBytes += Int64(bytes.count)
        let outcome: Result<Bool, DurabilityError> = bytes.withUnsafeBytes { raw in
            do throws(DurabilityError) {
                return .success(try scan(raw, path: path, nameSequence: segment.firstSequence, laterFiles: laterFiles))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private mutating func scan(
        _ bytes: UnsafeRawBufferPointer, path: String, nameSequence: UInt64, laterFiles: [String]
    ) throws(DurabilityError) -> Bool {
        let firstSequence: UInt64
        switch JournalFormat.decodeHeader(bytes) {
        case .success(let value):
            firstSequence = value
        case .failure(let failure):
            return try damage(at: 0, in: bytes, path: path, failure: failure, laterFiles: laterFiles, headerDamaged: true)
        }
        guard firstSequence == nameSequence else {
            throw DurabilityError.corruption(
                file: path, offset: 16, reason: "header says first sequence \(firstSequence), file name says \(nameSequence)")
        }
        var offset = JournalFormat.headerSize
        var firstInSegment = true
        while offset < bytes.count {
            switch JournalFormat.decodeRecord(in: bytes, at: offset) {
            case .damaged(let failure):
                return try damage(at: offset, in: bytes, path: path, failure: failure, laterFiles: laterFiles, headerDamaged: false)
            case .record(let sequence, let payload, let next):
                switch sequenceProblem(sequence, segmentFirst: firstInSegment ? firstSequence : nil) {
                case nil:
                    break
                case .historyGap(let reason):
                    // Not journal damage: the records before it lived only in a damaged snapshot.
                    // Cutting the (valid) journal would make it worse, so no flag allows it.
                    throw Recovery.incompleteHistory(directory, reason, skipped: stats.skippedSnapshots)
                case .damage(let reason):
                    return try damage(
                        at: offset, in: bytes, path: path, failure: .invalid(reason), laterFiles: laterFiles,
                        headerDamaged: false, resyncable: false)
                }
                firstInSegment = false
                lastSequence = sequence
                if sequence > covered {
                    records.append(JournalRecord(sequence: sequence, payload: Array(bytes[payload])))
                    stats.recordsReplayed += 1
                } else {
                    stats.recordsCovered += 1
                }
                offset = next
            }
        }
        return true
    }

    /// Why `sequence` cannot come next, or nil if it can. Records the snapshot covers only need
    /// to be contiguous among themselves; the first one after it must be exactly one above both
    /// the snapshot and the last record. (A snapshot may cover records that never reached the
    /// journal, if the process died before they were written: the journal then jumps past them.)
    /// What is wrong with a record's sequence: damage inside the journal, or a journal that
    /// starts after the snapshot in use (its earlier records are in no intact file).
    enum SequenceProblem {
        case damage(String)
        case historyGap(String)
    }

    private func sequenceProblem(_ sequence: UInt64, segmentFirst: UInt64?) -> SequenceProblem? {
        if let segmentFirst, sequence != segmentFirst {
            return .damage("first record has sequence \(sequence), the segment header says \(segmentFirst)")
        }
        if sequence <= covered {
            guard let lastSequence, sequence != lastSequence + 1 else { return nil }
            return .damage("expected sequence \(lastSequence + 1), found \(sequence)")
        }
        let expected = max(lastSequence ?? 0, covered) + 1
        if sequence == expected { return nil }
        if lastSequence == nil {
            return .historyGap(
                "the journal starts at sequence \(sequence) but the snapshot used covers only up to \(covered), so records \(covered + 1)…\(sequence - 1) are missing")
        }
        return .damage("expected sequence \(expected), found \(sequence)")
    }

    /// Handles damage at `offset`: a torn tail is cut and reading ends; other damage throws or,
    /// with `truncateOnCorruption`, is cut too along with every later segment.
    private mutating func damage(
        at offset: Int, in bytes: UnsafeRawBufferPointer, path: String, failure: FormatFailure,
        laterFiles: [String], headerDamaged: Bool, resyncable: Bool = true
    ) throws(DurabilityError) -> Bool {
        let laterHoldRecords = laterFiles.contains { Self.holdsRecords($0) }
        let torn = resyncable && !laterHoldRecords
            && (headerDamaged ? failure.isIncomplete : !hasValidRecord(after: offset, in: bytes))
        let dropped = DroppedTail(
            file: path, offset: Int64(offset), bytes: Int64(bytes.count - offset), reason: failure.reason)
        if torn {
            stats.tornTail = dropped
            if readOnly { return false }
            do throws(SystemError) {
                // A torn header means the file never held a record: nothing worth keeping.
                if headerDamaged { try Syscall.unlink(path) } else { try cut(path, at: offset, removeWhole: false) }
                for file in laterFiles { try Syscall.unlink(file) }
                if !laterFiles.isEmpty || headerDamaged { try Syscall.syncDirectory(directory) }
            } catch {
                throw .system(error)
            }
            return false
        }
        guard truncateOnCorruption else {
            throw DurabilityError.corruption(file: path, offset: Int64(offset), reason: failure.reason)
        }
        stats.truncatedAtCorruption = dropped
        do throws(SystemError) {
            if !headerDamaged {
                let side = path + ".cut-\(offset)"
                try Syscall.writeFile(side, Array(bytes[offset...]))
                stats.cutFiles.append(side)
            }
            try cut(path, at: offset, removeWhole: headerDamaged)
            for file in laterFiles {
                try Syscall.rename(file, file + DataDirectoryLayout.droppedSuffix)
                stats.droppedFiles.append(file)
            }
            try Syscall.syncDirectory(directory)
        } catch {
            throw .system(error)
        }
        return false
    }

    /// Truncates `path` to `offset` bytes durably, or renames it aside when its header is unusable.
    private func cut(_ path: String, at offset: Int, removeWhole: Bool) throws(SystemError) {
        if removeWhole {
            try Syscall.rename(path, path + DataDirectoryLayout.droppedSuffix)
            return
        }
        let fd = try Syscall.open(path, O_WRONLY)
        defer { Syscall.close(fd) }
        try Syscall.ftruncate(fd, length: Int64(offset))
        try Syscall.fsync(fd)
    }

    /// Whether some later offset holds a record that checks out and plausibly continues the
    /// journal: if so, the damage is in the middle, not a torn tail.
    private func hasValidRecord(after offset: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        let expected = (lastSequence ?? covered) + 1
        var candidate = offset + 1
        while candidate + JournalFormat.recordHeaderSize <= bytes.count {
            // Cheap filter first: a plausible sequence number, then the full checksum.
            if let sequence = bytes.readLittleEndian(UInt64.self, at: candidate + 8),
               sequence >= expected, sequence - expected <= UInt64(bytes.count / JournalFormat.recordHeaderSize),
               case .record = JournalFormat.decodeRecord(in: bytes, at: candidate) {
                return true
            }
            candidate += 1
        }
        return false
    }

    /// Whether a segment file is longer than a header, i.e. may hold records.
    private static func holdsRecords(_ path: String) -> Bool {
        guard let fd = try? Syscall.open(path, O_RDONLY) else { return true }
        defer { Syscall.close(fd) }
        return ((try? Syscall.size(fd)) ?? Int64.max) > Int64(JournalFormat.headerSize)
    }
}

extension FormatFailure {
    var isIncomplete: Bool {
        if case .incomplete = self { return true }
        return false
    }
}
