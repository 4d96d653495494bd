// orderlyd's durability flags (--fsync, snapshot triggers, --truncate-corrupt-journal), kept next
// to each other and turned into PersistenceOptions once at start-up. --data-dir is in ServerOptions.
import ArgumentParser
import OrderlyDurability
import OrderlyPersistence

extension FsyncPolicy: ExpressibleByArgument {}

/// The flags that decide how writes are made durable and when snapshots are taken.
struct PersistenceFlags: ParsableArguments {
    @Option(help: "When a write is acknowledged: always (own fsync), batch (group commit), never (no fsync; benchmarks only).")
    var fsync: FsyncPolicy = .batch

    @Option(help: "Seconds between automatic snapshots while anything changed (0: off).")
    var snapshotInterval = 300.0

    @Option(help: "Take a snapshot once the journal since the last one exceeds this many bytes (0: off).")
    var snapshotJournalBytes: UInt64 = 64 << 20

    @Flag(help: "Start even if the journal is damaged: cut it at the damage (the cut bytes are kept in a .cut side file; writes after it are lost) instead of refusing. Never applies to damaged snapshots.")
    var truncateCorruptJournal = false

    @Option(help: "Order events kept (across restarts) for WatchOrders from_sequence; an older from_sequence answers OUT_OF_RANGE.")
    var eventRetention = 1_000_000

    @Option(name: .customLong("check-data-dir"), help: ArgumentHelp(
        "Verify the data directory DIR offline (snapshots, journal, that they decode and join up), print what it holds, and exit 0 (sound) or 1 (damaged).",
        valueName: "DIR"))
    var checkDataDir: String?

    func validate() throws {
        guard snapshotInterval >= 0, snapshotInterval.isFinite else {
            throw ValidationError("--snapshot-interval must be a non-negative number of seconds")
        }
        guard eventRetention >= 1 else { throw ValidationError("--event-retention must be at least 1") }
    }

    /// The options for ``PersistentStore/open(directory:options:clock:logger:)``.
    var options: PersistenceOptions {
        var options = PersistenceOptions()
        options.fsync = fsync
        options.truncateOnCorruption = truncateCorruptJournal
        options.snapshotInterval = snapshotInterval > 0 ? .milliseconds(Int64(snapshotInterval * 1000)) : nil
        options.snapshotJournalBytes = snapshotJournalBytes > 0 ? snapshotJournalBytes : nil
        options.store.retainedEvents = eventRetention
        return options
    }
}
