// Durability: the public entry point of this module. It knows nothing about orders: records and
// snapshots are opaque bytes.
//
//     let (log, recovered) = try Durability.open(directory: "/var/lib/orderly")
//     // rebuild state: recovered.snapshot?.payload, then every recovered.records[i].payload
//     let sequence = try log.append(bytes) { result in /* durable (or failed): answer the client */ }
//     // later, on a background thread, with a frozen copy of the state at `covered`:
//     try log.writeSnapshot(coveringSequence: covered) { sink in try sink.write(chunk) }
//     log.close()
//
// Contract: `append` assigns sequence numbers in call order (call it under the store's lock so
// journal order = apply order) and returns at once; the completion runs once, on the journal's
// writer thread, after the record is durable under the `FsyncPolicy` (or with the failure). A
// failed write/fsync is sticky: every later append throws, so nothing is acknowledged that is not
// durable. A failed completion means "unknown", not "not written": the bytes may have reached the
// disk (e.g. when only the fsync failed) and then come back at recovery. Completions must be
// quick and must not call `close()`. Always call `close()`: it drains the queue and stops the
// writer thread, which otherwise keeps the log alive.
//
// Layout of a data directory: `LOCK` (flock), `journal-<first seq>.log` segments,
// `snapshot-<covered seq>.snap` files; `*.tmp` are unfinished snapshots (removed at open) and
// `*.dropped` are segments set aside by `truncateOnCorruption`. Sequence numbers start at 1.

/// Opens data directories.
public enum Durability {
    /// Creates `directory` if needed, locks it, removes unfinished snapshot files, recovers its
    /// state and opens the journal to continue after it. The lock is held until `close()`.
    public static func open(
        directory: String, options: JournalOptions = JournalOptions(), truncateOnCorruption: Bool = false
    ) throws(DurabilityError) -> (DurableLog, RecoveredState) {
        try open(directory: directory, options: options, truncateOnCorruption: truncateOnCorruption, faultInjection: nil)
    }

    /// ``open(directory:options:truncateOnCorruption:)`` with syscall faults injected (tests of
    /// this package: `faultInjection` returns the errno a named syscall should fail with).
    package static func open(
        directory: String, options: JournalOptions, truncateOnCorruption: Bool,
        faultInjection: (@Sendable (String) -> Int32?)?
    ) throws(DurabilityError) -> (DurableLog, RecoveredState) {
        do { try Syscall.makeDirectory(directory) } catch { throw .system(error) }
        let lock = try DataDirectoryLock(directory: directory)
        do {
            try removeTemporaryFiles(directory)
            let state = try Recovery.loadLocked(directory: directory, truncateOnCorruption: truncateOnCorruption)
            let journal = try Journal(
                directory: directory, nextSequence: state.lastSequence + 1, options: options,
                faultInjection: faultInjection)
            let log = DurableLog(
                directory: directory, journal: journal, lock: lock,
                snapshotSequence: state.snapshot?.sequence ?? 0,
                recoveredJournalBytes: UInt64(state.statistics.journalBytes))
            return (log, state)
        } catch {
            lock.release()
            throw error as? DurabilityError ?? .corruption(file: directory, offset: 0, reason: "\(error)")
        }
    }

    private static func removeTemporaryFiles(_ directory: String) throws(DurabilityError) {
        do {
            let names = try Syscall.listDirectory(directory).filter { $0.hasSuffix(DataDirectoryLayout.temporarySuffix) }
            for name in names { try Syscall.unlink(DataDirectoryLayout.path(directory, name)) }
        } catch {
            throw .system(error)
        }
    }
}
