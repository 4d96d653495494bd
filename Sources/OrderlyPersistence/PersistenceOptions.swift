// PersistenceOptions: how hard the journal syncs, what recovery may cut, and when snapshots are
// taken. Parsed once at start-up from orderlyd's flags; the defaults are the documented ones.
import OrderlyDomain
import OrderlyDurability

/// Settings of a ``PersistentStore``.
public struct PersistenceOptions: Sendable {
    /// When an appended record counts as durable; default ``FsyncPolicy/batch`` (group commit).
    public var fsync: FsyncPolicy = .batch
    /// Cut the journal at damage instead of refusing to start (data after the damage is set aside).
    public var truncateOnCorruption = false
    /// Take a snapshot this often while anything changed; nil turns the timer off. Default 5 min.
    public var snapshotInterval: Duration? = .seconds(300)
    /// Take a snapshot once the journal since the last one has grown past this many bytes; nil
    /// turns the trigger off. Default 64 MiB (about 200k CreateOrder records, a second or two of
    /// replay), which keeps recovery of a 1M-order store well under ten seconds.
    public var snapshotJournalBytes: UInt64? = 64 << 20
    /// Write a snapshot in ``PersistentStore/close()`` so the next start has no journal to replay.
    public var snapshotOnClose = true
    /// Journal segment size (see ``JournalOptions/segmentSizeLimit``).
    public var segmentSizeLimit = 64 << 20
    /// How often the background thread checks the snapshot triggers.
    public var triggerCheckInterval: Duration = .milliseconds(100)
    /// How often the expiry timer looks at the next cart reservation expiry (a read of one
    /// heap top under the store lock); an expiry runs at most this long after its time.
    public var reservationExpiryCheckInterval: Duration = .milliseconds(100)
    /// Settings of the store that is built.
    public var store = OrderStore.Configuration()

    /// The defaults.
    public init() {}
}
